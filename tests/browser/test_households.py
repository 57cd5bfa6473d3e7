"""Households on the phone: my households offline with masked personal data and recorded
reveals, the register as keepers and supervisors see it, a household registered offline
with the phone's own checks and the duplicate warning (the server's too), a handover by an
administrator, and the register in Excel.

Set QZ_SCREENSHOTS=<folder> to keep a 360-px screenshot of each screen."""
import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from qzapp.households import excel, rules
from tests.factories import xlsx_file
from tests.jobs import hold_writes
from tests.test_households import ID_CASES, ROTATION_CASES

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

pytestmark = pytest.mark.browser

MASKED_PHONE = re.compile(r"^\d{3}\*{4}\d{4}$")
MASKED_ID = re.compile(r"^\d{4}\*{10}\d{3}[\dX]$")


def tab(page, name):
    """A tab of the bottom navigation."""
    return page.locator("#tabbar").get_by_role("link", name=name)


def sync_again(page):
    """Run a sync from the 同步 screen and wait for it to finish."""
    before = badge(page).get_attribute("data-last-ok")
    badge(page).click()
    page.get_by_role("button", name="立即同步").click()
    expect(badge(page)).not_to_have_attribute("data-last-ok", before, timeout=SAVE_TIMEOUT)


def cadre_households(database, cadre_id):
    """The households paired with a cadre now, by id."""
    return {r["id"]: r for r in rows(
        database, "SELECT h.* FROM households h JOIN pairings p ON p.household_id = h.id"
        " WHERE p.cadre_id = ? AND p.end_date IS NULL", [cadre_id])}


def qingshan_household(database):
    """A household of 青山村 (registered under one of its grids) with an ID number."""
    return rows(database, "SELECT h.* FROM households h JOIN org_nodes n ON n.id = h.node_id"
                " WHERE n.name = '青山村第二网格' AND h.id_number IS NOT NULL"
                " ORDER BY h.head_name LIMIT 1")[0]


def valid_id(birth="19800101", serial="123"):
    """A resident ID number with a correct check digit."""
    first17 = f"510124{birth}{serial}"
    return first17 + rules.id_check_digit(first17)


# --- (a) my households offline, masked phone, one recorded reveal -----------------------------

def test_my_households_offline_and_a_recorded_reveal(page, context, server_url, live_app,
                                                     accounts):
    """Offline, 我的结对户 lists the five paired households with the overdue follow-up first
    and rotation badges; the phone shows masked until 显示, which records one reveal."""
    database = live_app.config["DATABASE"]
    cadre = accounts["cadre"]
    mine = cadre_households(database, cadre["id"])
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    context.set_offline(True)

    tab(page, "结对户").click()
    rows_shown = page.locator(".mine-row")
    expect(rows_shown).to_have_count(5)
    first = rows_shown.first
    expect(first).to_have_attribute("data-overdue", "true")
    expect(first.locator(".mine-next")).to_have_class(re.compile("is-overdue"))
    expect(first.locator(".mine-next")).to_contain_text("回访已逾期")
    expect(page.locator(".mine-row[data-overdue=true]")).to_have_count(1)
    expect(page.locator(".mine-list .rotation-due")).to_have_text(["应轮换"])
    expect(page.locator(".mine-list .rotation-overdue")).to_have_text(["超期未轮换"])
    expect(page.locator(".mine-row").filter(has_text="还没有走访")).to_have_count(2)
    shot(page, "01-my-households-offline")

    household_id = first.get_attribute("data-id")
    household = mine[household_id]
    first.click()
    expect(page.locator(".household-name")).to_have_text(household["head_name"])
    phone = page.locator(".secret-value[data-value=phone]")
    expect(phone).to_have_text(MASKED_PHONE)
    expect(page.locator(".secret-value[data-value=id_number]")).to_have_text(MASKED_ID)
    expect(page.locator(".diary-item")).to_have_count(1)
    expect(page.get_by_role("link", name="写走访日记")).to_have_attribute(
        "href", f"#/diary-new?household={household_id}")
    shot(page, "02-household-masked")

    page.get_by_role("button", name="显示完整电话").click()
    expect(phone).to_have_text(household["phone"])
    expect(page.locator(".secret-value[data-value=id_number]")).to_have_text(MASKED_ID)
    expect(badge(page)).to_have_attribute("data-pending", "1")
    shot(page, "03-household-revealed")
    assert rows(database, "SELECT * FROM reveals") == []

    context.set_offline(False)
    wait_for_synced(page)
    reveals = rows(database, "SELECT household_id, field, created_by, revealed_at FROM reveals")
    assert [(r["household_id"], r["field"], r["created_by"]) for r in reveals] == [
        (household_id, "phone", cadre["id"])]
    assert reveals[0]["revealed_at"].endswith("+08:00")
    expect(phone).to_have_text(household["phone"])  # still shown after sync redrew the page


