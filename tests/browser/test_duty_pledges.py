"""Pledges (承诺践诺) in a real browser on a 360-px phone: 吴党员 makes a pledge and records its
fulfilment with a photo offline, both synced when the connection comes back; 周社工 confirms it
online; the community's public board shows it with the name masked (吴*), and the member's
phone shows it kept. The phone applies the server's date rules before saving."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from qzapp.clock import today
from qzapp.db import connect
from tests.duty_places import register
from tests.images import phone_jpeg

from .helpers import (
    log_in,
    other_phone,
    rows,
    shot,
    wait_for_first_sync,
    wait_for_picture,
    wait_for_synced,
    wait_for_worker,
)

pytestmark = pytest.mark.browser

TEXT = "每月为小区独居老人上门服务一次"


def go(page, hash_):
    """Open a screen by its address, as a tap on a link would (no reload)."""
    page.evaluate("(h) => { location.hash = h; }", hash_)


def approved_member(database, accounts):
    """东门社区's id, with 吴党员 registered there and approved (the demo's, or made here)."""
    east = rows(database, "SELECT * FROM org_nodes WHERE name = '东门社区'")[0]
    member = accounts["member"]
    if not rows(database, "SELECT 1 FROM duty_registrations WHERE created_by = ? AND"
                " node_id = ? AND status = 'approved' AND deleted = 0", [member["id"], east["id"]]):
        db = connect(str(database))
        try:
            register(db, member, east)
        finally:
            db.close()
    return east["id"]


def test_a_pledge_made_and_kept_offline_confirmed_and_shown_masked(
        page, context, new_context, server_url, live_app, accounts, tmp_path, page_errors):
    database = live_app.config["DATABASE"]
    east = approved_member(database, accounts)
    photo = tmp_path / "visit.jpg"
    photo.write_bytes(phone_jpeg())
    due = dt.date(today().year, 12, 31).isoformat()
    log_in(page, server_url, "member")
    wait_for_worker(page)
    wait_for_first_sync(page)
    page.evaluate("() => Promise.all(['duty-pledge'].map((n) => import(`/js/views/${n}.js`)))")
    context.set_offline(True)

    go(page, "#/duty-pledge")
    form = page.locator("[data-pledge-form]")
    form.get_by_label("承诺内容").fill(TEXT)
    # the phone applies the server's rule: not due before today
    form.get_by_label("完成日期").fill((today() - dt.timedelta(days=1)).isoformat())
    form.get_by_role("button", name="保存").click()
    expect(form.locator("[data-error-for=due_on]")).not_to_be_empty()
    form.get_by_label("完成日期").fill(due)
    form.get_by_role("button", name="保存").click()

    card = page.locator("[data-pledge-id]")
    expect(card).to_contain_text(TEXT)
    expect(card.locator("[data-pledge-state]")).to_have_text("未践诺")
    expect(card).to_contain_text("待同步")
    record = page.locator("[data-record-form]")
    record.get_by_label("践诺情况").fill("11月上门三次，帮王奶奶买药")
    record.locator("[data-photo-input]").set_input_files(str(photo))
    expect(record.locator(".photo-tile img")).to_have_count(1)
    record.get_by_role("button", name="保存践诺记录").click()
    expect(page.locator("[data-pledge-record]")).to_have_count(1)
    wait_for_picture(page.locator("[data-pledge-record] img").first)
    # a record waiting to be sent: the pledge waits for the community
    expect(card.locator("[data-pledge-state]")).to_have_text("待社区确认")
    shot(page, "duty-pledge-offline")

    context.set_offline(False)
    wait_for_synced(page)
    [pledge] = rows(database, "SELECT * FROM duty_pledges WHERE created_by = ?",
                    [accounts["member"]["id"]])
    assert (pledge["text"], pledge["due_on"], pledge["status"], pledge["node_id"]) == (
        TEXT, due, "fulfilled", east)
    [kept] = rows(database, "SELECT photos FROM duty_pledge_records WHERE pledge_id = ?",
                  [pledge["id"]])
    assert len(kept["photos"]) > 2 and rows(database, "SELECT 1 FROM media")

    staff = other_phone(new_context, server_url, "community")
    go(staff, "#/duty-pledges-admin")
    staff.locator(f"[data-pledge='{pledge['id']}']").click()
    detail = staff.locator("[data-pledge-id]")
    expect(detail).to_contain_text("吴党员")
    wait_for_picture(staff.locator("[data-pledge-record] img").first)
    staff.get_by_role("button", name="确认践诺").click()
    expect(detail).to_have_attribute("data-state", "confirmed")
    shot(staff, "duty-pledge-confirmed")
    assert rows(database, "SELECT status FROM duty_pledges WHERE id = ?",
                [pledge["id"]])[0]["status"] == "confirmed"

    board = new_context().new_page()
    board.goto(f"{server_url}/board/{east}")
    expect(board.get_by_text(f"吴*：{TEXT}（12月） · 已践诺")).to_be_visible()
    assert "吴党员" not in board.content()

    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(card.locator("[data-pledge-state]")).to_have_text("已践诺", timeout=15_000)


def test_staff_make_a_team_and_its_member_reads_it(page, new_context, server_url, live_app,
                                                   accounts, page_errors):
    """周社工 makes a volunteer team (its leader picked from the approved members) and it
    reaches the server; 吴党员 reads it as their own team, their name in full."""
    database = live_app.config["DATABASE"]
    approved_member(database, accounts)
    log_in(page, server_url, "community")
    wait_for_first_sync(page)
    go(page, "#/duty-teams?new=1")
    form = page.locator("[data-team-form]")
    form.get_by_label("队名").fill("红马甲服务队")
    form.get_by_label("队长").select_option(label="吴党员")
    form.get_by_role("button", name="保存").click()
    expect(page.locator("[data-team]")).to_contain_text("队长：吴党员")
    wait_for_synced(page)
    shot(page, "duty-teams-staff")
    [team] = rows(database, "SELECT name, leader_id, node_id FROM duty_teams")
    assert (team["name"], team["leader_id"]) == ("红马甲服务队", accounts["member"]["id"])

    member = other_phone(new_context, server_url, "member")
    go(member, "#/duty-teams")
    card = member.locator("[data-team][data-mine=true]")
    expect(card).to_contain_text("红马甲服务队")
    expect(card).to_contain_text("队长：吴党员")
