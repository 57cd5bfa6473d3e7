"""The home's answer per role: a cadre's households are counted on the phone (the server sends
only the rules), a register keeper gets the open items of their own village or grid, a
supervisor or admin the overview of their scope; none of it grows with the county."""
import datetime as dt
import itertools

import pytest

from qzapp import db as qzdb
from qzapp.auth.models import load_user_row
from qzapp.clock import today
from qzapp.demo import DEMO_PASSWORD
from qzapp.home import rules as home_rules
from qzapp.households import pairing, rules
from tests.factories import make_diary, make_household, make_user

_names = itertools.count(1)


def days_ago(days):
    """A day relative to the server's today (Beijing), as text."""
    return (today() - dt.timedelta(days=days)).isoformat()


def node(db, name):
    """A demo org node by name."""
    return next(db["org_nodes"].rows_where("name = ?", [name]))


def home_as(api, username, password=DEMO_PASSWORD):
    """The /api/home answer for a demo account."""
    api.as_user(username, password)
    response = api.get("/api/home")
    assert response.status_code == 200
    return response.json


def grow_county(app, db, demo, households_per_grid=200):
    """Fill the villages around 青山村 with households, a third paired, visited, overdue."""
    # Work that belongs to other villages: pairings long ago, follow-ups long past.
    admin = load_user_row(db, demo["admin"]["id"])
    other_cadre = make_user(db, node(db, "示范县"), roles=["cadre"], username="cadre2")
    grids = [g for g in db["org_nodes"].rows_where("kind = 'grid'")
             if not g["name"].startswith("青山村")]
    with app.test_request_context():
        for grid in grids:
            for i in range(households_per_grid):
                household = make_household(db, grid, head_name=f"户{next(_names)}",
                                           id_number=None)
                if i % 3:
                    continue
                with db.atomic():
                    pairing.pair(db, admin, household, other_cadre["id"], days_ago(900 - i))
                make_diary(db, other_cadre, grid, household_id=household["id"],
                           occurred_at=f"{days_ago(40)}T09:00:00+08:00",
                           follow_up_date=days_ago(30))
                make_diary(db, other_cadre, grid, household_id=household["id"],
                           occurred_at=f"{days_ago(1)}T09:00:00+08:00")
    return len(grids) * households_per_grid


def steps(api, url, every=100):
    """SQLite virtual-machine steps (in hundreds) taken to answer url, whatever the speed."""
    assert api.get(url).status_code == 200   # opens the thread's connection, warms it up
    conn = qzdb._per_thread.db.conn          # the test client answers in this thread
    counter = itertools.count()
    conn.set_progress_handler(lambda: next(counter) and 0, every)
    try:
        assert api.get(url).status_code == 200
    finally:
        conn.set_progress_handler(None, every)
    return next(counter)


# --- what each role receives -------------------------------------------------------------------

def test_cadre_gets_the_rules_and_no_county_counts(api, demo):
    answer = home_as(api, "cadre")
    assert answer["rules"] == {"visit_gap_days": home_rules.VISIT_GAP_DAYS,
                               "recent_diary_days": home_rules.RECENT_DIARY_DAYS}
    assert answer["user"]["username"] == "cadre"
    assert not {"counts", "village", "overview"} & set(answer)


@pytest.mark.parametrize("username", ["member", "community", "leader"])
def test_members_community_staff_and_leaders_get_no_server_sections(api, demo, username):
    assert not {"counts", "village", "overview"} & set(home_as(api, username))


def test_secretary_gets_the_open_items_of_the_village(api, demo, db):
    answer = home_as(api, "secretary")
    village = answer["village"]
    assert village["node"]["name"] == "青山村"
    assert answer["counts"]["households"] == 10
    # the oracle: the cadre's own list, computed by the households package
    mine = home_as(api, "cadre")
    api.as_user("cadre", DEMO_PASSWORD)
    overdue = [h for h in api.get("/api/households/mine").json["households"]
               if h["follow_up_overdue"]]
    assert [(i["id"], i["follow_up_date"], i["overdue"]) for i in
            village["follow_ups"]["items"]] == [(h["id"], h["next_follow_up"], True)
                                                for h in overdue]
    assert village["follow_ups"]["count"] == 1 and mine["rules"]
    assert village["unpaired"]["count"] == 5
    assert {i["place"] for i in village["unpaired"]["items"]} == {"青山村第二网格"}
    rotations = village["rotations"]["items"]
    assert [(r["rotation"], r["cadre_name"]) for r in rotations] == [
        ("overdue", "刘干部"), ("due", "刘干部")]
    assert village["diaries"]["count"] == 1   # visited 3 days ago; the others 20 and 45
    assert village["diaries"]["items"][0]["author"] == "刘干部"