# --- (b) a supervisor sees masked values and no 显示 ----------------------------------------

def test_supervisor_sees_masked_values_without_reveal(page, server_url, live_app):
    """The supervisor's register (pulled data) masks names, phone and ID number and offers
    no 显示; the full name is nowhere on the phone to search by."""
    household = qingshan_household(live_app.config["DATABASE"])
    masked_name = household["head_name"][0] + "*"
    log_in(page, server_url, "supervisor")
    wait_for_first_sync(page)
    tab(page, "户籍台账").click()
    expect(page.locator(".register-row")).to_have_count(60)
    page.get_by_label("搜索户主或地址").fill(household["head_name"])
    expect(page.locator(".register-row")).to_have_count(0)
    page.get_by_label("搜索户主或地址").fill("")
    row = page.locator(f".register-row[data-id='{household['id']}']")
    expect(row).to_contain_text(masked_name)
    expect(page.get_by_role("link", name="登记新户")).to_have_count(0)
    shot(page, "04-register-supervisor")
    row.click()
    expect(page.locator(".household-name")).to_have_text(masked_name)
    expect(page.locator(".secret-value[data-value=phone]")).to_have_text(MASKED_PHONE)
    expect(page.locator(".secret-value[data-value=id_number]")).to_have_text(MASKED_ID)
    expect(page.locator("[data-reveal]")).to_have_count(0)
    expect(page.get_by_role("link", name="修改")).to_have_count(0)
    shot(page, "05-household-supervisor")


# --- (c) village staff register households offline --------------------------------------------

def test_village_staff_add_offline_with_checks_and_duplicate_warning(
        page, context, server_url, live_app):
    """An impossible birth year is answered beside its field with nothing typed lost; the fixed
    household saves offline and syncs; the same head and ID number again is warned about with
    a link to the household that exists."""
    database = live_app.config["DATABASE"]
    existing = qingshan_household(database)
    id_number = valid_id()
    log_in(page, server_url, "village")
    wait_for_worker(page)
    wait_for_first_sync(page)
    tab(page, "户籍台账").click()
    expect(page.locator(".register-row")).to_have_count(10)
    # The village's grids are named by the server; the phone remembers them for offline use.
    expect(page.locator("select[name=node] option").filter(has_text="青山村第一网格")) \
        .to_have_count(1)
    shot(page, "06-register-village")
    context.set_offline(True)

    page.get_by_role("link", name="登记新户").click()
    form = page.locator(".household-form")
    expect(form).to_be_visible()
    page.get_by_label("所属村（社区）或网格").select_option(label="青山村第一网格")
    page.get_by_role("textbox", name="户主", exact=True).fill("杨春花")
    page.get_by_label("困难类型").select_option(label="留守儿童")
    page.get_by_label("地址").fill("青山村4组12号")
    page.get_by_label("电话").fill("13912345678")
    page.get_by_label("身份证号").fill(id_number)
    page.get_by_role("button", name="添加家庭成员").click()
    page.locator("[name='members.0.name']").fill("杨小明")
    page.locator("[name='members.0.relation']").fill("孙子")
    page.locator("[name='members.0.birth_year']").fill("2090")
    page.get_by_role("button", name="保存").click()
    this_year = page.evaluate("new Date().getFullYear()")
    expect(page.locator("[data-error-for='members.0.birth_year']")).to_have_text(
        f"出生年份应在 1900–{this_year} 之间")
    expect(page.locator("[name='members.0.birth_year']")).to_have_attribute(
        "aria-invalid", "true")
    expect(page.get_by_role("textbox", name="户主", exact=True)).to_have_value("杨春花")
    expect(page.get_by_label("身份证号")).to_have_value(id_number)
    expect(page.locator("[name='members.0.name']")).to_have_value("杨小明")
    expect(page.locator("[name='members.0.birth_year']")).to_have_value("2090")
    shot(page, "07-form-birth-year-error")

    page.locator("[name='members.0.birth_year']").fill("2012")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".household-name")).to_have_text("杨春花")
    expect(page.locator(".member-view")).to_contain_text("杨小明")
    expect(badge(page)).to_have_attribute("data-pending", "1")

    tab(page, "户籍台账").click()
    page.get_by_role("link", name="登记新户").click()
    page.get_by_label("所属村（社区）或网格").select_option(label="青山村")
    page.get_by_role("textbox", name="户主", exact=True).fill(existing["head_name"])
    page.get_by_label("困难类型").select_option(label="因病")
    page.get_by_label("身份证号").fill(existing["id_number"])
    page.get_by_role("button", name="保存").click()
    warning = page.locator(".duplicate-warning")
    expect(warning).to_contain_text("本村已有同名、同身份证号的户")
    expect(page.get_by_role("textbox", name="户主", exact=True)).to_have_value(existing["head_name"])
    shot(page, "08-form-duplicate")
    warning.get_by_role("link", name="打开已有的户").click()
    expect(page.locator(f".household-card[data-id='{existing['id']}']")).to_be_visible()
    expect(badge(page)).to_have_attribute("data-pending", "1")

    context.set_offline(False)
    wait_for_synced(page)
    stored = rows(database, "SELECT * FROM households WHERE head_name = '杨春花'")
    assert len(stored) == 1
    assert stored[0]["id_number"] == id_number and stored[0]["difficulty_type"] == \
        "left_behind_children"
    assert '"birth_year": 2012' in stored[0]["members"] or '"birth_year":2012' in \
        stored[0]["members"]


