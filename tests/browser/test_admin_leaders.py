"""The administration of leaders and warnings (F8, F10) in a real browser on a 360-px phone:
the county admin reads the county's leaders with their days, sets the county leaders' target
and sees it on the leader's line, sets a leader's contact points and a 7-day threshold; a
city admin's city target below the seed's 90 days is refused under its field, what was typed
kept; a supervisor reads targets and thresholds without a way to change them."""
import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

from .helpers import log_in, rows, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def database(live_app):
    """The live server's database file."""
    return live_app.config["DATABASE"]


def node_id(database, name):
    """The id of the org node called name."""
    return rows(database, "SELECT id FROM org_nodes WHERE name = ?", [name])[0]["id"]


def fits_the_phone(page):
    """Nothing is wider than the 360-px screen, and every button, link, select and input of
    the screen is a target at least 44 px tall (a checkbox or search field: its label)."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for target in page.locator(".screen :is(.btn, .back-link, a.row-text, select, input)").all():
        if target.is_visible():
            height = target.evaluate("(e) => (e.closest('label.check, label.search-box') || e)"
                                     ".getBoundingClientRect().height")
            assert height >= 44, target.evaluate("(e) => e.outerHTML")


def open_section(page, name):
    """Open a section of 管理 from the tab bar."""
    page.locator("#tabbar").get_by_role("link", name="管理").click()
    page.locator(".admin-section", has_text=name).click()


def leader_line(page, name):
    """A leader's line in the list."""
    return page.locator(".leader-line", has_text=name)


def test_county_target_shows_on_the_leaders_line(page, server_url, accounts, database,
                                                 page_errors):
    log_in(page, server_url, "admin")
    days = page.request.get(server_url + "/api/leaders").json()["items"][0]["days"]
    open_section(page, "领导干部联系基层")
    line = leader_line(page, "张县长")
    expect(line.locator("[data-days]")).to_have_text(f"基层 {days} 天（无年度目标）")
    expect(line).to_contain_text("示范县 · 县市区")
    expect(page.locator(".result-count")).to_have_text("共 1 位领导干部")
    fits_the_phone(page)
    shot(page, "admin-leaders")

    page.get_by_role("link", name="基层工作目标").click()
    expect(page.locator("select[name=node]")).to_have_value(str(node_id(database, "示范县")))
    levels = page.locator("[data-level] > legend")
    expect(levels).to_have_text(["县市区领导", "乡镇街道领导"])
    county = page.locator("input[name='county.days_per_year']")
    expect(county).to_have_value("")
    expect(page.locator("[data-level=county]")).to_contain_text("默认不作要求")
    county.fill("60")
    fits_the_phone(page)
    shot(page, "admin-targets")
    page.get_by_role("button", name="保存目标").click()
    expect(page.locator(".toast")).to_have_text("已保存")
    saved = rows(database, "SELECT level, days_per_year, receptions_per_month FROM"
                 " leader_targets WHERE node_id = ?", [node_id(database, "示范县")])
    assert [dict(r) for r in saved] == [
        {"level": "county", "days_per_year": 60, "receptions_per_month": None}]
    expect(county).to_have_value("60")

    open_section(page, "领导干部联系基层")
    expect(leader_line(page, "张县长").locator("[data-days]")).to_have_text(
        f"基层 {days} / 60 天")
    leader_line(page, "张县长").locator("a.row-text").click()
    expect(page.locator(".screen-dash-person")).to_be_visible()
    assert f"id={accounts['leader']['id']}&year=" in page.url


def test_city_target_below_ninety_is_refused_at_its_field(page, server_url, make_account,
                                                          database, page_errors):
    make_account("cityadmin", node="示范市", roles=["admin"], name="市管理")
    log_in(page, server_url, "cityadmin", PASSWORD)
    page.goto(server_url + "/#/admin/targets")
    expect(page.locator("select[name=node]")).to_have_value(str(node_id(database, "示范市")))
    city = page.locator("[data-level=city]")
    expect(city.locator("legend")).to_have_text("市州领导")
    expect(city).to_contain_text("默认每年 90 天；不得少于 90 天")
    expect(city).to_contain_text("默认每月 1 次")
    days = page.locator("input[name='city.days_per_year']")
    days.fill("60")
    page.get_by_role("button", name="保存目标").click()
    expect(page.locator("[data-error-for='city.days_per_year']")).to_have_text(
        "该层级领导每年基层天数不得少于 90 天")
    expect(days).to_have_value("60")
    expect(days).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-form=targets] .form-error")).to_have_text("请检查填写的内容")
    fits_the_phone(page)
    shot(page, "admin-targets-refused")
    assert rows(database, "SELECT * FROM leader_targets") == []

    days.fill("100")
    page.get_by_role("button", name="保存目标").click()
    expect(page.locator(".toast")).to_have_text("已保存")
    assert rows(database, "SELECT level, days_per_year FROM leader_targets") == [
        {"level": "city", "days_per_year": 100}]


