"""Early warning (舆情预警) in a real browser on a 360-px phone: five disputes at 青山村 in a week
make the tick raise a warning, which 李督查 finds from 管理, follows to exactly those appeals
in the ledger, and acknowledges with a note; 陈书记 writes a major-situation report offline,
it syncs and goes up to 示范县 (青山乡 has nobody to acknowledge it), where 李督查 acknowledges
it and the secretary's phone shows the new state."""
import re

import pytest
from playwright.sync_api import expect

from qzapp import clock, tick
from qzapp.db import connect
from tests.factories import ApiClient, new_id, put

from .helpers import (
    log_in,
    other_phone,
    rows,
    shot,
    wait_for_first_sync,
    wait_for_synced,
    wait_for_worker,
)

pytestmark = pytest.mark.browser

NOTE = "已召开调解会，明确专人跟进"


def go(page, hash_):
    """Open a screen by its address, as a tap on a link would (no reload)."""
    page.evaluate("(h) => { location.hash = h; }", hash_)


def raise_disputes(live_app, count=5):
    """count disputes taken in at 青山村 today through sync, then the tick."""
    phone = ApiClient(live_app.test_client()).as_user("secretary", "qzdemo2026")
    at = clock.now().astimezone(clock.CHINA).isoformat(timespec="seconds")
    results = phone.push([put(mid, new_id(), {
        "case_id": new_id(), "kind": "receive", "at": at,
        "data": {"channel": "hotline", "category": "dispute", "text": f"邻里土地纠纷第{mid}起"}},
        entity="case_event") for mid in range(1, count + 1)], device="test-phone").json
    assert {r["status"] for r in results["results"]} == {"applied"}
    db = connect(live_app.config["DATABASE"])
    try:
        with live_app.app_context():
            return tick.run(db, only={"warnings"})["warnings"]
    finally:
        db.close()


def test_a_supervisor_follows_a_warning_to_its_cases_and_acknowledges_it(
        page, server_url, live_app, accounts, page_errors):
    assert raise_disputes(live_app)["raised"] == 1
    database = live_app.config["DATABASE"]
    log_in(page, server_url, "supervisor")
    go(page, "#/admin")
    page.get_by_role("link", name=re.compile("舆情预警")).click()
    card = page.locator("[data-warning]")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("青山乡 › 青山村")
    expect(card).to_contain_text("矛盾纠纷")
    expect(card.locator(".warning-count strong")).to_have_text("5")
    box = card.get_by_role("button", name="确认预警").bounding_box()
    assert box["height"] >= 44 and box["width"] <= 360
    shot(page, "warnings-open")

    card.get_by_role("link", name="查看这 5 件诉求").click()
    expect(page).to_have_url(re.compile(r"#/ledger\?.*category=dispute"))
    expect(page.locator(".result-count")).to_have_attribute("data-total", "5")
    expect(page.locator(".case-list li")).to_have_count(5)
    page.go_back()

    card = page.locator("[data-warning]")
    card.get_by_label("处置情况").fill(NOTE)
    card.get_by_role("button", name="确认预警").click()
    expect(page.get_by_text("没有待确认的预警")).to_be_visible()
    [warning] = rows(database, "SELECT * FROM warnings")
    assert (warning["status"], warning["note"], warning["acknowledged_by"]) == (
        "acknowledged", NOTE, accounts["supervisor"]["id"])
    page.get_by_role("button", name="已确认").click()
    expect(page.locator("[data-warning]")).to_contain_text(f"意见：{NOTE}")


def test_a_report_written_offline_syncs_and_goes_up(
        page, context, new_context, server_url, live_app, accounts, page_errors):
    database = live_app.config["DATABASE"]
    log_in(page, server_url, "secretary")
    wait_for_worker(page)
    wait_for_first_sync(page)
    page.evaluate("() => Promise.all(['situation-new', 'situations'].map("
                  "(n) => import(`/js/views/${n}.js`)))")
    # From home: the village's staff reach it there.
    expect(page.locator("[data-section=reports]")).to_be_visible()
    shot(page, "situation-home")
    context.set_offline(True)

    page.locator("[data-section=reports]").get_by_role("link", name="报告重大情况").click()
    form = page.locator("[data-situation-form]")
    form.get_by_role("button", name="保存并上报").click()
    expect(form.locator("[data-error-for=title]")).to_have_text("必填")
    form.get_by_label("标题").fill("青山村后山发生滑坡")
    form.get_by_label("类别").select_option(label="基础设施")
    form.get_by_label("等级").select_option(label="较大")
    form.get_by_label("情况说明").fill("今晨暴雨致后山滑坡，两户房屋受损，已转移群众 8 人。")
    shot(page, "situation-form")
    form.get_by_role("button", name="保存并上报").click()

    card = page.locator("[data-situation]")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("青山村后山发生滑坡")
    expect(card).to_contain_text("待同步")
    expect(card.locator("[data-severity]")).to_have_text("较大")
    shot(page, "situation-offline")

    context.set_offline(False)
    wait_for_synced(page)
    [report] = rows(database, "SELECT * FROM situation_reports")
    assert (report["title"], report["node_id"], report["status"]) == (
        "青山村后山发生滑坡", accounts["secretary"]["node_id"], "awaiting")
    county = rows(database, "SELECT id FROM org_nodes WHERE name = '示范县'")[0]["id"]
    assert report["awaiting_node_id"] == county
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(card.locator(".chip[data-state=awaiting]")).to_have_text("待示范县确认", timeout=15_000)
    expect(card.locator("[data-level][data-state=skipped]")).to_contain_text("青山乡")

    supervisor = other_phone(new_context, server_url, "supervisor")
    go(supervisor, "#/situations")
    theirs = supervisor.locator(f"[data-situation='{report['id']}']")
    expect(theirs).to_contain_text("陈书记")
    theirs.get_by_label("确认意见").fill("已知悉，请做好群众安置")
    theirs.get_by_role("button", name="确认").click()
    expect(supervisor.get_by_text("已确认", exact=True)).to_be_visible()
    shot(supervisor, "situation-acknowledged")
    assert rows(database, "SELECT awaiting_node_id FROM situation_reports")[0][
        "awaiting_node_id"] != county

    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(card.locator(f"[data-level='{county}']")).to_contain_text("李督查", timeout=15_000)
