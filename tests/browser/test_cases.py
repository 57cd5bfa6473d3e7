"""The ledger's screens in a real browser on a 360-px phone: a case taken in offline from a
diary and handled to its close, the same case closed on two phones offline, the countdown the
phone counts offline against the server's, and a resident's text that is never run as HTML."""
import json

import pytest
from playwright.sync_api import expect

from bench.phone_cases_bench import MANY_CASES, OPEN_CASES
from tests.images import phone_jpeg

from .helpers import (
    known_ids,
    log_in,
    new_rows,
    other_phone,
    rows,
    shot,
    wait_for_first_sync,
    wait_for_picture,
    wait_for_synced,
    wait_for_worker,
)

pytestmark = pytest.mark.browser

HOUSING = "连日降雨，房屋后墙出现裂缝，担心垮塌"   # a demo case in progress, the secretary's
EVIL = "<img src=x onerror=alert(1)>"


def go(page, hash_):
    """Open a screen by its address, as a tap on a link would (no reload)."""
    page.evaluate("(h) => { location.hash = h; }", hash_)


def load_screens(page):
    """Load the case screens' code while online: the worker may still be caching the screens
    after the first ones when a test goes offline this early."""
    page.evaluate("""() => Promise.all(['cases', 'case', 'case-new', 'ledger', 'sync',
        'diary-view'].map((name) => import(`/js/views/${name}.js`)))""")


def step(page, action, fill=None, check=None):
    """办理 → one step in the sheet, its chips and texts filled, saved."""
    page.locator("[data-action=sheet]").click()
    sheet = page.locator("[data-sheet]")
    sheet.get_by_role("button", name=action, exact=True).click()
    for label in check or []:
        sheet.get_by_label(label, exact=True).check()
    for label, value in (fill or {}).items():
        sheet.get_by_label(label).fill(value)
    sheet.get_by_role("button", name="保存").click()
    expect(sheet).not_to_be_visible()


def case_id_of(database, text):
    return rows(database, "SELECT id FROM cases WHERE text = ?", [text])[0]["id"]


def events_of(database, case_id):
    return rows(database, "SELECT kind, data, superseded, created_by FROM case_events"
                " WHERE case_id = ? ORDER BY n", [case_id])


def test_offline_case_from_a_diary_accepted_noted_with_a_photo_and_closed(
        page, context, server_url, live_app, accounts, tmp_path, page_errors):
    """Offline: 转为诉求 on a diary takes a case in and accepts it, a note with a photo and the
    close follow, each 待同步; online the server holds the case closed with its four events,
    the photo uploaded, and the phone shows them synced."""
    database = live_app.config["DATABASE"]
    diary = rows(database, "SELECT id, heard, household_id FROM diaries WHERE created_by = ?"
                 " ORDER BY id LIMIT 1", [accounts["cadre"]["id"]])[0]
    photo = tmp_path / "wall.jpg"
    photo.write_bytes(phone_jpeg())
    known = known_ids(database, "cases")
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    load_screens(page)
    context.set_offline(True)

    go(page, f"#/diary-view?id={diary['id']}")
    page.get_by_role("link", name="转为诉求").click()
    expect(page.get_by_label("诉求内容")).to_have_value(diary["heard"])
    expect(page.get_by_label("立即受理（由我办理）")).to_be_checked()
    page.get_by_label("就业").check()
    page.get_by_role("button", name="保存诉求").click()
    card = page.locator(".case-card")
    expect(card.locator(".case-status")).to_have_text("办理中")
    expect(card).to_contain_text("剩15个工作日")
    step(page, "添加记录", fill={"记录内容": "已联系镇电商服务站"})
    page.locator("[data-action=sheet]").click()
    page.get_by_role("button", name="添加记录").click()
    page.locator("[data-sheet] [data-photo-input]").set_input_files(str(photo))
    expect(page.locator("[data-sheet] .photo-tile img")).to_have_count(1)
    page.locator("[data-sheet]").get_by_role("button", name="保存").click()
    step(page, "办结", check=["已解决"], fill={"办理情况": "报名参加县电商培训班"})
    expect(card.locator(".case-status")).to_have_text("已办结")
    timeline = page.locator(".timeline .event")
    expect(timeline).to_have_count(5)
    expect(timeline.filter(has_text="待同步")).to_have_count(5)
    wait_for_picture(page.locator(".timeline .event[data-kind=note] img").first)
    shot(page, "case-offline")

    context.set_offline(False)
    wait_for_synced(page)
    expect(page.locator(".timeline .event[data-state=pending]")).to_have_count(0)
    [case] = new_rows(database, "cases", known)
    assert (case["status"], case["diary_id"], case["household_id"], case["category"],
            case["owner_id"], case["result"], case["done"]) == (
        "closed", diary["id"], diary["household_id"], "employment", accounts["cadre"]["id"],
        "resolved", "报名参加县电商培训班")
    events = events_of(database, case["id"])
    assert [e["kind"] for e in events] == ["receive", "accept", "note", "note", "close"]
    assert all(e["superseded"] is None for e in events)
    photos = json.loads(events[3]["data"])["photos"]
    assert len(photos) == 1
    assert rows(database, "SELECT 1 FROM media WHERE sha256 = ?", photos)