def test_admin_sets_a_leaders_contact_points(page, server_url, accounts, database, page_errors):
    leader = accounts["leader"]["id"]
    log_in(page, server_url, "admin")
    open_section(page, "领导干部联系基层")
    leader_line(page, "张县长").get_by_role("link", name="联系点").click()
    form = page.locator("[data-form=contacts]")
    expect(page.locator(".node-name")).to_have_text("张县长")
    places = form.locator("[data-place]")
    expect(places.filter(has_text="青山村")).to_have_count(1)
    assert places.filter(has_text="青山村第一网格").count() == 0   # grids are no contact points
    form.get_by_label("查找地点").fill("石桥")
    expect(places.filter(has_text="石桥村")).to_be_visible()
    expect(places.filter(has_text="东门社区")).to_be_hidden()
    form.get_by_label("查找地点").fill("")
    for name in ("石桥村", "东门社区"):
        places.filter(has_text=name).locator("input").check()
    expect(form.locator("[data-chosen]")).to_have_text("已选 2 个")
    fits_the_phone(page)
    shot(page, "admin-leader-contacts")
    form.get_by_role("button", name="保存联系点").click()
    expect(page.locator(".toast")).to_have_text("已保存")
    expect(page.locator("[data-contacts-now]")).to_have_text("现有联系点：石桥村、东门社区")
    kept = rows(database, "SELECT n.name FROM leader_contacts c JOIN org_nodes n"
                " ON n.id = c.node_id WHERE c.user_id = ? ORDER BY n.name", [leader])
    assert sorted(r["name"] for r in kept) == sorted(["石桥村", "东门社区"])

    page.reload()
    expect(places.filter(has_text="石桥村").locator("input")).to_be_checked()
    places.filter(has_text="石桥村").locator("input").uncheck()
    form.get_by_role("button", name="保存联系点").click()
    expect(page.locator("[data-contacts-now]")).to_have_text("现有联系点：东门社区")
    assert [r["node_id"] for r in rows(database, "SELECT node_id FROM leader_contacts"
                                       " WHERE user_id = ?", [leader])] == [
        node_id(database, "东门社区")]


def test_admin_changes_a_seven_day_threshold(page, server_url, database, page_errors):
    county = node_id(database, "示范县")
    log_in(page, server_url, "admin")
    open_section(page, "预警阈值")
    expect(page.locator("select[name=node]")).to_have_value(str(county))
    week = page.locator("[data-window='7']")
    expect(week.locator("[data-own]")).to_have_text("本级没有设定，全部沿用上级设定或默认值")
    expect(week.locator("[data-applied]")).to_contain_text("达到 5 件")
    absolute = page.locator("input[name='7.absolute']")
    expect(absolute).to_have_value("")
    expect(absolute).to_have_attribute("placeholder", "5")
    absolute.fill("8")
    minimum = page.locator("input[name='7.minimum']")
    minimum.fill("0")
    page.get_by_role("button", name="保存阈值").click()
    expect(page.locator("[data-error-for='7.minimum']")).not_to_be_empty()
    expect(absolute).to_have_value("8")
    assert rows(database, "SELECT * FROM warning_thresholds") == []
    minimum.fill("")
    expect(page.locator("[data-error-for='7.minimum']")).to_be_empty()
    fits_the_phone(page)
    shot(page, "admin-thresholds")
    page.get_by_role("button", name="保存阈值").click()
    expect(page.locator(".toast")).to_have_text("已保存")
    assert rows(database, "SELECT node_id, days, absolute, percent, minimum FROM"
                " warning_thresholds") == [{"node_id": county, "days": 7, "absolute": 8,
                                            "percent": None, "minimum": None}]
    expect(week.locator("[data-own]")).to_have_text("本级设定了 1 项，其余沿用上级设定或默认值")
    expect(week.locator("[data-applied]")).to_contain_text("达到 8 件")

    # A village under the county inherits the county's setting, shown beside the field.
    page.locator("select[name=node]").select_option(str(node_id(database, "青山村")))
    expect(page.locator("input[name='7.absolute']")).to_have_attribute("placeholder", "8")
    expect(page.locator("[data-window='7']")).to_contain_text("不填则沿用：8")


def test_supervisor_reads_targets_and_thresholds_only(page, server_url, database,
                                                      page_errors):
    log_in(page, server_url, "supervisor")
    open_section(page, "领导基层工作目标")
    expect(page.locator(".read-only-note")).to_have_text("您是督查人员，只能查看目标，不能修改。")
    expect(page.locator("input[name='county.days_per_year']")).to_be_disabled()
    expect(page.get_by_role("button", name="保存目标")).to_have_count(0)
    open_section(page, "预警阈值")
    expect(page.locator("input[name='7.absolute']")).to_be_disabled()
    expect(page.get_by_role("button", name="保存阈值")).to_have_count(0)
    open_section(page, "领导干部联系基层")
    expect(leader_line(page, "张县长")).to_be_visible()
    expect(leader_line(page, "张县长").get_by_role("link", name="联系点")).to_have_count(0)
    # The node filter: the county's leader sits above 青山乡, so none is under it.
    page.locator("select[name=node]").select_option(str(node_id(database, "青山乡")))
    expect(page.locator(".empty")).to_have_text("该范围内没有领导干部")
    page.locator("select[name=node]").select_option("")
    expect(leader_line(page, "张县长")).to_be_visible()
