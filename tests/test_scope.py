"""Scope: a user sees their node's subtree and nothing else, on every listing endpoint."""
import datetime as dt
from io import BytesIO

import openpyxl
import pytest

from qzapp import clock
from qzapp.auth.models import load_user_row
from qzapp.households import pairing
from tests.duty_checkins import make_hours
from tests.duty_world import duty_in
from tests.factories import ApiClient, make_diary, make_household, make_node, make_user, new_id, put

DEMO_PASSWORD = "qzdemo2026"


@pytest.fixture
def two_counties(app, db):
    """Two sibling counties, each with a township, a village and a grid, a household and users."""
    city = make_node(db, make_node(db), kind="city", name="市")
    tree = {}
    for tag in ("a", "b"):
        county = make_node(db, city, kind="county", name=f"县{tag}")
        township = make_node(db, county, kind="township", name=f"镇{tag}")
        village = make_node(db, township, kind="village", name=f"村{tag}")
        grid = make_node(db, village, kind="grid", name=f"网格{tag}")
        household = make_household(db, grid, head_name=f"户主{tag}")
        tree[tag] = {"county": county, "village": village, "grid": grid,
                     "admin": make_user(db, county, roles=["admin", "supervisor"],
                                        username=f"admin{tag}"),
                     "grid_worker": make_user(db, grid, roles=["grid_worker"],
                                              username=f"grid{tag}"),
                     # A cadre who leads too: a leader of the county.
                     "cadre": make_user(db, county, roles=["cadre", "leader"],
                                        username=f"cadre{tag}")}
        make_diary(db, tree[tag]["grid_worker"], grid, place=grid["name"])
        with app.app_context(), db.atomic():
            admin = load_user_row(db, tree[tag]["admin"]["id"])
            pairing.pair(db, admin, household, tree[tag]["cadre"]["id"], "2026-01-05")
            pairing.station(db, admin, village, tree[tag]["cadre"]["id"], "驻村", "2026-02-01")
        phone = ApiClient(app.test_client()).as_user(f"grid{tag}")
        assert phone.push([put(1, new_id(), {
            "case_id": new_id(), "kind": "receive", "at": "2026-11-20T09:00:00+08:00",
            "data": {"channel": "hotline", "category": "other", "text": f"诉求{tag}"}},
            entity="case_event")]).json["results"][0]["status"] == "applied"
        inspector = ApiClient(app.test_client()).as_user(f"admin{tag}")
        assert inspector.push([put(1, new_id(), {
            "node_id": village["id"], "visited_at": "2026-11-20T15:00:00+08:00",
            "window": "便民窗口", "result": "good", "findings": "秩序良好"},
            entity="inspection")]).json["results"][0]["status"] == "applied"
        make_hours(db, village, tree[tag]["cadre"])   # no account more: counts stay
        assert inspector.post("/api/surveys", {
            "node_id": village["id"], "title": f"满意度{tag}",
            "starts_on": clock.today().isoformat(),
            "ends_on": (clock.today() + dt.timedelta(days=30)).isoformat()}).status_code == 201
    return tree


def node_ids(response):
    return {n["id"] for n in response.json["nodes"]}


def user_node_ids(response):
    return {u["node_id"] for u in response.json["users"]}


def pulled_node_ids(response):
    return {c["data"]["node_id"] for c in response.json["changes"]}


def listed_node_ids(key):
    return lambda response: {item["node_id"] for item in response.json[key]}


def exported_node_ids(sheet, column):
    """The node ids named (by name) in one column of an exported workbook."""
    def read(response):
        from flask import current_app

        from qzapp.db import connect
        rows = list(openpyxl.load_workbook(BytesIO(response.data))[sheet].iter_rows(
            values_only=True))
        names = {r[rows[0].index(column)] for r in rows[1:]}
        db = connect(current_app.config["DATABASE"])
        try:
            return {db.execute("SELECT id FROM org_nodes WHERE name = ?", [n]).fetchone()[0]
                    for n in names}
        finally:
            db.close()
    return read


