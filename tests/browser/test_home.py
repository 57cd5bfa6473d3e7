"""The home screen per role on a 360-px phone: a cadre's overdue follow-ups, households left
unvisited and rotations (offline too) with a one-tap 写民情日记; a first secretary's village;
what is coming for members and community staff; a supervisor's overview.

Set QZ_SCREENSHOTS=<folder> to keep a screenshot of each home."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from qzapp.auth.models import load_user_row
from qzapp.clock import today
from qzapp.db import connect
from qzapp.home.rules import VISIT_GAP_DAYS
from qzapp.households import pairing
from tests.factories import PASSWORD, make_diary, make_household, make_user

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

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def no_script_errors(page):
    """Fail the test on any uncaught script error in the page."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert errors == []


def section(page, name):
    """A section of the home (mine, village, overview, duty)."""
    return page.locator(f".home-section[data-section={name}]")


def group(page, section_name, name):
    """One card of a section, by the name of its list."""
    return section(page, section_name).locator(f".home-group[data-group={name}]")


def items(page, section_name, name):
    """The rows of one card."""
    return group(page, section_name, name).locator(".home-item")


def my_households(page, server_url):
    """The server's own list of the signed-in cadre's households (the oracle)."""
    return page.request.get(server_url + "/api/households/mine").json()["households"]


def days_ago(days):
    """A day relative to the server's today, as text."""
    return (today() - dt.timedelta(days=days)).isoformat()


def unvisited_days(household):
    """Days since the household was last seen (visited, or paired when never visited)."""
    seen = household["last_visit"] or household["pairing"]["start_date"]
    return (today() - dt.date.fromisoformat(seen)).days


def expect_cadre_work(page, mine):
    """The cadre's three cards show what the server says of their households."""
    overdue = [h for h in mine if h["follow_up_overdue"]]
    expect(items(page, "mine", "follow_ups")).to_have_count(len(overdue))
    for row, household in zip(items(page, "mine", "follow_ups").all(), overdue, strict=True):
        expect(row).to_have_attribute("data-id", household["id"])
        expect(row).to_contain_text(household["head_name"])
        expect(row).to_contain_text(f"回访已逾期（{household['next_follow_up']}）")
    unvisited = [h for h in mine
                 if not h["next_follow_up"] and unvisited_days(h) > VISIT_GAP_DAYS]
    assert unvisited   # the demo has one: paired two months ago, never visited
    expect(items(page, "mine", "unvisited")).to_have_text(
        [re.compile(f"{h['head_name']}[\\s\\S]*{unvisited_days(h)} 天") for h in unvisited])
    expect(items(page, "mine", "rotations").locator(".rotation")).to_have_text(
        ["超期未轮换", "应轮换"])


# --- a cadre ------------------------------------------------------------------------------------

def test_cadre_sees_overdue_follow_ups_unvisited_and_rotations(page, server_url):
    """Overdue follow-up, long unvisited, two rotations; a row opens the household; no counts."""
    log_in(page, server_url, "cadre")
    wait_for_first_sync(page)
    mine = my_households(page, server_url)
    assert len(mine) == 5
    expect(page.get_by_role("link", name="写民情日记")).to_have_attribute("href", "#/diary-new")
    expect_cadre_work(page, mine)
    expect(group(page, "mine", "follow_ups").locator(".home-count")).to_have_text("1")
    expect(section(page, "mine").get_by_role("link", name="查看全部结对户（5 户）")).to_be_visible()
    expect(page.locator("[data-count]")).to_have_count(0)       # no county-wide counts
    expect(page.locator(".home-section")).to_have_count(1)
    shot(page, "home-cadre")

    overdue = next(h for h in mine if h["follow_up_overdue"])
    items(page, "mine", "follow_ups").first.click()
    expect(page.locator(".household-name")).to_have_text(overdue["head_name"])


