"""Community duty's registrations, posts and shifts in a real browser on a 360-px phone: the
demo member claims a post and signs up for a shift offline, syncs, and the community's staff
see the sign-up; two members take the last place of a shift offline — one is confirmed, the
other waits and is told why; a new member registers offline and the staff approve."""
import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from qzapp.auth.models import load_user_row
from qzapp.clock import CHINA, today
from qzapp.db import connect
from qzapp.duty.membership import REGISTRATION
from qzapp.duty.shifts import SHIFT
from qzapp.duty.signups import SIGNUP
from qzapp.sync import store

from .helpers import log_in, rows, shot, wait_for_first_sync, wait_for_synced, wait_for_worker

pytestmark = pytest.mark.browser

PARTY_ORG = "示范县非公企业联合党委"
POST = "楼栋文明劝导"


def go(page, hash_):
    """Open a screen by its address, as a tap on a link would (no reload)."""
    page.evaluate("(h) => { location.hash = h; }", hash_)


def load_screens(page):
    """Load the duty screens' code while online (the worker may still be caching them)."""
    page.evaluate("""() => Promise.all(['duty', 'duty-posts', 'duty-admin', 'sync']
        .map((name) => import(`/js/views/${name}.js`)))""")


def arrange(live_app, work):
    """Run work(db) on the server's database inside a request context, committed."""
    db = connect(live_app.config["DATABASE"])
    try:
        with live_app.test_request_context(), db.atomic():
            return work(db)
    finally:
        db.close()


def approve(live_app, member_id, staff_id, community="东门社区"):
    """Register a member with the community, approved by its staff (as the API would)."""
    def work(db):
        node = rows(live_app.config["DATABASE"], "SELECT id FROM org_nodes WHERE name = ?",
                    [community])[0]
        store.save(db, load_user_row(db, member_id), REGISTRATION, str(uuid.uuid4()), None, {
            "node_id": node["id"], "status": "approved", "reason": None,
            "decided_by": staff_id, "decided_at": None, "ended_at": None})
    arrange(live_app, work)


def last_place_shift(live_app, staff_id, days=4, hour=19):
    """A one-place shift of the demo post, days from now at hour; its id."""
    database = live_app.config["DATABASE"]
    post = rows(database, "SELECT id, node_id FROM duty_posts WHERE title = ?", [POST])[0]
    start = dt.datetime.combine(today() + dt.timedelta(days=days), dt.time(hour), CHINA)
    shift_id = str(uuid.uuid4())
    arrange(live_app, lambda db: store.save(db, load_user_row(db, staff_id), SHIFT, shift_id,
                                            None, {
        "post_id": post["id"], "node_id": post["node_id"],
        "starts_at": start.isoformat(timespec="seconds"),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(timespec="seconds"),
        "capacity": 1, "team_id": None, "note": None, "cancelled": False}))
    return shift_id


def open_posts(page):
    """服务 → 服务岗位, with the community's answer fetched (kept for offline use)."""
    page.get_by_role("link", name="服务", exact=True).click()
    expect(page.locator("[data-reg-state=approved]")).to_contain_text("已在东门社区报到")
    page.get_by_role("link", name="查看社区岗位和班次").click()
    expect(page.locator("[data-community]")).to_contain_text("东门社区")
    expect(page.locator("[data-post]")).to_have_count(3)


def shift_row(page, shift_id):
    return page.locator(f"[data-shift-row='{shift_id}']")


def test_member_claims_and_signs_up_offline_and_the_staff_see_it(
        page, context, new_context, server_url, live_app, accounts, page_errors):
    database = live_app.config["DATABASE"]
    log_in(page, server_url, "member")
    wait_for_worker(page)
    wait_for_first_sync(page)
    load_screens(page)
    page.get_by_role("link", name="服务", exact=True).click()
    expect(page.locator("[data-no-claim]")).to_contain_text("今年还没有认领岗位")
    page.get_by_role("link", name="查看社区岗位和班次").click()
    expect(page.locator("[data-post]")).to_have_count(3)

    context.set_offline(True)
    card = page.locator("[data-post]").filter(has_text=POST)
    card.locator("summary").click()
    card.get_by_role("button", name="认领这个岗位").click()
    expect(card.locator("[data-claimed]")).to_have_text("已认领（待同步）")
    first = card.locator("[data-shift-row]").first
    shift_id = first.get_attribute("data-shift-row")
    first.get_by_role("button", name="报名", exact=True).click()
    expect(first.locator("[data-signup-state]")).to_have_text("待同步")
    shot(page, "duty-posts-offline")
    page.get_by_role("link", name="服务", exact=True).click()
    expect(page.locator("[data-my-claims]")).to_contain_text(POST)
    expect(page.locator("[data-no-claim]")).to_have_count(0)
    expect(shift_row(page, shift_id).locator("[data-signup-state]")).to_have_text("待同步")

    context.set_offline(False)
    wait_for_synced(page)
    expect(shift_row(page, shift_id).locator("[data-signup-state]")).to_have_text("报名成功")
    shot(page, "duty-hub")
    member = accounts["member"]["id"]
    assert rows(database, "SELECT status FROM duty_signups WHERE created_by = ?", [member]) == [
        {"status": "confirmed"}]
    assert rows(database, "SELECT p.title FROM duty_claims c JOIN duty_posts p ON"
                " p.id = c.post_id WHERE c.created_by = ?", [member]) == [{"title": POST}]

    staff = new_context().new_page()
    log_in(staff, server_url, "community")
    go(staff, f"#/duty-admin?tab=posts&shift={shift_id}")
    signups = staff.locator("[data-signup]")
    expect(signups).to_have_count(1)
    expect(signups.first).to_contain_text("吴党员")
    expect(signups.first.locator("[data-signup-state]")).to_have_text("报名成功")
    shot(staff, "duty-admin-signups")