QUEUE_HOUSEHOLD = """async (data) => {
    const outbox = await import("/js/outbox.js");
    return outbox.saveLocal("household", data);
}"""


def test_duplicate_refused_by_the_server_links_to_the_existing_household(
        page, server_url, live_app, accounts):
    """A duplicate the phone could not see is refused by the server; 同步 shows the Chinese
    reason with a link to the existing household, and the correction form keeps the input."""
    existing = qingshan_household(live_app.config["DATABASE"])
    log_in(page, server_url, "village")
    wait_for_first_sync(page)
    page.evaluate(QUEUE_HOUSEHOLD, {
        "node_id": accounts["village"]["node_id"], "head_name": existing["head_name"],
        "difficulty_type": "illness", "id_number": existing["id_number"], "members": []})
    expect(badge(page)).to_have_attribute("data-rejected", "1", timeout=SAVE_TIMEOUT)
    badge(page).click()
    refused = page.locator(".rejected-entry")
    expect(refused).to_contain_text(f"困难户：{existing['head_name']}")
    expect(refused.locator(".field-messages")).to_have_text(
        "身份证号：本村已有同名、同身份证号的户，请打开已有的户")
    expect(refused.get_by_role("link", name="打开已有的户")).to_have_attribute(
        "href", f"#/household?id={existing['id']}")
    shot(page, "12-sync-duplicate")
    refused.get_by_role("link", name="修改后重新提交").click()
    expect(page.get_by_role("textbox", name="户主", exact=True)).to_have_value(
        existing["head_name"])
    expect(page.locator("[data-error-for=id_number]")).to_contain_text("本村已有同名")
    page.locator(".household-form .notice").get_by_role("link", name="打开已有的户").click()
    expect(page.locator(f".household-card[data-id='{existing['id']}']")).to_be_visible()


# --- (d) an administrator hands a household over ----------------------------------------------