def test_follow_ups_due_today_and_overdue_and_a_visit_that_clears_one(api, demo, db):
    grid = node(db, "青山村第二网格")
    first, second = list(db["households"].rows_where("node_id = ?", [grid["id"]],
                                                     order_by="head_name"))[:2]
    author = demo["village"]
    make_diary(db, author, grid, household_id=first["id"],
               occurred_at=f"{days_ago(2)}T10:00:00+08:00", follow_up_date=days_ago(0))
    make_diary(db, author, grid, household_id=second["id"],
               occurred_at=f"{days_ago(9)}T10:00:00+08:00", follow_up_date=days_ago(1))
    items = home_as(api, "secretary")["village"]["follow_ups"]["items"]
    listed = [(i["id"], i["overdue"]) for i in items]
    # overdue ones first, oldest date first; today's last
    assert listed[-2:] == [(second["id"], True), (first["id"], False)]
    make_diary(db, author, grid, household_id=second["id"],
               occurred_at=f"{days_ago(0)}T11:00:00+08:00")
    items = home_as(api, "secretary")["village"]["follow_ups"]["items"]
    assert second["id"] not in {i["id"] for i in items}
    assert first["id"] in {i["id"] for i in items}


def test_grid_worker_gets_the_grid_and_only_diaries_they_may_read(api, demo, db):
    grid = node(db, "青山村第一网格")
    make_diary(db, demo["grid"], grid, occurred_at=f"{days_ago(1)}T10:00:00+08:00",
               kind="evening_talk", topic="院坝夜话")
    answer = home_as(api, "grid")
    village = answer["village"]
    assert village["node"]["name"] == "青山村第一网格"
    assert answer["counts"]["households"] == 5
    assert village["unpaired"]["count"] == 0      # the cadre's five are all in this grid
    assert village["rotations"]["count"] == 2
    # the cadre's diary of three days ago is not the grid worker's to read; their own is
    assert [(d["topic"], d["author"]) for d in village["diaries"]["items"]] == [
        ("院坝夜话", "孙网格")]


def test_village_staff_see_a_stationed_cadre_due_for_rotation(api, demo, db):
    with api.client.application.test_request_context():
        admin = load_user_row(db, demo["admin"]["id"])
        with db.atomic():
            pairing.station(db, admin, node(db, "青山村"), demo["cadre"]["id"], "第一书记",
                            days_ago(800))
    items = home_as(api, "village")["village"]["rotations"]["items"]
    stationed = [i for i in items if i["kind"] == "stationing"]
    assert [(s["cadre_name"], s["rotation"], s["post"]) for s in stationed] == [
        ("刘干部", "overdue", "第一书记")]
    # the stationing in 石桥村 is another village's
    assert len(stationed) == 1


def test_supervisor_and_admin_get_the_overview_with_rotations(api, demo):
    for username in ("supervisor", "admin"):
        answer = home_as(api, username)
        assert answer["counts"] == {"org_nodes": 22, "users": 9, "households": 60}
        # pairings: one due, one overdue; the stationing in 石桥村 is due
        assert answer["overview"] == {"rotations": {"due": 2, "overdue": 1}}
        assert "village" not in answer


# --- at the scale of a county --------------------------------------------------------------------

@pytest.fixture
def big_county(app, db, demo):
    """The demo county with 200 more households in each grid outside 青山村 (2,000)."""
    return grow_county(app, db, demo)


def test_lists_stay_in_the_village_of_a_big_county(api, db, big_county):
    assert big_county >= 2000
    qingshan = {r["id"] for r in db.query(
        "SELECT h.id FROM households h JOIN org_nodes n ON n.id = h.node_id"
        " WHERE n.name LIKE '青山村%'")}
    village = home_as(api, "secretary")["village"]
    for name in ("follow_ups", "unpaired"):
        assert {i["id"] for i in village[name]["items"]} <= qingshan
    assert village["follow_ups"]["count"] == 1 and village["unpaired"]["count"] == 5
    assert village["rotations"]["count"] == 2 and village["diaries"]["count"] == 1


def test_overview_counts_every_rotation_of_a_big_county(api, db, big_county):
    expected = {"due": 0, "overdue": 0}
    for table in ("pairings", "stationings"):
        for row in db.query(f"SELECT start_date FROM {table} WHERE end_date IS NULL"):
            status = rules.rotation_status(row["start_date"], today())
            if status != "ok":
                expected[status] += 1
    answer = home_as(api, "supervisor")
    assert answer["overview"]["rotations"] == expected
    assert expected["overdue"] > 100 and answer["counts"]["households"] == 60 + big_county


def test_home_work_does_not_grow_with_the_county(app, api, db, demo):
    """A cadre's and a secretary's home take the same work with 60 households as with 2,060."""
    # A supervisor's overview, which counts the county, shows that the measure sees such work.
    users = ("cadre", "secretary", "supervisor")
    before = {}
    for username in users:
        api.as_user(username, DEMO_PASSWORD)
        before[username] = steps(api, "/api/home")
    grow_county(app, db, demo)
    after = {}
    for username in users:
        api.as_user(username, DEMO_PASSWORD)
        after[username] = steps(api, "/api/home")
    for username in ("cadre", "secretary"):
        assert after[username] <= before[username] * 1.2 + 20, (username, before, after)
    assert after["supervisor"] > before["supervisor"] * 3, (before, after)