def test_cadre_home_offline_after_first_sync(page, context, server_url):
    """Reloaded offline after the first sync, the home still shows the cadre's work."""
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    mine = my_households(page, server_url)
    expect(items(page, "mine", "follow_ups")).to_have_count(1)
    context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    expect(page.locator(".banner-offline")).to_be_visible()
    expect_cadre_work(page, mine)
    shot(page, "home-cadre-offline")


def test_tap_write_diary_and_the_overdue_follow_up_is_done(page, context, server_url,
                                                           live_app):
    """Offline, one tap opens the form; the visit clears the overdue follow-up, then syncs."""
    database = live_app.config["DATABASE"]
    known = known_ids(database, "diaries")
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    overdue = next(h for h in my_households(page, server_url) if h["follow_up_overdue"])
    context.set_offline(True)

    page.get_by_role("link", name="写民情日记").click()
    expect(page.locator(".diary-form")).to_be_visible()
    assert page.evaluate("location.hash") == "#/diary-new"
    page.get_by_label("走访户").fill(overdue["head_name"])
    page.locator(f"[data-household='{overdue['id']}']").click()
    page.get_by_label("听到的民情").fill("老人说药费报销到账了")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".screen-diary")).to_be_visible()

    page.locator('.tab[href="#/home"]').click()
    expect(group(page, "mine", "follow_ups").locator(".home-count")).to_have_text("0")
    expect(group(page, "mine", "follow_ups")).to_contain_text("没有逾期或今天到期的回访")
    shot(page, "home-cadre-after-visit")

    context.set_offline(False)
    wait_for_synced(page)
    written = new_rows(database, "diaries", known, "household_id, heard")
    assert written == [{"household_id": overdue["id"], "heard": "老人说药费报销到账了"}]


# --- a first secretary ----------------------------------------------------------------------------

def crowd_other_villages(database, app, accounts, per_grid=30):
    """Households, pairings and overdue follow-ups in the villages around 青山村."""
    db = connect(database)
    try:
        with app.test_request_context():
            admin = load_user_row(db, accounts["admin"]["id"])
            other = make_user(db, next(db["org_nodes"].rows_where("name = '示范县'")),
                              roles=["cadre"], username="cadre2")
            grids = [g for g in db["org_nodes"].rows_where("kind = 'grid'")
                     if not g["name"].startswith("青山村")]
            for grid in grids:
                for i in range(per_grid):
                    household = make_household(db, grid, head_name=f"外村户{grid['id']}-{i}",
                                               id_number=None)
                    if i % 2:
                        continue
                    with db.atomic():
                        pairing.pair(db, admin, household, other["id"], days_ago(800))
                    make_diary(db, other, grid, household_id=household["id"],
                               occurred_at=f"{days_ago(2)}T09:00:00+08:00",
                               follow_up_date=days_ago(1))
    finally:
        db.close()
    return len(grids) * per_grid


