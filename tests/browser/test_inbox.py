"""The inbox (消息) on a 360-px phone: notices the server writes arrive with sync and count on
the tab bar; read offline they open their screen and the count drops, the marks reaching the
server once online. The service worker shows a push and sends a tapped notification's screen
to the open page; the settings screen saves the push preferences, shows the server's field
errors, and offers push only where it can work."""
import datetime as dt
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from qzapp.clock import CHINA, iso, now
from qzapp.db import connect
from qzapp.demo import DEMO_PASSWORD
from tests.factories import ApiClient, new_id, put

from .helpers import (
    SAVE_TIMEOUT,
    badge,
    log_in,
    other_phone,
    rows,
    shot,
    wait_for_first_sync,
    wait_for_synced,
    wait_for_worker,
)

PWA = Path(__file__).resolve().parents[2] / "pwa"

pytestmark = pytest.mark.browser

HOUSING = "连日降雨，房屋后墙出现裂缝，担心垮塌"   # the secretary's, in progress
LIGHTS = "村口到学校的路灯坏了三盏，晚上孩子放学不安全"   # the secretary's, received
BOUNDARY = "与邻居宅基地界址有争议，多次协商未果"   # transferred to 赵主任 in the demo
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
          " (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")


def case_id_of(database, text):
    return rows(database, "SELECT id FROM cases WHERE text = ?", [text])[0]["id"]


def assign(live_app, case_ids, to_user_id):
    """The secretary's phone assigns cases to someone (through /api/sync/push); the server
    writes that person's notices."""
    api = ApiClient(live_app.test_client())
    assert api.login("secretary", DEMO_PASSWORD).status_code == 200
    at = now().astimezone(CHINA).isoformat(timespec="seconds")
    answer = api.push([put(mid, new_id(), {"case_id": case_id, "kind": "assign", "at": at,
                                           "data": {"to_user_id": to_user_id}},
                           entity="case_event")
                       for mid, case_id in enumerate(case_ids, start=1)], device="sec-phone")
    assert [r["status"] for r in answer.get_json()["results"]] == ["applied"] * len(case_ids)


def notices_of(database, user_id):
    """The user's notices on the server, by the case they link to."""
    return {r["link"].rsplit("/", 1)[-1]: r for r in rows(
        database, "SELECT link, read_at, dismissed_at FROM notices WHERE user_id = ?"
        " AND deleted = 0", [user_id])}


def sync_now(page):
    """Tap 立即同步 on the 同步 screen, then come back to where the test was."""
    back = page.evaluate("location.hash")
    page.evaluate("location.hash = '#/sync'")
    page.get_by_role("button", name="立即同步").click()
    wait_for_synced(page)
    page.evaluate("(h) => { location.hash = h; }", back)


def tab_badge(page):
    return page.locator("#tabbar .tab-badge")


def inbox_tab(page):
    return page.locator("#tabbar").get_by_role("link", name="消息")