def test_the_same_case_closed_on_two_phones_offline(
        page, new_context, server_url, live_app, page_errors):
    """Two phones of the secretary close the same case offline; the first to sync closes it,
    the second's close is kept on the server as superseded and that phone shows it struck
    through with the reason."""
    database = live_app.config["DATABASE"]
    case_id = case_id_of(database, HOUSING)
    phones = [page, other_phone(new_context, server_url, "secretary")]
    log_in(page, server_url, "secretary")
    wait_for_first_sync(page)
    for phone in phones:
        wait_for_worker(phone)
        go(phone, f"#/case?id={case_id}")
        expect(phone.locator(".case-card")).to_contain_text(HOUSING)
        phone.context.set_offline(True)
    for phone, done in zip(phones, ["甲手机：已请人修补后墙", "乙手机：已安排临时住处"]):
        step(phone, "办结", check=["已解决"], fill={"办理情况": done})
        expect(phone.locator(".case-card .case-status")).to_have_text("已办结")

    for phone in phones:   # the first phone syncs first
        phone.context.set_offline(False)
        wait_for_synced(phone)
    closes = [e for e in events_of(database, case_id) if e["kind"] == "close"]
    assert [(json.loads(e["data"])["done"], e["superseded"]) for e in closes] == [
        ("甲手机：已请人修补后墙", None), ("乙手机：已安排临时住处", "case.problem.status_closed")]
    assert rows(database, "SELECT done FROM cases WHERE id = ?", [case_id]) == [
        {"done": "甲手机：已请人修补后墙"}]

    second = phones[1]
    void = second.locator(".timeline .event[data-state=superseded]")
    expect(void).to_have_count(1)
    expect(void).to_contain_text("乙手机：已安排临时住处")
    expect(void.locator(".event-void")).to_have_text("未生效：诉求已经办结，不能做这一步")
    expect(void.locator(".event-body")).to_have_css("text-decoration-line", "line-through")
    kept = second.locator(".timeline .event[data-kind=close][data-state=done]")
    expect(kept).to_contain_text("甲手机：已请人修补后墙")
    expect(kept).to_contain_text("陈书记（我） · 手机 …")
    expect(second.locator(".case-card .case-status")).to_have_text("已办结")
    shot(second, "case-superseded")
    second.context.close()


