"""Leaders' receptions (F9) in a real browser on a 360-px phone: the demo's city leader
schedules a public reception offline, it syncs and the public board of the village announces
it; a reception an hour ago is marked held (the visitors asked for first), one to come cannot
be; a case taken in at the held one with 本人包案, offline, reaches the server as a case of
channel 领导接访 naming the reception, with the leader as its 包案 leader; the months a city
leader let pass without one are marked; a reception the server refused is named on 同步 and
corrected in its form."""
import datetime as dt
import json

import pytest
from playwright.sync_api import expect

from qzapp import clock
from tests.duty_world import zh

from .helpers import (
    known_ids,
    log_in,
    new_rows,
    rows,
    shot,
    wait_for_first_sync,
    wait_for_synced,
    wait_for_worker,
)
from .test_leaders import fits_the_phone, go, server_year

pytestmark = pytest.mark.browser

SCREENS = ["leader", "leader-reception", "case-new", "case", "sync"]


def load_screens(page):
    """Load the screens' code while online."""
    page.evaluate("(names) => Promise.all(names.map((n) => import(`/js/views/${n}.js`)))",
                  SCREENS)


def beijing(moment, form="%Y-%m-%dT%H:%M"):
    """A moment as the form's datetime-local value, in Beijing time."""
    return moment.astimezone(clock.CHINA).strftime(form)


def thumb_sized(*locators):
    """Each control is at least 44 px high: one thumb hits it."""
    for locator in locators:
        for one in locator.all():
            assert one.bounding_box()["height"] >= 44, one.inner_text()


def schedule(page, when, place, kind="定期接访", node=None, topic=None, public=False):
    """安排接访 → the form filled and saved."""
    page.locator("[data-receptions] [data-schedule]").click()
    form = page.locator("[data-leader-reception]")
    expect(form.locator("[data-outcome]")).to_have_count(0)   # a new one is planned
    form.get_by_label(kind).check()
    form.get_by_label("接访时间").fill(when)
    form.get_by_label("地点").fill(place)
    if node:
        form.get_by_label("联系点").select_option(label=node)
    if topic:
        form.get_by_label("主题").fill(topic)
    if public:
        form.get_by_label("在民情公开栏公布").check()
    fits_the_phone(page)
    form.get_by_role("button", name="保存").click()
    expect(page.locator("[data-receptions]")).to_be_visible()


