"""Leaders' grassroots work (F8) in a real browser on a 360-px phone: the demo's city leader
logs a day offline (with the phone's position) and sees the count go up at once — a second
record of the same date adds nothing — then it syncs and the server counts the same; a
provincial leader's visit with four people from provincial departments is warned about and
cannot be saved without the reason, and a refused one is corrected from 同步; a report's file
is checked on the phone, judged by the server, and sent with the report."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from qzapp.clock import today
from tests.factories import PASSWORD
from tests.test_leaders import pdf_bytes

from .helpers import log_in, rows, shot, wait_for_first_sync, wait_for_synced, wait_for_worker

pytestmark = pytest.mark.browser

SCREENS = ["leader", "leader-day", "leader-visit", "leader-report", "sync", "home"]


def go(page, hash_):
    """Open a screen by its address, as a tap on a link would (no reload)."""
    page.evaluate("(h) => { location.hash = h; }", hash_)


def load_screens(page):
    """Load the leaders' screens' code while online."""
    page.evaluate("(names) => Promise.all(names.map((n) => import(`/js/views/${n}.js`)))",
                  SCREENS)


def server_year(page, url):
    """The signed-in leader's year as the server answers it now."""
    answer = page.request.get(url + "/api/leaders/me")
    assert answer.ok, answer.text()
    return answer.json()


def fits_the_phone(page):
    """Nothing is wider than the 360-px screen, and every tab stays thumb-sized."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for tab in page.locator("#tabbar .tab").all():
        box = tab.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        assert tab.locator("span").first.evaluate("(s) => s.scrollWidth <= s.clientWidth")


def test_a_day_logged_offline_counts_at_once_and_on_the_server(
        page, context, server_url, live_app, accounts, page_errors):
    database = live_app.config["DATABASE"]
    mayor = accounts["mayor"]["id"]
    day = today().isoformat()
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 30.6602, "longitude": 104.0633, "accuracy": 20})
    log_in(page, server_url, "mayor")
    wait_for_worker(page)
    wait_for_first_sync(page)
    load_screens(page)
    before = server_year(page, server_url)["days"]["count"]
    home = page.locator("[data-section=leader]")
    expect(home.locator("[data-days-count]")).to_have_text(str(before))
    expect(home.locator("[data-days-target]")).to_have_attribute("data-days-target", "90")

    page.locator("#tabbar").get_by_role("link", name="基层工作").click()
    summary = page.locator("[data-leader-summary]")
    expect(page.locator("[data-fresh]")).to_be_visible()
    expect(summary.locator("[data-days-count]")).to_have_text(str(before))
    expect(summary.locator("[data-per-week]")).to_contain_text("每周还需")
    expect(summary.locator("[data-contacts]")).to_contain_text("青山村")
    fits_the_phone(page)
    shot(page, "leader-year")

    context.set_offline(True)
    summary.locator("[data-log-day]").click()
    form = page.locator("[data-leader-day]")
    expect(form.get_by_label("日期")).to_have_value(day)
    form.get_by_label("地点", exact=True).fill("石桥村便民服务中心")
    form.get_by_label("联系点").select_option(label="青山村")
    form.get_by_role("button", name="定位").click()
    expect(form.locator("[data-location-done]")).to_be_visible()
    form.get_by_role("button", name="保存").click()
    expect(form.locator("[data-error-for=done]")).to_have_text("必填")
    form.get_by_label("做了什么").fill("走访石桥村困难户，协调危房改造")
    fits_the_phone(page)
    form.get_by_role("button", name="保存").click()

    expect(summary.locator("[data-days-count]")).to_have_text(str(before + 1))
    today_row = page.locator(f"[data-list=days] [data-day='{day}']")
    expect(today_row).to_contain_text("待同步")
    expect(page.locator("[data-stale]")).to_be_visible()
    shot(page, "leader-day-offline")
    # A second record of a date already counted adds no day.
    summary.locator("[data-log-day]").click()
    form.get_by_label("做了什么").fill("下午参加村民院坝会")
    form.get_by_role("button", name="保存").click()
    expect(today_row).to_be_visible()
    expect(summary.locator("[data-days-count]")).to_have_text(str(before + 1))
    go(page, "#/home")
    expect(home.locator("[data-days-count]")).to_have_text(str(before + 1))
    fits_the_phone(page)
    shot(page, "leader-home")

    context.set_offline(False)
    wait_for_synced(page)
    logged = rows(database, "SELECT place, place_node_id, lat, node_id FROM grassroots_days"
                  " WHERE created_by = ? AND day = ? ORDER BY rowid", [mayor, day])
    assert len(logged) == 2
    assert logged[0]["place"] == "石桥村便民服务中心" and logged[0]["lat"] == 30.6602
    assert logged[0]["place_node_id"] == rows(database, "SELECT id FROM org_nodes"
                                              " WHERE name = '青山村'")[0]["id"]
    assert server_year(page, server_url)["days"]["count"] == before + 1
    go(page, "#/leader")
    expect(page.locator("[data-fresh]")).to_be_visible()
    expect(summary.locator("[data-days-count]")).to_have_text(str(before + 1))
    expect(today_row).not_to_contain_text("待同步")
    today_row.click()   # one of my days opens in its form, to be changed
    edit = page.locator("[data-leader-day]")
    expect(edit.locator(".form-title")).to_have_text("修改基层工作日")
    expect(edit.get_by_label("日期")).to_have_value(day)
    expect(edit.get_by_label("做了什么")).not_to_have_value("")


def over_the_rule(form, heads):
    """Fill a visit's form, the entourage as given."""
    form.get_by_label("调研主题").fill("防汛减灾")
    form.get_by_label("调研地点").fill("示范县青山乡")
    for origin, count in heads.items():
        form.get_by_label(origin, exact=True).fill(str(count))