def test_the_countdown_offline_is_the_servers(page, context, server_url, page_errors):
    """Offline, 我的案件 shows each open case with the working days the server counts (GET
    /api/cases/mine), in its order; the ledger says it needs a connection."""
    log_in(page, server_url, "secretary")
    wait_for_worker(page)
    wait_for_first_sync(page)
    mine = page.request.get(server_url + "/api/cases/mine").json()["items"]
    assert any(c["clock"]["state"] == "overdue" for c in mine)
    load_screens(page)
    context.set_offline(True)
    page.locator("#tabbar").get_by_role("link", name="诉求").click()
    list_rows = page.locator(".case-row")
    expect(list_rows).to_have_count(len(mine))
    # 待我接收 first, then the rest; each in the server's order (overdue first, then by due day)
    to_accept = [c["id"] for c in mine if c["status"] == "received"]
    assert [r.get_attribute("data-id") for r in list_rows.all()] == to_accept + [
        c["id"] for c in mine if c["id"] not in to_accept]
    expect(page.locator("[data-group=mine] .case-row").first).to_have_attribute(
        "data-clock", "overdue")
    for case in mine:
        clock = case["clock"]
        chip = page.locator(f".case-row[data-id='{case['id']}'] .clock-chip")
        expect(chip).to_have_attribute("data-left", str(clock["left"]))
        expect(chip).to_have_attribute("data-due", clock["due"])
        left = clock["left"]
        expect(chip).to_have_text(f"超期{-left}个工作日" if left < 0 else "今天到期" if left == 0
                                  else f"剩{left}个工作日")
    shot(page, "cases-offline")
    page.get_by_role("link", name="民情台账").click()   # the ledger is the server's, online
    expect(page.locator(".ledger-offline")).to_contain_text("民情台账需要联网查看")
    page.locator(".ledger-offline").get_by_role("link", name="我的案件").click()
    expect(page.locator(".case-row")).to_have_count(len(mine))