def test_a_city_leader_schedules_holds_and_takes_cases_in_at_receptions_offline(
        page, context, server_url, live_app, accounts, page_errors):
    database = live_app.config["DATABASE"]
    mayor = accounts["mayor"]["id"]
    village = rows(database, "SELECT id FROM org_nodes WHERE name = '青山村'")[0]["id"]
    now = clock.now()
    coming = beijing(now + dt.timedelta(days=5), "%Y-%m-%dT09:00")
    past = beijing(now - dt.timedelta(minutes=5))
    known_cases = known_ids(database, "cases")
    log_in(page, server_url, "mayor")
    wait_for_worker(page)
    wait_for_first_sync(page)
    load_screens(page)
    go(page, "#/leader")
    section = page.locator("[data-receptions]")
    expect(section).to_have_attribute("data-target", "1")
    expect(page.locator("[data-fresh]")).to_be_visible()

    context.set_offline(True)
    schedule(page, coming, "青山村村委会", node="青山村", topic="农村饮水安全", public=True)
    schedule(page, past, "石桥村便民服务中心", kind="带案下访")
    listed = page.locator("[data-list=receptions] [data-reception]")
    expect(listed).to_have_count(2)
    # Planned ones first, the soonest first.
    expect(listed.nth(0)).to_contain_text("石桥村便民服务中心")
    expect(listed.nth(1)).to_contain_text("农村饮水安全")
    expect(listed.nth(1).locator("[data-public]")).to_be_visible()
    expect(listed.nth(1).locator("[data-local]")).to_have_text("待同步")
    thumb_sized(section.locator("[data-schedule]"), listed)

    # The one that began five minutes ago was held: how many came is asked for first.
    listed.nth(0).click()
    form = page.locator("[data-leader-reception]")
    form.get_by_label("已接访", exact=True).check()
    visitors = form.get_by_label("来访人数")
    expect(visitors).to_be_visible()
    form.get_by_role("button", name="保存").click()
    expect(form.locator("[data-error-for=visitors]")).to_have_text(zh("field.required"))
    visitors.fill("15")
    form.get_by_label("接访记录").fill("接待群众 15 人，当场答复 9 件")
    form.get_by_role("button", name="保存").click()
    expect(listed.nth(0)).to_contain_text("农村饮水安全")     # planned still comes first
    held = listed.nth(1)
    expect(held).to_have_attribute("data-status", "held")
    expect(held).to_contain_text("来访 15 人")

    # The one to come cannot be held yet, and cancelling it asks why (both in the server's
    # words); it is left as it was.
    listed.nth(0).click()
    form.get_by_label("已接访", exact=True).check()
    visitors.fill("3")
    form.get_by_role("button", name="保存").click()
    expect(form.locator("[data-error-for=status]")).to_have_text(
        zh("leaders.reception.held_in_future"))
    form.get_by_label("取消", exact=True).check()
    form.get_by_role("button", name="保存").click()
    expect(form.locator("[data-error-for=cancel_reason]")).to_have_text(zh("field.required"))
    fits_the_phone(page)
    shot(page, "leader-reception-form")
    form.get_by_role("link", name="基层工作").click()

    # A case taken in at the held one, taken on by the leader (本人包案), offline too.
    held.click()
    expect(form.locator("[data-final]")).to_be_visible()     # held stays held
    thumb_sized(form.locator(".choice-chip, label.check"), page.locator("[data-new-case]"))
    page.get_by_role("link", name="登记来访诉求").click()
    intake = page.locator("form.case-intake")
    expect(intake).to_contain_text("领导接访：")
    expect(intake.get_by_label("来源渠道")).to_have_value("leader_reception")
    intake.get_by_label("基础设施").check()
    intake.get_by_label("诉求内容").fill("村道塌方，请求尽快修复")
    intake.get_by_label("本人包案").check()
    thumb_sized(intake.locator("label.check"))
    fits_the_phone(page)
    intake.get_by_role("button", name="保存诉求").click()
    card = page.locator(".case-card")
    expect(card.locator(".case-status")).to_have_text("办理中")
    go(page, "#/leader")
    expect(held.locator("[data-cases]")).to_contain_text("登记诉求 1 件，本人包案 1 件")
    shot(page, "leader-receptions-offline")

    context.set_offline(False)
    wait_for_synced(page)
    saved = rows(database, "SELECT id, kind, place, place_node_id, public, status, visitors,"
                 " topic FROM receptions WHERE created_by = ? ORDER BY starts_at", [mayor])
    assert [(r["kind"], r["status"], r["public"], r["visitors"]) for r in saved] == [
        ("visit", "held", 0, 15), ("scheduled", "planned", 1, None)]
    assert saved[1]["place_node_id"] == village and saved[1]["topic"] == "农村饮水安全"
    board = page.request.get(f"{server_url}/board/{village}").text()
    assert zh("leaders.board.title") in board
    assert "青山村村委会" in board and "农村饮水安全" in board and "钱市长" in board

    [case] = new_rows(database, "cases", known_cases)
    assert (case["channel"], case["leader_id"], case["owner_id"], case["status"]) == (
        "leader_reception", mayor, mayor, "in_progress")
    events = rows(database, "SELECT kind, data FROM case_events WHERE case_id = ? ORDER BY n",
                  [case["id"]])
    assert [e["kind"] for e in events] == ["receive", "accept", "take"]
    assert json.loads(events[0]["data"])["reception_id"] == saved[0]["id"]
    answer = server_year(page, server_url)["receptions"]
    item = next(r for r in answer["list"] if r["id"] == saved[0]["id"])
    assert (item["cases"], item["cases_taken"]) == (1, 1)

    # The months: those over without one held are marked, as the server counts them.
    go(page, "#/leader")
    expect(page.locator("[data-fresh]")).to_be_visible()
    expect(held.locator("[data-local]")).to_have_count(0)
    months = section.locator("[data-months] [data-month]")
    expect(months).to_have_count(12)
    expect(section.locator(f"[data-month='{past[:7]}']")).to_have_attribute("data-held", "1")
    missed = section.locator("[data-missed]")
    expect(missed).to_have_count(len(answer["missed"]))
    assert [m.get_attribute("data-month") for m in missed.all()] == answer["missed"]
    # Last year the city leader held none: every month is missed.
    last = clock.today().year - 1
    page.locator("[data-year-picker]").select_option(str(last))
    expect(page.locator("[data-leader-summary]")).to_have_attribute("data-year", str(last))
    expect(section.locator("[data-missed-count]")).to_have_attribute("data-missed-count", "12")
    expect(section.locator(f"[data-month='{last}-01'][data-missed]")).to_be_visible()
    expect(section.locator("[data-schedule]")).to_have_count(0)
    fits_the_phone(page)
    shot(page, "leader-receptions-last-year")


def test_a_refused_reception_is_named_on_sync_and_corrected_in_its_form(
        page, server_url, live_app, accounts, page_errors):
    database = live_app.config["DATABASE"]
    log_in(page, server_url, "mayor")
    wait_for_first_sync(page)
    # A cancelled one sent without the reason (an older version of the app, say).
    when = beijing(clock.now() + dt.timedelta(days=3), "%Y-%m-%dT10:00:00+08:00")
    page.evaluate("""(when) => import('/js/outbox.js').then((m) => m.saveLocal('reception', {
        kind: 'scheduled', starts_at: when, place: '东门社区居委会', status: 'cancelled',
        public: false, photos: [] }))""", when)
    go(page, "#/sync")
    refused = page.locator(".rejected-entry")
    expect(refused).to_contain_text(f"接访：定期接访 {when[:10]} 10:00")
    expect(refused).to_contain_text("东门社区居委会")
    refused.get_by_role("link", name="修改后重新提交").click()
    form = page.locator("[data-leader-reception]")
    expect(form.get_by_label("地点")).to_have_value("东门社区居委会")
    expect(form.get_by_label("取消", exact=True)).to_be_checked()
    expect(form.locator("[data-error-for=cancel_reason]")).to_have_text(zh("field.required"))
    form.get_by_label("取消原因").fill("与防汛值班冲突，改期")
    form.get_by_role("button", name="保存").click()
    expect(page.locator(".sync-status")).to_be_visible()
    expect(page.locator(".pending-entry")).to_have_count(0)
    expect(page.locator(".rejected-entry")).to_have_count(0)
    [row] = rows(database, "SELECT status, cancel_reason FROM receptions WHERE created_by = ?",
                 [accounts["mayor"]["id"]])
    assert (row["status"], row["cancel_reason"]) == ("cancelled", "与防汛值班冲突，改期")