def test_two_members_take_the_last_place_offline(new_context, server_url, live_app, accounts,
                                                 make_account):
    database = live_app.config["DATABASE"]
    second = make_account("member2", node=PARTY_ORG, roles=["member"], name="郑党员")
    approve(live_app, second["id"], accounts["community"]["id"])
    shift_id = last_place_shift(live_app, accounts["community"]["id"])
    phones = []
    for username in ("member", "member2"):
        context = new_context()
        page = context.new_page()
        log_in(page, server_url, username, **({} if username == "member" else
                                               {"password": "secret123"}))
        wait_for_worker(page)
        wait_for_first_sync(page)
        load_screens(page)
        open_posts(page)
        card = page.locator("[data-post]").filter(has_text=POST)
        card.locator("summary").click()
        expect(shift_row(page, shift_id).locator("[data-places]")).to_contain_text("余 1 个名额")
        phones.append((context, page))

    for context, page in phones:   # both take the last place with no signal
        context.set_offline(True)
        shift_row(page, shift_id).get_by_role("button", name="报名", exact=True).click()
        expect(shift_row(page, shift_id).locator("[data-signup-state]")).to_have_text("待同步")
    (first_context, first), (second_context, late) = phones
    first_context.set_offline(False)
    wait_for_synced(first)
    expect(shift_row(first, shift_id).locator("[data-signup-state]")).to_have_text("报名成功")
    second_context.set_offline(False)
    wait_for_synced(late)
    row = shift_row(late, shift_id)
    expect(row).to_be_visible()   # its post stays open while sync draws the screen again
    expect(row.locator("[data-signup-state]")).to_have_text("候补第 1 位")
    expect(row.locator("[data-why]")).to_contain_text("报名到达时名额已满")
    shot(late, "duty-waiting")
    assert rows(database, "SELECT u.username, g.status, g.position FROM duty_signups g JOIN users"
                " u ON u.id = g.created_by WHERE g.shift_id = ? ORDER BY g.queued",
                [shift_id]) == [{"username": "member", "status": "confirmed", "position": None},
                                {"username": "member2", "status": "waiting", "position": 1}]
    late.get_by_role("link", name="消息").click()
    expect(late.locator("main")).to_contain_text("班次已满，您在候补第1位")


def test_a_new_member_registers_offline_and_the_staff_approve(
        page, context, new_context, server_url, live_app, accounts, make_account):
    make_account("member3", node=PARTY_ORG, roles=["member"], name="钱党员")
    log_in(page, server_url, "member3", password="secret123")
    wait_for_worker(page)
    wait_for_first_sync(page)
    load_screens(page)
    page.get_by_role("link", name="服务", exact=True).click()
    expect(page.locator("[data-reg-state=none]")).to_be_visible()
    expect(page.get_by_label("选择居住地社区")).to_contain_text("东门社区")
    context.set_offline(True)
    page.get_by_label("选择居住地社区").select_option(label="城关街道 · 东门社区")
    page.get_by_role("button", name="报到", exact=True).click()
    expect(page.locator("[data-reg-state=pending]")).to_contain_text("已向东门社区报到（待同步）")
    shot(page, "duty-register-offline")
    context.set_offline(False)
    wait_for_synced(page)
    expect(page.locator("[data-reg-state=pending]")).to_contain_text("等待社区审核")

    staff = new_context().new_page()
    log_in(staff, server_url, "community")
    staff.get_by_role("link", name="服务", exact=True).click()
    staff.get_by_role("link", name="报到与岗位").click()
    request = staff.locator("[data-registration]").filter(has_text="钱党员")
    expect(request).to_contain_text("申请到东门社区报到")
    shot(staff, "duty-admin-registrations")
    request.get_by_role("button", name="通过", exact=True).click()
    expect(staff.locator("[data-items]")).to_contain_text("已通过钱党员的报到")

    page.reload()
    wait_for_first_sync(page)
    page.get_by_role("link", name="服务", exact=True).click()
    expect(page.locator("[data-reg-state=approved]")).to_contain_text("已在东门社区报到")
    expect(page.locator("[data-no-claim]")).to_be_visible()