def test_secretary_sees_the_village_open_items(page, context, server_url, live_app,
                                              accounts):
    """青山村's open items, none of the 300 households around it; offline, the last answer."""
    database = live_app.config["DATABASE"]
    assert crowd_other_villages(database, live_app, accounts) == 300
    village = rows(database, "SELECT h.id, h.head_name FROM households h JOIN org_nodes n"
                   " ON n.id = h.node_id WHERE n.name LIKE '青山村%'")
    unpaired = sorted(h["head_name"] for h in village if not rows(
        database, "SELECT 1 FROM pairings WHERE household_id = ? AND end_date IS NULL",
        [h["id"]]))
    log_in(page, server_url, "secretary")
    expect(section(page, "village").locator(".section-title")).to_have_text("青山村的待办")
    expect(section(page, "village").locator(".home-lead")).to_have_text("共登记 10 户")
    expect(items(page, "village", "follow_ups")).to_have_count(1)
    expect(items(page, "village", "follow_ups").first).to_contain_text("回访已逾期")
    expect(items(page, "village", "unpaired").locator("strong")).to_have_text(unpaired)
    expect(items(page, "village", "rotations")).to_have_count(2)
    expect(items(page, "village", "rotations").first).to_contain_text("刘干部")
    expect(items(page, "village", "rotations").locator(".rotation")).to_have_text(
        ["超期未轮换", "应轮换"])
    expect(group(page, "village", "diaries").locator(".home-group-title")).to_contain_text(
        "近 7 天的民情日记")
    expect(items(page, "village", "diaries")).to_have_count(1)
    expect(items(page, "village", "diaries").first).to_contain_text("刘干部")
    expect(page.locator("[data-section=mine], [data-section=overview]")).to_have_count(0)
    expect(page.get_by_role("link", name="写民情日记")).to_be_visible()
    expect(page.locator(".status-line")).to_have_attribute("data-state", "fresh")
    shot(page, "home-secretary")

    wait_for_worker(page)
    wait_for_first_sync(page)
    context.set_offline(True)
    page.reload()
    expect(page.locator(".status-line")).to_have_attribute("data-state", "stale")
    expect(items(page, "village", "follow_ups")).to_have_count(1)
    expect(items(page, "village", "unpaired")).to_have_count(len(unpaired))
    items(page, "village", "unpaired").first.click()
    expect(page.locator(".household-name")).to_have_text(unpaired[0])


def test_several_roles_show_each_section_most_actionable_first(page, server_url, make_account):
    """A secretary, cadre and member sees my households, then the village, its early
    warnings, then duty."""
    make_account("multi", roles=["member", "first_secretary", "cadre"])
    log_in(page, server_url, "multi", PASSWORD)
    sections = page.locator(".home-section")
    expect(sections).to_have_count(4)
    assert [s.get_attribute("data-section") for s in sections.all()] == [
        "mine", "village", "reports", "duty"]
    wait_for_first_sync(page)
    expect(section(page, "mine")).to_contain_text("还没有结对户")


# --- members, community staff, supervisors ----------------------------------------------------

@pytest.mark.parametrize("username,links", [
    ("member", ["扫码签到", "我的服务"]),
    ("community", ["报到与岗位", "服务时长审核", "承诺践诺"]),
])
def test_member_and_community_staff_start_their_duty_from_home(page, server_url, username,
                                                                links):
    """Community duty's first steps, one tap each; no counts, no diaries."""
    log_in(page, server_url, username)
    duty = section(page, "duty")
    expect(duty.locator(".btn")).to_have_text(links)
    expect(page.locator(".home-section")).to_have_count(1)
    expect(page.locator("[data-count]")).to_have_count(0)
    expect(page.get_by_role("link", name="写民情日记")).to_have_count(0)
    shot(page, f"home-{username}")
    duty.get_by_role("link", name=links[0]).click()
    expect(page.locator(".screen-duty-scan" if username == "member"
                        else ".screen-duty-admin")).to_be_visible()


def test_supervisor_keeps_the_overview_with_rotations(page, new_context, server_url):
    """The county's counts and rotations due or overdue; an admin opens 轮换提醒 from there."""
    log_in(page, server_url, "supervisor")
    overview = section(page, "overview")
    expect(overview.locator("[data-count=org_nodes]")).to_have_text("22")
    expect(overview.locator("[data-count=users]")).to_have_text("9")
    expect(overview.locator("[data-count=households]")).to_have_text("60")
    expect(overview.locator("[data-rotation=overdue]")).to_have_text("1")
    expect(overview.locator("[data-rotation=due]")).to_have_text("2")
    expect(page.locator(".home-section")).to_have_count(1)
    expect(page.get_by_role("link", name="写民情日记")).to_have_count(0)
    expect(overview.get_by_role("link")).to_have_count(0)   # 轮换提醒 is the admin's screen
    shot(page, "home-supervisor")

    admin = new_context().new_page()
    log_in(admin, server_url, "admin")
    section(admin, "overview").get_by_role("link", name="结对和挂职蹲点轮换").click()
    expect(admin.locator(".rotation-row[data-rotation=overdue]")).to_have_count(1)