# Every GET endpoint under /api that lists or reads scoped data, with how to read the
# org nodes its answer reveals. test_every_listing_endpoint_is_covered keeps this complete.
LISTINGS = {
    "/api/duty/registrations": listed_node_ids("items"),
    "/api/duty/without-post": listed_node_ids("items"),
    "/api/duty/signups": listed_node_ids("items"),
    "/api/duty/hours": listed_node_ids("items"),
    "/api/duty/hours/totals": lambda response: {
        row["node_id"] for key in ("members", "communities") for row in response.json[key]},
    "/api/duty/hours/export.xlsx": exported_node_ids("服务时长", "社区"),
    "/api/surveys": listed_node_ids("items"),
    "/api/surveys/export.xlsx": exported_node_ids("满意度汇总", "单位"),
    "/api/org/nodes": node_ids,
    "/api/users": user_node_ids,
    "/api/sync/pull": pulled_node_ids,
    "/api/households": listed_node_ids("households"),
    "/api/households/mine": listed_node_ids("households"),
    "/api/pairings": listed_node_ids("pairings"),
    "/api/stationings": listed_node_ids("stationings"),
    "/api/cadres": listed_node_ids("cadres"),
    "/api/diaries": listed_node_ids("diaries"),
    "/api/diaries/export.xlsx": exported_node_ids("民情日记", "地点"),
    "/api/households/export.xlsx": exported_node_ids("户籍", "所属组织名称"),
    "/api/cases": listed_node_ids("items"),
    "/api/cases/mine": listed_node_ids("items"),
    "/api/cases/export.xlsx": exported_node_ids("民情台账", "责任单位"),
    "/api/inspections": listed_node_ids("items"),
    "/api/leaders": listed_node_ids("items"),
    "/api/dashboard": lambda response: {response.json["node"]["id"]} | {
        child["node"]["id"] for child in response.json["children"]},
    "/api/warnings": listed_node_ids("items"),
    "/api/situations": listed_node_ids("items"),
}
# Who asks each listing (an admin of county a unless named).
ASKER = {"/api/households/mine": "cadrea", "/api/cases/mine": "grida"}
# The user's own account, counts (tested below), a blank import template, the deadline table.
NOT_LISTINGS = {"/api/auth/me", "/api/home", "/api/org/import-template", "/api/ledger/deadlines",
                "/api/cases/import-template.xlsx", "/api/ledger/matter-types", "/api/push/key",
                "/api/notify/prefs",
                # Scoped to the reader's communities: tests/test_duty_teams.py and
                # tests/test_duty_pledges.py show another community's staff none of them.
                "/api/duty/teams", "/api/duty/pledges", "/api/duty/members",
                # The member's own (like /api/home), and a member's county's communities
                # (where they may register: beyond their scope on purpose).
                "/api/duty/community", "/api/duty/communities",
                # A leader's own year (tests/test_leaders.py).
                "/api/leaders/me",
                # A dashboard's people, records and tables, of a ?node_id= checked as the
                # dashboard's is (tests/test_dashboard.py: a neighbour's are 404).
                "/api/dashboard/people", "/api/dashboard/records", "/api/dashboard/export.xlsx"}


def test_every_listing_endpoint_is_covered(app):
    gets = {r.rule for r in app.url_map.iter_rules()
            if r.rule.startswith("/api/") and "GET" in r.methods and "<" not in r.rule}
    assert gets == set(LISTINGS) | NOT_LISTINGS


@pytest.fixture
def duty_in_both(app, db, two_counties):
    """Community duty in each county: a registration, a post, a shift and a sign-up."""
    for tag in ("a", "b"):
        duty_in(app, db, two_counties[tag]["village"], two_counties[tag]["county"], tag)


@pytest.fixture
def reports_in_both(app, db, two_counties):
    """A hot spot (three appeals of a category today, raised by the tick) and a
    major-situation report in each county, from its grid worker's phone."""
    from qzapp import tick
    at = clock.now().astimezone(clock.CHINA).isoformat(timespec="seconds")
    for tag in ("a", "b"):
        phone = ApiClient(app.test_client()).as_user(f"grid{tag}")
        mutations = [put(mid, new_id(), {"case_id": new_id(), "kind": "receive", "at": at,
                                         "data": {"channel": "hotline", "category": "land",
                                                  "text": f"土地纠纷{tag}{mid}"}},
                         entity="case_event") for mid in (2, 3, 4)]
        mutations.append(put(5, new_id(), {"title": f"重大情况{tag}", "body": "山体滑坡",
                                           "occurred_at": at, "category": "land",
                                           "severity": "major"}, entity="situation_report"))
        assert {r["status"] for r in phone.push(mutations).json["results"]} == {"applied"}
    with app.app_context():
        assert tick.run(db, only={"warnings"})["warnings"]["raised"] == 2