def test_handover_moves_the_household_to_the_new_cadre(page, new_context, server_url, live_app,
                                                       accounts):
    """The administrator hands a household over from the household page; after a sync the old
    cadre no longer has it, and the new one has it with its visit diaries."""
    database = live_app.config["DATABASE"]
    log_in(page, server_url, "cadre")
    wait_for_first_sync(page)
    tab(page, "结对户").click()
    expect(page.locator(".mine-row")).to_have_count(5)
    household_id = page.locator(".mine-row").first.get_attribute("data-id")
    household = rows(database, "SELECT * FROM households WHERE id = ?", [household_id])[0]

    admin = other_phone(new_context, server_url, "admin")
    tab(admin, "管理").click()
    admin.locator(".admin-section").filter(has_text="户籍台账").click()
    # The administrator does not handle the household: its name shows masked (王*), so they
    # find it by its place in the register rather than by the name.
    admin_row = admin.locator(f".register-row[data-id='{household_id}']")
    expect(admin_row).to_contain_text(household["head_name"][0] + "*")
    admin_row.click()
    admin.get_by_role("link", name="交接").click()
    expect(admin.locator(".cadre-choice")).to_have_count(1)  # the current cadre is left out
    admin.get_by_label("张县长").check()
    admin.get_by_label("交接说明").fill("该户孩子上学问题已协调，医保报销还在跟进")
    shot(admin, "09-handover-form")
    admin.get_by_role("button", name="确认交接").click()
    expect(admin.locator(".household-card")).to_be_visible()
    expect(admin.locator(".pairing-item[data-open=true]")).to_contain_text(
        "张县长", timeout=SAVE_TIMEOUT)
    expect(admin.locator(".pairing-item[data-open=false]")).to_contain_text("医保报销还在跟进")
    shot(admin, "10-household-after-handover")
    tab(admin, "管理").click()
    admin.locator(".admin-section").filter(has_text="轮换提醒").click()
    expect(admin.locator(".station-row")).to_have_count(1)
    shot(admin, "11-rotation")

    assert [r["cadre_id"] for r in rows(
        database, "SELECT cadre_id FROM pairings WHERE household_id = ? AND end_date IS NULL",
        [household_id])] == [accounts["leader"]["id"]]
    sync_again(page)
    tab(page, "结对户").click()
    expect(page.locator(".mine-row")).to_have_count(4)
    expect(page.locator(f".mine-row[data-id='{household_id}']")).to_have_count(0)

    leader = other_phone(new_context, server_url, "leader")
    tab(leader, "结对户").click()
    expect(leader.locator(".station-card")).to_contain_text("挂职蹲点：石桥村")
    expect(leader.locator(".station-card .rotation-due")).to_have_text("应轮换")
    leader.locator(f".mine-row[data-id='{household_id}']").click()
    expect(leader.locator(".diary-item")).to_have_count(1)
    expect(leader.locator(".pairing-item")).to_have_count(2)
    expect(leader.locator("[data-reveal]")).to_have_count(2)


# --- (f) the register in Excel ----------------------------------------------------------------

def register_workbook(path, rows):
    """An .xlsx with the sheet 户籍 in the export's columns."""
    path.write_bytes(xlsx_file({excel.SHEET: [list(excel.COLUMNS), *rows]}).getvalue())
    return path