def test_assigned_cases_reach_the_inbox_and_are_read_offline(
        page, context, server_url, live_app, accounts, page_errors):
    """Two cases assigned to 赵主任 arrive with sync beside the demo's transfer: the tab counts
    3 unread, the inbox lists them under 今天. Offline, tapping one opens its case and the count
    drops to 2; online the read mark reaches the server's notice. 全部标为已读 clears the count,
    移除 hides one; both reach the server."""
    database = live_app.config["DATABASE"]
    village = accounts["village"]["id"]
    housing, lights = case_id_of(database, HOUSING), case_id_of(database, LIGHTS)
    log_in(page, server_url, "village")
    wait_for_worker(page)
    wait_for_first_sync(page)
    expect(tab_badge(page)).to_have_text("1")   # the demo's transfer
    assign(live_app, [housing, lights], village)
    sync_now(page)
    expect(tab_badge(page)).to_have_text("3")
    expect(inbox_tab(page)).to_have_attribute("aria-label", "消息，3 条未读")
    for tab in page.locator("#tabbar .tab").all():   # six tabs stay thumb-sized at 360 px
        box = tab.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        assert tab.locator("span").first.evaluate("(s) => s.scrollWidth <= s.clientWidth")

    page.evaluate("""() => Promise.all(['inbox', 'case', 'cases', 'sync']
        .map((name) => import(`/js/views/${name}.js`)))""")
    context.set_offline(True)
    inbox_tab(page).click()
    rows_ = page.locator(".inbox-row")
    expect(rows_).to_have_count(3)
    expect(page.locator(".inbox-list")).to_have_count(1)
    expect(page.locator(".section-title")).to_have_text("今天")
    expect(page.locator(".inbox-row[data-unread=true]")).to_have_count(3)
    expect(page.locator(".result-count")).to_have_text("共 3 条，3 条未读")
    assigned = rows_.filter(has_text=HOUSING)
    expect(assigned).to_contain_text("有一件诉求交给您办理")
    expect(rows_.last).to_contain_text(BOUNDARY)   # the oldest last
    shot(page, "inbox")

    assigned.locator("[data-open]").click()
    expect(page.locator(".case-card")).to_contain_text(HOUSING)
    assert page.evaluate("location.hash") == f"#/case/{housing}"
    expect(tab_badge(page)).to_have_text("2")
    inbox_tab(page).click()
    expect(rows_.filter(has_text=HOUSING)).to_have_attribute("data-unread", "false")
    expect(page.locator(".inbox-row[data-unread=true]")).to_have_count(2)
    assert notices_of(database, village)[housing]["read_at"] is None

    context.set_offline(False)
    wait_for_synced(page)
    server = notices_of(database, village)
    assert server[housing]["read_at"] is not None
    assert server[housing]["read_at"].endswith("+08:00")
    assert server[lights]["read_at"] is None

    page.get_by_role("button", name="全部标为已读").click()
    expect(tab_badge(page)).to_have_count(0)
    expect(page.locator(".inbox-row[data-unread=true]")).to_have_count(0)
    expect(inbox_tab(page)).not_to_have_attribute("aria-label", "消息，3 条未读")
    rows_.filter(has_text=LIGHTS).get_by_role("button", name="移除这条消息").click()
    expect(rows_).to_have_count(2)
    wait_for_synced(page)
    server = notices_of(database, village)
    assert all(n["read_at"] for n in server.values())
    assert server[lights]["dismissed_at"] is not None
    assert [n["dismissed_at"] for k, n in server.items() if k != lights] == [None, None]
    page.reload()
    expect(rows_).to_have_count(2)
    expect(tab_badge(page)).to_have_count(0)


def test_one_notice_read_on_two_phones_offline_asks_nothing(
        page, new_context, server_url, live_app, accounts, page_errors):
    """Two phones of 赵主任 read the same notice offline. The first to sync marks it; the
    second's mark meets it and is sent again on top, never put to the user as a conflict:
    the server keeps the first mark, both phones show it read."""
    database = live_app.config["DATABASE"]
    boundary = case_id_of(database, BOUNDARY)
    log_in(page, server_url, "village")
    wait_for_first_sync(page)
    phones = [page, other_phone(new_context, server_url, "village")]
    for phone in phones:
        wait_for_worker(phone)
        phone.evaluate("import('/js/views/inbox.js')")
        phone.context.set_offline(True)
        inbox_tab(phone).click()
        phone.locator(".inbox-row").filter(has_text=BOUNDARY).locator("[data-open]").click()
        expect(phone.locator(".case-card")).to_contain_text(BOUNDARY)
        expect(tab_badge(phone)).to_have_count(0)
    for phone in phones:   # the first phone syncs first
        phone.context.set_offline(False)
        wait_for_synced(phone)
        if phone is page:
            first = notices_of(database, accounts["village"]["id"])[boundary]["read_at"]
            assert first is not None
    assert notices_of(database, accounts["village"]["id"])[boundary]["read_at"] == first
    second = phones[1]
    expect(badge(second)).to_have_attribute("data-rejected", "0")
    inbox_tab(second).click()
    expect(second.locator(".inbox-row[data-unread=false]")).to_have_count(1)
    expect(tab_badge(second)).to_have_count(0)


def write_notices(live_app, user_id, moments):
    """Notices for a user, stored as the server stores them, each made at its moment."""
    from qzapp.notify.inbox import NOTICE
    from qzapp.sync import store
    db = connect(live_app.config["DATABASE"])
    try:
        with live_app.test_request_context(), db.atomic():
            for n, moment in enumerate(moments):
                store.save(db, None, NOTICE, new_id(), None, {
                    "user_id": user_id, "kind": "case_warning", "key": f"test:{n}",
                    "title": f"诉求快到期了 {n}", "body": "村口路灯坏了", "link": "#/cases",
                    "read_at": None, "dismissed_at": None}, audit=[], stamp=iso(moment))
    finally:
        db.close()