def test_a_provincial_leaders_entourage_over_the_rule_needs_the_reason(
        page, server_url, live_app, make_account, page_errors):
    database = live_app.config["DATABASE"]
    governor = make_account("gov", node="四川省", roles=["leader"], name="孙省长")
    log_in(page, server_url, "gov", PASSWORD)
    wait_for_first_sync(page)
    go(page, "#/leader-visit")
    form = page.locator("[data-leader-visit]")
    expect(form).to_contain_text("省直部门不超过 3 人")
    warning = form.locator("[data-over-warning]")
    expect(warning).to_be_hidden()
    over_the_rule(form, {"省直部门": 4, "市（州）": 3, "县（市、区）": 1})
    expect(warning).to_be_visible()
    expect(warning).to_have_text("随行人员超出规定（省直部门），请说明原因")
    reason = form.get_by_label("超出原因")
    expect(reason).to_be_visible()
    fits_the_phone(page)
    shot(page, "leader-visit-over")
    form.get_by_role("button", name="保存").click()
    expect(form.locator("[data-error-for=over_reason]")).to_have_text(
        "随行人员超出规定（省直部门），请说明原因")
    expect(page.locator(".sync-badge")).to_have_attribute("data-pending", "0")
    form.get_by_label("省直部门", exact=True).fill("3")
    expect(warning).to_be_hidden()
    form.get_by_label("县（市、区）", exact=True).fill("2")
    expect(warning).to_have_text("随行人员超出规定（县（市、区）），请说明原因")
    reason.fill("汛情紧急，需县应急局同志现场对接")
    form.get_by_role("button", name="保存").click()

    visit = page.locator("[data-list=visits] [data-visit]")
    expect(visit).to_contain_text("防汛减灾")
    expect(visit.locator("[data-over-limit]")).to_be_visible()
    expect(page.locator("[data-over-stat] .stat-value")).to_have_text("1")
    expect(visit.locator("[data-local]")).to_have_count(0)   # sent, and taken
    [row] = rows(database, "SELECT over_limit, over_reason, entourage_county FROM"
                 " research_visits WHERE created_by = ?", [governor["id"]])
    assert (row["over_limit"], row["entourage_county"]) == (1, 2)

    # A visit the phone sends without the reason (an older version of the app, say) is
    # refused with the server's words, named on 同步, and corrected in its form.
    page.evaluate("""(day) => import('/js/outbox.js').then((m) => m.saveLocal('research_visit', {
        kind: 'random', starts_on: day, places: '青山村', topic: '秸秆禁烧',
        entourage_provincial: 5 }))""", today().isoformat())
    go(page, "#/sync")
    refused = page.locator(".rejected-entry")
    expect(refused).to_contain_text("调研：秸秆禁烧")
    expect(refused).to_contain_text("超出原因：随行人员超出规定（省直部门），请说明原因")
    refused.get_by_role("link", name="修改后重新提交").click()
    fix = page.locator("[data-leader-visit]")
    expect(fix.get_by_label("调研主题")).to_have_value("秸秆禁烧")
    expect(fix.locator("[data-error-for=over_reason]")).to_contain_text("请说明原因")
    fix.get_by_label("超出原因").fill("省里专项督查组")
    fix.get_by_role("button", name="保存").click()
    expect(page.locator(".sync-status")).to_be_visible()     # back on 同步, drawn from the outbox
    expect(page.locator(".pending-entry")).to_have_count(0)  # sent, and taken
    expect(page.locator(".rejected-entry")).to_have_count(0)
    assert len(rows(database, "SELECT 1 FROM research_visits WHERE created_by = ?",
                    [governor["id"]])) == 2


