"""The ledger's administration in a real browser: the deadline table an admin sets for a node
(field errors, where each figure comes from, the holiday calendar's years), and unannounced
inspections recorded offline by a supervisor."""
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from qzapp.ledger import workdays
from qzapp.ledger.rules import DEFAULT_DEADLINES
from tests.images import phone_jpeg

from .helpers import log_in, rows, shot, wait_for_first_sync, wait_for_synced, wait_for_worker

pytestmark = pytest.mark.browser


def node_id(database, name):
    """The id of the org node called name."""
    return rows(database, "SELECT id FROM org_nodes WHERE name = ?", [name])[0]["id"]


def figure(row, label, value):
    """Type a number of working days into one row of the table."""
    row.get_by_label(label).fill(value)


def test_admin_sets_a_category_deadline_with_errors_at_their_fields(page, server_url, live_app,
                                                                   page_errors):
    """A 医疗 override: an empty figure is caught on the phone, a too-large one and accepting
    after closing by the server, each under its own field with what was typed kept; fixed,
    it is saved, and after a reload it is marked 本级设置 while the rest stay 系统默认. The
    screen names the holiday calendar's years and what happens past them."""
    database = live_app.config["DATABASE"]
    log_in(page, server_url, "admin")
    page.get_by_role("link", name="管理").click()
    page.get_by_role("link", name="办理期限").click()

    first, last = workdays.known_years()
    calendar = page.locator("[data-calendar]")
    expect(calendar).to_contain_text(f"{first}–{last} 年")
    expect(calendar).to_contain_text("超出这些年份的日期只按周末计算（不含法定节假日和调休）")
    this_year = dt.datetime.now(ZoneInfo("Asia/Shanghai")).year
    expect(calendar).to_have_attribute("data-near", json.dumps(this_year + 1 > last))

    form = page.locator("[data-form=deadlines]")
    general = form.locator("[data-category=''][data-urgency=normal]")
    expect(general).to_contain_text("系统默认")
    expect(general.get_by_label("办结（工作日）")).to_have_value(
        str(DEFAULT_DEADLINES["normal"]["close"]))
    form.get_by_label("单独设置期限的类别").select_option("medical")
    form.get_by_role("button", name="添加类别").click()
    medical = {u: form.locator(f"[data-category=medical][data-urgency={u}]")
               for u in ("normal", "urgent", "critical")}
    expect(medical["normal"]).to_contain_text("本级设置（未保存）")

    figure(medical["normal"], "受理（工作日）", "9")
    figure(medical["normal"], "办结（工作日）", "3")
    figure(medical["urgent"], "办结（工作日）", "300")
    figure(medical["critical"], "受理（工作日）", "")
    form.get_by_role("button", name="保存办理期限").click()
    expect(medical["critical"].locator("[data-error-for$='.accept']")).to_have_text("必填")

    figure(medical["critical"], "受理（工作日）", "0")
    form.get_by_role("button", name="保存办理期限").click()
    expect(medical["normal"].locator("[data-error-for$='.accept']")).to_have_text(
        "受理期限不能晚于办结期限")
    expect(medical["urgent"].locator("[data-error-for$='.close']")).to_have_text(
        "天数应在 0 到 250 个工作日之间")
    expect(medical["critical"].locator(".field-error:not(:empty)")).to_have_count(0)
    expect(medical["normal"].get_by_label("受理（工作日）")).to_have_value("9")
    expect(medical["urgent"].get_by_label("办结（工作日）")).to_have_value("300")
    shot(page, "deadlines-errors")

    figure(medical["normal"], "办结（工作日）", "12")
    figure(medical["urgent"], "办结（工作日）", "4")
    form.get_by_role("button", name="保存办理期限").click()
    expect(page.locator(".toast")).to_have_text("已保存")
    county = node_id(database, "示范县")
    saved = rows(database, "SELECT category, urgency, accept_days, close_days FROM"
                           " deadline_rules WHERE node_id = ? ORDER BY urgency", [county])
    assert {(r["urgency"], r["accept_days"], r["close_days"]) for r in saved} == {
        ("normal", 9, 12), ("urgent", 1, 4), ("critical", 0, 1)}
    assert {r["category"] for r in saved} == {"medical"}

    page.reload()
    for row in medical.values():
        expect(row.locator("[data-source]")).to_have_text("本级设置")
    expect(medical["normal"].get_by_label("办结（工作日）")).to_have_value("12")
    expect(general.locator("[data-source]")).to_have_text("系统默认")
    shot(page, "deadlines-saved")


def test_supervisor_records_an_inspection_offline_and_it_reaches_the_list(
        page, context, server_url, live_app, accounts, tmp_path, page_errors):
    """Offline, a supervisor records an unannounced inspection of 青山村's window with a
    photo; it waits on the phone, and once online it is sent and listed from the server."""
    database = live_app.config["DATABASE"]
    village = node_id(database, "青山村")
    photo = tmp_path / "window.jpg"
    photo.write_bytes(phone_jpeg())
    log_in(page, server_url, "supervisor")
    wait_for_worker(page)
    wait_for_first_sync(page)
    page.evaluate("() => { location.hash = '#/inspections'; }")
    expect(page.locator("[data-list]")).to_contain_text("还没有暗访记录")
    page.get_by_role("link", name="记录暗访").click()
    expect(page.locator(f"select[name=node_id] option[value='{village}']")).to_have_count(1)

    context.set_offline(True)
    expect(page.get_by_label("暗访时间")).not_to_have_value("")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("[data-error-for=window]")).to_have_text("必填")
    page.get_by_label("被暗访单位").select_option(str(village))
    page.get_by_label("窗口").fill("便民服务窗口")
    page.get_by_label("有问题").check()
    page.get_by_label("发现的情况").fill("窗口无人值守二十分钟")
    page.get_by_label("整改要求").fill("三日内落实首问负责")
    page.locator("[data-photo-input]").set_input_files(str(photo))
    expect(page.locator(".photo-tile img")).to_have_count(1)
    shot(page, "inspection-form")
    page.get_by_role("button", name="保存").click()

    unsent = page.locator("[data-unsent] [data-inspection]")
    expect(unsent).to_have_count(1)
    expect(unsent).to_contain_text("待同步")
    expect(unsent).to_contain_text("青山村")
    shot(page, "inspections-offline")

    context.set_offline(False)
    wait_for_synced(page)
    listed = page.locator("[data-list] [data-inspection]")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("便民服务窗口")
    expect(listed).to_contain_text("有问题")
    expect(listed).to_contain_text("李督查 暗访")
    expect(page.locator("[data-unsent]")).to_have_count(0)
    shot(page, "inspections-synced")
    [stored] = rows(database, "SELECT * FROM inspections")
    assert (stored["node_id"], stored["result"], stored["created_by"]) == (
        village, "issues", accounts["supervisor"]["id"])
    assert stored["follow_up"] == "三日内落实首问负责"
    assert stored["visited_at"].endswith("+08:00") and len(json.loads(stored["photos"])) == 1