def test_import_shows_each_bad_row_then_imports(page, server_url, live_app, tmp_path,
                                                monkeypatch):
    """A file with a bad row imports nothing and lists the row and its reason; corrected, it
    is imported as a job whose progress shows (rows checked, rows written) until it ends, and
    the new household reaches the phone; 导出 downloads the register."""
    database = live_app.config["DATABASE"]
    good = ["", "青山村第一网格", "冯桂兰", "因病", "医疗救助", "青山村5组8号", "13800001111",
            valid_id("19560303", "456"), "冯大山（儿子，1982）"]
    bad = ["", "青山村第二网格", "韩德明", "贫困", "", "", "", "", "韩小宝（孙子，2090）"]
    log_in(page, server_url, "village")
    wait_for_first_sync(page)
    tab(page, "户籍台账").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book[excel.SHEET].max_row == 11  # titles and the village's ten households

    page.get_by_role("link", name="导入 Excel").click()
    page.locator("input[type=file]").set_input_files(
        str(register_workbook(tmp_path / "bad.xlsx", [good, bad])))
    page.get_by_role("button", name="导入").click()
    errors = page.locator(".import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.filter(has_text="困难类型")).to_contain_text("3")
    expect(errors.filter(has_text="家庭成员")).to_contain_text("出生年份")
    shot(page, "13-import-errors")
    assert rows(database, "SELECT * FROM households WHERE head_name = '冯桂兰'") == []

    gate = hold_writes(monkeypatch)   # the job stops before its write: its progress shows
    page.locator("input[type=file]").set_input_files(
        str(register_workbook(tmp_path / "good.xlsx", [good])))
    page.get_by_role("button", name="导入").click()
    progress = page.locator(".job-progress")
    expect(progress).to_contain_text("检查通过，正在写入…")
    expect(progress.locator("[data-job-counts]")).to_have_text("已检查 1 / 1 行，已写入 0 行")
    expect(progress.locator("progress").first).to_have_attribute("value", "1")
    expect(progress.locator("progress").last).to_have_attribute("value", "0")
    expect(page.get_by_role("button", name="正在导入…")).to_be_disabled()
    shot(page, "14-import-progress")
    page.locator(".back-link").click()   # away and back: the import is shown again
    page.get_by_role("link", name="导入 Excel").click()
    expect(page.locator(".job-progress [data-job-counts]")).to_have_text(
        "已检查 1 / 1 行，已写入 0 行")
    gate.set()
    expect(page.locator("[data-imported]")).to_contain_text("已导入 1 户")
    expect(progress).to_have_count(0)
    shot(page, "15-import-done")
    page.locator("[data-imported]").get_by_role("link", name="户籍台账").click()
    imported = page.locator(".register-row").filter(has_text="冯桂兰")
    expect(imported).to_have_count(1, timeout=SAVE_TIMEOUT)


# --- (g) stationed cadres -----------------------------------------------------------------------

def test_admin_ends_and_adds_a_stationing(page, server_url, live_app, accounts):
    """轮换提醒 lists the stationed cadre as due; 结束 records the end date, and 安排挂职蹲点
    stations another cadre in a village."""
    database = live_app.config["DATABASE"]
    log_in(page, server_url, "admin")
    tab(page, "管理").click()
    page.locator(".admin-section").filter(has_text="轮换提醒").click()
    station = page.locator(".station-row")
    expect(station).to_have_count(1)
    expect(station).to_contain_text("张县长")
    expect(station.locator(".rotation-due")).to_have_text("应轮换")
    expect(page.locator(".rotation-row[data-rotation=overdue]")).to_have_count(1)
    expect(page.locator(".rotation-row[data-rotation=due]")).to_have_count(1)
    station.get_by_role("link", name="结束").click()
    page.get_by_role("button", name="结束").click()
    expect(page.locator(".station-row")).to_have_count(0)

    page.get_by_role("link", name="安排挂职蹲点").click()
    page.get_by_role("button", name="确认安排").click()
    expect(page.locator("[data-error-for=cadre_id]")).to_have_text("请选择一位干部")
    expect(page.locator("[data-error-for=node_id]")).to_have_text("必填")
    page.get_by_label("刘干部").check()
    page.get_by_label("蹲点村（社区）").select_option(label="柳湾村")
    page.get_by_label("职务").fill("第一书记")
    page.get_by_role("button", name="确认安排").click()
    expect(page.locator(".station-row")).to_have_count(1)
    expect(page.locator(".station-row")).to_contain_text("柳湾村 · 第一书记")
    stationed = rows(database, "SELECT cadre_id, post, end_date FROM stationings"
                     " ORDER BY created_at")
    assert [(s["cadre_id"], s["post"], s["end_date"] is None) for s in stationed] == [
        (accounts["leader"]["id"], "驻村工作队队长", False),
        (accounts["cadre"]["id"], "第一书记", True)]


def test_the_phone_keeps_the_servers_reveal_limit(page, server_url):
    """The phone refuses to show more than the server would record (rules.py's limit)."""
    page.goto(server_url)
    answers = page.evaluate("""async ([limit, minutes]) => {
        const rules = await import('/js/households/rules.js');
        const now = Date.parse('2026-11-26T10:00:00+08:00');
        const recent = Array(limit - 1).fill('2026-11-26T09:30:00+08:00');
        const old = `2026-11-26T${String(9 - Math.ceil(minutes / 60)).padStart(2, '0')}:59:00+08:00`;
        return [rules.REVEALS_PER_WINDOW, rules.REVEAL_WINDOW_MINUTES,
                rules.mayReveal(recent, now), rules.mayReveal([...recent, recent[0]], now),
                rules.mayReveal([...recent, old], now)];
    }""", [rules.REVEALS_PER_WINDOW, rules.REVEAL_WINDOW_MINUTES])
    assert answers == [rules.REVEALS_PER_WINDOW, rules.REVEAL_WINDOW_MINUTES, True, False, True]


def test_the_phone_judges_rotation_and_id_numbers_as_the_server_does(page, server_url):
    """The 应轮换 / 超期未轮换 badges and the ID checks shown offline come from the phone's
    own rules.js: the same tables as the server's rules give the same answers."""
    page.goto(server_url)
    answers = page.evaluate("""async ([rotation, ids]) => {
        const rules = await import('/js/households/rules.js');
        return [rotation.map(([start, today]) => rules.rotationStatus(start, today)),
                ids.map(([number]) => rules.idNumberProblem(number, '2026-11-26'))];
    }""", [ROTATION_CASES, ID_CASES])
    assert answers == [[status for _, _, status in ROTATION_CASES],
                       [problem for _, problem in ID_CASES]]