def test_a_reports_file_is_checked_then_sent_with_the_report(
        page, server_url, live_app, accounts, tmp_path, page_errors):
    database = live_app.config["DATABASE"]
    good = tmp_path / "青山村饮水调研.pdf"
    good.write_bytes(pdf_bytes("water"))
    fake = tmp_path / "not-a-report.pdf"
    fake.write_bytes(b"just some text, not a PDF at all")
    notes = tmp_path / "notes.txt"
    notes.write_text("notes")
    log_in(page, server_url, "mayor")
    wait_for_first_sync(page)
    go(page, "#/leader")
    expect(page.locator("[data-reports-needed]")).to_be_visible()
    page.get_by_role("link", name="写调研报告").click()
    form = page.locator("[data-leader-report]")
    form.get_by_label("报告标题").fill("关于农村饮水安全的调研报告")
    form.get_by_role("button", name="保存").click()
    expect(form.locator("[data-error-for=body]")).to_have_text("请填写报告正文或上传报告文件")
    pick = form.locator("[data-file-input]")
    pick.set_input_files(str(notes))     # refused on the phone, by its name
    expect(form.locator("[data-error-for=document]")).to_contain_text("只能上传 PDF 或 Word")
    pick.set_input_files(str(fake))      # refused by the server, by its bytes
    expect(form.locator("[data-error-for=document]")).to_have_text(
        "只能上传 PDF 或 Word 文件（.pdf、.docx、.doc），该文件不是")
    pick.set_input_files(str(good))
    expect(form.locator("[data-document]")).to_contain_text("青山村饮水调研.pdf")
    form.get_by_label("农村饮水安全").check()
    fits_the_phone(page)
    shot(page, "leader-report")
    form.get_by_role("button", name="保存").click()
    report_row = page.locator("[data-list=reports] [data-report]")
    expect(report_row).to_contain_text("关于农村饮水安全的调研报告")
    expect(report_row.locator("[data-local]")).to_have_count(0)   # sent, and taken
    [report] = rows(database, "SELECT document, document_name, visit_ids, year FROM"
                    " research_reports WHERE created_by = ?", [accounts["mayor"]["id"]])
    assert report["document_name"] == "青山村饮水调研.pdf" and len(report["document"]) == 64
    assert report["year"] == today().year and len(report["visit_ids"]) > 2
    expect(page.locator("[data-reports-stat]")).to_have_attribute("data-met", "true")


FOLD = """async ({ answer, records, year, today }) => {
  const { foldYear } = await import("/js/leaders/year.js");
  const user = { id: 7, node: { kind: "city" } };
  const mine = (entity, list) => list.map((r) => ({ entity, created_by: 7, ...r,
    data: { created_by: 7, ...r.data } }));
  const folded = foldYear(answer, { grassroots_day: mine("grassroots_day", records.days),
    research_visit: mine("research_visit", records.visits), research_report: [] },
    { year, today, user });
  return { count: folded.days.count, days: folded.days.list.map((d) => d.day),
           remaining: folded.days.remaining, target: folded.days.target,
           visits: folded.visits.list.map((v) => [v.id, v.over_limit]) };
}"""


def test_the_phone_folds_its_own_records_into_the_kept_answer(page, server_url):
    """Each date once: a pending day on a date the answer proves adds nothing, on a new date
    one; a day already in the answer is not counted twice; a refused one not at all; a
    pending visit adds its days in the year; with no answer, the level's default target."""
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    year = today().year
    first = dt.date(year, 3, 1)
    answer = {"leader": {"level": "city"}, "targets": {"days_per_year": 90},
              "days": {"list": [{"day": first.isoformat(), "sources": [
                  {"kind": "diary", "id": "d1", "place": None}]},
                  {"day": f"{year}-03-02", "sources": [{"kind": "logged", "id": "l1"}]}]},
              "visits": {"list": []}, "reports": {"list": []}}
    records = {"days": [
        {"id": "n1", "status": "pending", "data": {"id": "n1", "day": first.isoformat()}},
        {"id": "n2", "status": "pending", "data": {"id": "n2", "day": f"{year}-03-05"}},
        {"id": "l1", "status": "synced", "data": {"id": "l1", "day": f"{year}-03-02"}},
        {"id": "r1", "status": "rejected", "data": {"id": "r1", "day": f"{year}-03-09"}},
    ], "visits": [{"id": "v1", "status": "pending", "data": {
        "id": "v1", "kind": "squat", "starts_on": f"{year - 1}-12-30", "ends_on": f"{year}-01-02",
        "places": "村", "topic": "题", "entourage_city": 9}}]}
    args = {"answer": answer, "records": records, "year": year,
            "today": dt.date(year, 6, 1).isoformat()}
    folded = page.evaluate(FOLD, args)
    assert folded["days"] == [f"{year}-01-01", f"{year}-01-02", first.isoformat(),
                              f"{year}-03-02", f"{year}-03-05"]
    assert (folded["count"], folded["remaining"]) == (5, 85)
    assert folded["visits"] == [["v1", False]]   # a city leader's visit has no head rule
    alone = page.evaluate(FOLD, {**args, "answer": None})
    assert (alone["count"], alone["target"]) == (5, 90)