def test_many_notices_by_day_a_page_at_a_time(page, server_url, live_app, accounts, page_errors):
    """70 notices of today, yesterday and ten days ago come under 今天, 昨天 and that date,
    newest first, drawn 30 rows at a time as the list's end comes near."""
    moment = now()
    older = moment - dt.timedelta(days=10)
    write_notices(live_app, accounts["member"]["id"],
                  [moment - dt.timedelta(milliseconds=n) for n in range(35)]
                  + [moment - dt.timedelta(days=1, milliseconds=n) for n in range(20)]
                  + [older - dt.timedelta(milliseconds=n) for n in range(15)])
    log_in(page, server_url, "member")
    wait_for_first_sync(page)
    expect(tab_badge(page)).to_have_text("70")
    inbox_tab(page).click()
    expect(page.locator(".result-count")).to_have_text("共 70 条，70 条未读")
    found = page.locator(".inbox-row")
    expect(found).to_have_count(30)
    expect(found.first).to_contain_text("诉求快到期了 0")
    day = older.astimezone(CHINA).date()
    year = f"{day.year}年" if day.year != moment.astimezone(CHINA).year else ""
    expect(page.locator(".section-title")).to_have_text(["今天"])
    for shown in (60, 70):   # 35 of today, 20 of yesterday, 5 and then 15 of that day
        page.locator("[data-more]").scroll_into_view_if_needed()
        expect(found).to_have_count(shown)
        expect(page.locator(".section-title")).to_have_text(
            ["今天", "昨天", f"{year}{day.month}月{day.day}日"])
    expect(page.locator("[data-more]")).to_have_count(0)
    expect(found.last).to_contain_text("诉求快到期了 69")


def test_an_empty_inbox_says_what_arrives_there(page, server_url, page_errors):
    """A user nobody has told anything yet sees what the inbox will hold."""
    log_in(page, server_url, "member")
    wait_for_first_sync(page)
    inbox_tab(page).click()
    empty = page.locator(".inbox-empty")
    expect(empty).to_contain_text("还没有消息")
    expect(empty).to_contain_text("没有网络也能查看")
    expect(page.get_by_role("button", name="全部标为已读")).to_be_disabled()
    expect(tab_badge(page)).to_have_count(0)