def test_staff_publish_a_post_and_a_shift_offline_and_cancel_the_shift(
        page, context, server_url, live_app, accounts, page_errors):
    database = live_app.config["DATABASE"]
    log_in(page, server_url, "community")
    wait_for_worker(page)
    wait_for_first_sync(page)
    load_screens(page)
    go(page, "#/duty-admin?tab=posts")
    expect(page.locator("[data-post]")).to_have_count(3)
    context.set_offline(True)
    page.get_by_role("link", name="新建岗位").click()
    page.get_by_label("岗位名称").fill("夜间巡逻")
    page.get_by_label("可认领人数").fill("4")
    page.get_by_role("button", name="保存岗位").click()
    card = page.locator("[data-post]").filter(has_text="夜间巡逻")
    expect(card.locator(".status")).to_have_text("待同步")
    card.get_by_role("link", name="新建班次").click()
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    page.get_by_label("日期").fill(tomorrow)
    page.get_by_label("开始").fill("20:00")
    page.get_by_label("结束").fill("19:00")
    page.get_by_role("button", name="保存班次").click()
    # the phone says what the server would: a shift ends after it starts
    expect(page.locator("[data-error-for=ends_at]")).to_have_text("结束时间要晚于开始时间")
    page.get_by_label("结束").fill("22:00")
    page.get_by_role("button", name="保存班次").click()
    shift = card.locator("[data-shift-row]")
    expect(shift).to_have_count(1)
    expect(shift.locator("[data-places]")).to_have_text("已报名 0/3")
    shot(page, "duty-admin-posts")
    context.set_offline(False)
    wait_for_synced(page)
    [stored] = rows(database, "SELECT s.id, s.starts_at, s.ends_at, s.cancelled FROM duty_shifts"
                    " s JOIN duty_posts p ON p.id = s.post_id WHERE p.title = '夜间巡逻'")
    assert (stored["starts_at"], stored["ends_at"], stored["cancelled"]) == (
        f"{tomorrow}T20:00:00+08:00", f"{tomorrow}T22:00:00+08:00", 0)

    page.once("dialog", lambda dialog: dialog.accept())
    shift.get_by_role("button", name="取消班次").click()
    expect(shift.locator("[data-places]")).to_have_text("已取消")
    wait_for_synced(page)
    assert rows(database, "SELECT cancelled FROM duty_shifts WHERE id = ?",
                [stored["id"]]) == [{"cancelled": 1}]


def test_past_the_cut_off_the_phone_keeps_a_confirmed_place(page, server_url, live_app,
                                                           accounts):
    """The community's cut-off, as the phone applies it: a confirmed sign-up of a shift
    starting within it has no 取消报名 and says why; a later one is cancelled."""
    staff, member = accounts["community"]["id"], accounts["member"]["id"]
    soon = last_place_shift(live_app, staff, days=0, hour=0)
    later = last_place_shift(live_app, staff, days=5)
    start = (dt.datetime.now(CHINA) + dt.timedelta(hours=1)).replace(microsecond=0)

    def work(db):
        shift = db["duty_shifts"].get(soon)
        store.save(db, None, SHIFT, soon, shift, {
            **shift, "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=1)).isoformat()})
        user = load_user_row(db, member)
        for shift_id in (soon, later):
            row = db["duty_shifts"].get(shift_id)
            store.save(db, user, SIGNUP, str(uuid.uuid4()), None, {
                "shift_id": shift_id, "post_id": row["post_id"], "node_id": row["node_id"],
                "starts_at": row["starts_at"], "ends_at": row["ends_at"],
                "status": "confirmed", "position": None, "queued": 1, "cancel_reason": None,
                "cancelled_at": None})
    arrange(live_app, work)
    log_in(page, server_url, "member")
    page.get_by_role("link", name="服务", exact=True).click()
    near, far = shift_row(page, soon), shift_row(page, later)
    expect(near).to_contain_text("已过取消截止时间（班次开始前 2 小时）")
    expect(near.get_by_role("button", name="取消报名")).to_have_count(0)
    expect(far.get_by_role("button", name="取消报名")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    far.get_by_role("button", name="取消报名").click()
    wait_for_synced(page)
    expect(far).to_have_count(0)   # no longer among my next shifts
    assert rows(live_app.config["DATABASE"], "SELECT status, cancel_reason FROM duty_signups"
                " WHERE shift_id = ?", [later]) == [{"status": "cancelled",
                                                    "cancel_reason": "member"}]


def test_the_party_organisation_sees_its_members_without_a_post(page, server_url):
    """Whoever keeps the member's own party organisation's books lists its members who have
    claimed no post this year (the demo member has none yet) and exports their hours."""
    log_in(page, server_url, "supervisor")
    page.get_by_role("link", name="管理").click()
    page.locator(".admin-sections").get_by_role("link", name="党员双报到").click()
    expect(page.locator(".screen-duty-party [data-without]")).to_contain_text("吴党员")
    expect(page.get_by_role("link", name=re.compile("服务时长（Excel）"))).to_have_attribute(
        "href", re.compile(r"^/api/duty/hours/export\.xlsx\?year=\d{4}$"))