@pytest.mark.parametrize("url", sorted(LISTINGS))
def test_listing_stays_in_subtree(request, api, db, two_counties, url):
    if url.startswith("/api/duty/") and not url.startswith("/api/duty/hours"):
        request.getfixturevalue("duty_in_both")
    if url in ("/api/warnings", "/api/situations"):
        request.getfixturevalue("reports_in_both")
    a, b = two_counties["a"], two_counties["b"]
    api.login(ASKER.get(url, "admina"))
    response = api.get(url)
    assert response.status_code == 200
    with api.client.application.app_context():
        seen = LISTINGS[url](response)
    subtree_a = {r["id"] for r in db.query(
        "SELECT id FROM org_nodes WHERE path LIKE ?", [a["county"]["path"] + "%"])}
    assert seen and seen <= subtree_a
    assert b["county"]["id"] not in seen and b["grid"]["id"] not in seen


def test_grid_worker_sees_only_their_grid(api, two_counties):
    api.login("grida")
    assert node_ids(api.get("/api/org/nodes")) == {two_counties["a"]["grid"]["id"]}


def test_listing_narrowed_to_a_node_outside_scope_is_not_found(api, two_counties):
    api.login("admina")
    response = api.get(f"/api/users?node_id={two_counties['b']['county']['id']}")
    assert response.status_code == 404


def test_home_counts_only_the_subtree(api, two_counties):
    api.login("grida")
    counts = api.get("/api/home").json["counts"]
    assert counts == {"org_nodes": 1, "users": 1, "households": 1}
    api.logout()
    api.login("admina")
    assert api.get("/api/home").json["counts"] == {"org_nodes": 4, "users": 3, "households": 1}


def test_pull_gives_a_grid_worker_their_own_diaries_only(api, two_counties):
    api.login("grida")
    pulled = api.get("/api/sync/pull").json["changes"]
    diaries = [c["data"]["created_by"] for c in pulled if c["entity"] == "diary"]
    assert diaries == [two_counties["a"]["grid_worker"]["id"]]
    # the village's stationed cadre is not the grid's business
    assert {c["entity"] for c in pulled} == {"diary", "household", "pairing", "case",
                                             "case_event"}


@pytest.mark.parametrize("method,url,body", [
    ("patch", "/api/org/nodes/{b_county}", {"name": "改名"}),
    ("post", "/api/org/nodes", {"parent_id": "{b_county}", "name": "新镇", "kind": "township"}),
    ("patch", "/api/users/{b_admin}", {"name": "改名"}),
    ("post", "/api/users/{b_admin}/reset-password", None),
    ("post", "/api/users", {"username": "x1y", "name": "某", "node_id": "{b_county}",
                            "roles": ["cadre"]}),
])
def test_admin_cannot_write_outside_subtree(api, db, two_counties, method, url, body):
    b = two_counties["b"]
    ids = {"b_county": b["county"]["id"], "b_admin": b["admin"]["id"]}
    url = url.format(**ids)
    if body:
        body = {k: ids[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v
                for k, v in body.items()}
    api.login("admina")
    response = getattr(api, method)(url, body)
    assert response.status_code in (400, 404)
    assert response.json["ok"] is False
    assert db["org_nodes"].get(b["county"]["id"])["name"] == "县b"
    assert db["users"].get(b["admin"]["id"])["name"] == "测试用户"
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 6


def test_demo_village_secretary_sees_own_village_only(api, demo, db):
    api.login("secretary", DEMO_PASSWORD)
    names = {n["name"] for n in api.get("/api/org/nodes").json["nodes"]}
    assert names == {"青山村", "青山村第一网格", "青山村第二网格"}
    assert api.get("/api/home").json["counts"]["households"] == 10