def registration_id(page, cdp):
    """The service worker registration's id, as the DevTools protocol names it."""
    found = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: found.extend(r["registrationId"] for r in event["registrations"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if found:
            return found[0]
        page.wait_for_timeout(100)
    raise AssertionError("no service worker registration")


def test_a_push_is_shown_and_its_tap_opens_the_screen(
        page, context, server_url, live_app, page_errors):
    """A push delivered to the service worker is shown with its title, body, icon, the
    notice's id as tag and its link as data. What a tap does, run in the live worker: an open
    window is sent to the notice's screen (its case opens, no reload); a link that is not one
    of the app's screens opens the app's start instead."""
    log_in(page, server_url, "secretary")
    wait_for_worker(page)
    wait_for_first_sync(page)
    context.grant_permissions(["notifications"], origin=server_url)
    housing = case_id_of(live_app.config["DATABASE"], HOUSING)
    cdp = context.new_cdp_session(page)
    notice = {"id": new_id(), "title": "有一件诉求交给您办理", "body": HOUSING,
              "link": f"#/case/{housing}"}
    cdp.send("ServiceWorker.deliverPushMessage", {
        "origin": server_url + "/", "registrationId": registration_id(page, cdp),
        "data": json.dumps(notice, ensure_ascii=False)})
    shown = None
    for _ in range(50):
        shown = page.evaluate("""() => navigator.serviceWorker.ready
            .then((r) => r.getNotifications()).then((list) => list.map((n) => ({
                title: n.title, body: n.body, tag: n.tag, data: n.data, icon: n.icon })))""")
        if shown:
            break
        page.wait_for_timeout(100)
    assert shown == [{"title": notice["title"], "body": HOUSING, "tag": notice["id"],
                      "data": notice["link"], "icon": server_url + "/icons/icon-192.png"}]

    [worker] = context.service_workers
    assert worker.evaluate("appUrl('#/case/abc')") == server_url + "/#/case/abc"
    for bad in ["https://example.com/#/case/abc", "javascript:alert(1)", "#/x\"><b>", None]:
        assert worker.evaluate("(link) => appUrl(link)", bad) == server_url + "/"
    page.evaluate("window.qzSamePage = true")
    worker.evaluate("(link) => openApp(appUrl(link))", notice["link"])
    expect(page.locator(".case-card")).to_contain_text(HOUSING)
    assert page.evaluate("window.qzSamePage") is True


def test_push_settings_are_saved_and_refused_fields_named(
        page, server_url, live_app, accounts, page_errors):
    """消息提醒 (from 我的) lists every kind with its label, checked as the server has them,
    and the quiet hours; a change is saved with PUT; an emptied time comes back with the
    server's message under its field. It says the inbox always receives everything."""
    log_in(page, server_url, "cadre")
    page.evaluate("location.hash = '#/me'")
    page.get_by_role("link", name="消息提醒").click()
    expect(page.locator(".notice-info")).to_contain_text("所有消息都会进入“消息”页")
    form = page.locator("[data-prefs]")
    boxes = form.locator("[name=push_kinds]")
    # Every kind the server declares, with its label, in the catalogue's order (each
    # feature's kinds together).
    catalogue = json.loads((PWA / "i18n" / "zh-CN.json").read_text(encoding="utf-8"))
    labels = [text for key, text in catalogue.items() if key.startswith("notify.kind.")]
    expect(boxes).to_have_count(len(labels))
    expect(form.get_by_label("诉求交给我办理")).to_be_checked()
    expect(form.get_by_label("结对帮扶该轮换")).not_to_be_checked()   # not pushed by default
    expect(form.get_by_label("开始")).to_have_value("22:00")
    assert [label.strip() for label in form.locator("label.check").all_inner_texts()] == labels
    assert labels[:8] == ["诉求交给我办理", "诉求转给我", "诉求快到期", "诉求已超期", "超期诉求升级",
                          "诉求重新办理", "群众网上反映的诉求", "群众的评价"]
    shot(page, "notify-settings")

    form.get_by_label("诉求快到期").uncheck()
    form.get_by_label("开始").fill("21:30")
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_text("提醒设置已保存")).to_be_visible()
    [saved] = rows(live_app.config["DATABASE"], "SELECT push_kinds, quiet_start, quiet_end"
                   " FROM notify_prefs WHERE user_id = ?", [accounts["cadre"]["id"]])
    assert (saved["quiet_start"], saved["quiet_end"]) == ("21:30", "07:00")
    assert "case_warning" not in json.loads(saved["push_kinds"])
    assert "case_assigned" in json.loads(saved["push_kinds"])

    form.get_by_label("结束").fill("")
    form.get_by_role("button", name="保存").click()
    error = form.locator("[data-error-for=quiet_end]")
    expect(error).to_have_text("时间应为 00:00 到 23:59 之间，如 22:00")
    expect(form.get_by_label("结束")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("[data-error-for=quiet_start]")).to_have_text("")


def test_push_is_offered_only_where_it_can_work(browser, server_url, page_errors):
    """On an iPhone's browser (not the app on the home screen) the switch is replaced by how
    to add the app and that iOS 16.4 is needed; where notifications are blocked, it says so."""
    iphone = browser.new_context(user_agent=IPHONE, viewport={"width": 360, "height": 740},
                                 locale="zh-CN", has_touch=True)
    try:
        phone = iphone.new_page()
        log_in(phone, server_url, "cadre")
        phone.evaluate("location.hash = '#/notify-settings'")
        card = phone.locator("[data-push-card]")
        expect(card.locator("[data-push-state=ios_install]")).to_contain_text("iOS 16.4")
        expect(card).to_contain_text("添加到主屏幕")
        expect(card.get_by_role("switch")).to_have_count(0)
    finally:
        iphone.close()
    blocked = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        phone = blocked.new_page()
        log_in(phone, server_url, "cadre")
        phone.evaluate("""() => Object.defineProperty(Notification, "permission",
            { get: () => "denied" })""")
        phone.evaluate("location.hash = '#/notify-settings'")
        expect(phone.locator("[data-push-state=blocked]")).to_contain_text("通知已被禁止")
    finally:
        blocked.close()


def test_a_phone_that_reaches_no_push_service_leaves_push_off(
        page, context, server_url, live_app, tmp_path, page_errors):
    """With notifications allowed but no push service to reach (as on most phones in
    mainland China, and on this machine), turning push on fails gently: the switch goes back
    off, it says why, and the server keeps no subscription."""
    live_app.config["VAPID_KEY_FILE"] = str(tmp_path / "vapid.pem")
    context.grant_permissions(["notifications"], origin=server_url)
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    page.evaluate("location.hash = '#/notify-settings'")
    switch = page.get_by_role("switch", name="推送到这台手机")
    expect(switch).not_to_be_checked()
    switch.click()
    note = page.locator("[data-push-note]")
    expect(note).not_to_have_text("未开启：新消息只进入“消息”页。", timeout=SAVE_TIMEOUT)
    expect(switch).not_to_be_checked()
    expect(switch).to_be_enabled()
    assert note.text_content() in ("这台手机连不上推送服务，推送没有开启。消息仍会进入“消息”页。",)
    assert rows(live_app.config["DATABASE"], "SELECT 1 FROM push_subscriptions") == []