def test_a_residents_text_is_shown_as_text_everywhere(
        page, context, server_url, live_app, page_errors):
    """A case whose text is markup, taken in offline from a household's page (which names the
    household's open case of the same category, without refusing), shows that markup as text
    on its case page, the sync screen, and online on 我的案件, home, the household page and the
    ledger; no script runs."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    database = live_app.config["DATABASE"]
    household = rows(database, "SELECT household_id AS id FROM cases WHERE text = ?",
                     [HOUSING])[0]
    log_in(page, server_url, "secretary")
    wait_for_worker(page)
    wait_for_first_sync(page)
    go(page, f"#/household?id={household['id']}")
    load_screens(page)
    context.set_offline(True)
    page.get_by_role("link", name="登记诉求").click()
    page.get_by_label("住房").check()   # this household has an open case of that kind
    expect(page.locator(".duplicate-warning")).to_contain_text(HOUSING)
    page.get_by_label("诉求内容").fill(EVIL)
    page.get_by_label("特急").check()   # due tomorrow: among the first on home
    page.get_by_role("button", name="保存诉求").click()
    screens = [(".case-full", "case page"), (".timeline .event-text", "timeline")]
    for selector, where in screens:
        expect(page.locator(selector).first, where).to_have_text(EVIL)
    page.locator(".sync-badge").click()
    expect(page.locator(".pending-entry").first).to_contain_text(EVIL)
    assert page.locator("img[src=x]").count() == 0

    context.set_offline(False)
    wait_for_synced(page)
    for hash_, selector in [("#/cases", ".case-row .case-text"),
                            ("#/home", "[data-section=cases] strong"),
                            (f"#/household?id={household['id']}", ".case-row .case-text"),
                            ("#/ledger", ".case-row .case-text")]:
        go(page, hash_)
        expect(page.locator(selector).filter(has_text=EVIL)).to_have_count(1)
        assert page.locator("img[src=x]").count() == 0, hash_
    shot(page, "ledger")
    assert rows(database, "SELECT status, household_id FROM cases WHERE text = ?", [EVIL]) == [
        {"status": "in_progress", "household_id": household["id"]}]
    assert dialogs == []



def test_a_refused_step_waits_in_sync_with_its_reason(page, server_url, live_app, page_errors):
    """A case the server refuses (a phone number with letters) and the acceptance that follows
    it wait on the 同步 screen, each named by its step and the case's text, with the server's
    reason and the field it faults; they can be discarded."""
    text = "门前水沟堵塞，下雨就漫进院子"
    log_in(page, server_url, "secretary")
    wait_for_first_sync(page)
    go(page, "#/case-new")
    page.get_by_label("环境").check()
    page.get_by_label("诉求内容").fill(text)
    page.get_by_label("联系电话").fill("一三九")
    page.get_by_role("button", name="保存诉求").click()
    expect(page.locator(".timeline .event[data-state=rejected]")).to_have_count(2)
    expect(page.locator(".timeline .event-void").first).to_have_text(
        "服务器未接收：请检查填写的内容")
    go(page, "#/sync")
    refused = page.locator(".rejected-entry")
    expect(refused).to_have_count(2)
    expect(refused.first.locator(".entry-title")).to_have_text(f"诉求 · 登记 · {text}")
    expect(refused.first).to_contain_text("联系电话：电话号码只能包含数字")
    expect(refused.nth(1).locator(".entry-title")).to_have_text(f"诉求 · 受理 · {text}")
    expect(refused.nth(1)).to_contain_text("找不到这件诉求")
    shot(page, "sync-refused")
    page.on("dialog", lambda dialog: dialog.accept())
    for _ in range(2):
        refused.first.get_by_role("button", name="放弃").click()
    expect(refused).to_have_count(0)
    assert rows(live_app.config["DATABASE"], "SELECT 1 FROM cases WHERE text = ?", [text]) == []


def test_two_thousand_cases_open_a_page_at_a_time(page, server_url, page_errors):
    """With 2,000 open cases on the phone, 我的案件 draws a page of rows, and says how many
    there are (how fast: bench/phone_cases_bench.py, with the CPU slowed four times)."""
    log_in(page, server_url, "secretary")
    wait_for_first_sync(page)
    page.evaluate(MANY_CASES, 2000)
    go(page, "#/me")
    expect(page.locator(".screen-me")).to_be_visible()
    page.evaluate(OPEN_CASES)
    expect(page.locator(".case-row")).to_have_count(30)
    expect(page.locator(".result-count")).to_have_attribute("data-total", "2004")


def test_the_backlog_is_imported_from_the_ledger(page, server_url, live_app, tmp_path,
                                                 page_errors):
    """导入历史积案 from the ledger: a workbook with a bad row lists it and imports nothing;
    the corrected one imports every row as an open backlog case."""
    from tests.factories import xlsx_file
    header = ["来源", "时间", "诉求人", "联系电话", "类别", "紧急程度", "内容", "所属组织编码",
              "所属组织名称", "状态"]
    good = ["来访接待", "2024-03-15", "张某某", "13800000000", "土地", "一般",
            "宅基地界址纠纷，多次调解未果", None, "青山村", "办理中"]
    bad, fixed = tmp_path / "bad.xlsx", tmp_path / "fixed.xlsx"
    bad.write_bytes(xlsx_file({"历史积案": [header, good, ["信鸽", *good[1:]]]}).getvalue())
    fixed.write_bytes(xlsx_file({"历史积案": [header, good, good]}).getvalue())
    log_in(page, server_url, "secretary")
    go(page, "#/ledger")
    page.get_by_role("link", name="导入历史积案").click()
    expect(page.get_by_role("link", name="下载导入模板")).to_have_attribute(
        "href", "/api/cases/import-template.xlsx")
    page.locator("input[type=file]").set_input_files(bad)
    page.get_by_role("button", name="导入", exact=True).click()
    errors = page.locator(".import-errors")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr").first.locator("td").nth(2)).to_have_text("来源")
    assert rows(live_app.config["DATABASE"], "SELECT 1 FROM cases WHERE backlog = 1") == []
    page.locator("input[type=file]").set_input_files(fixed)
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.locator("[data-imported]")).to_contain_text("已导入 2 件历史积案")
    imported = rows(live_app.config["DATABASE"], "SELECT status FROM cases WHERE backlog = 1")
    assert [r["status"] for r in imported] == ["in_progress", "in_progress"]
