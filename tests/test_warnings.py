"""Hot spots (F10): the tick counts the ledger's cases per place, category and window, raises a
warning at the thresholds' boundaries (absolute; relative with its minimum; the deepest node's
setting), once; the spot's staff and its township's overseers are told, see it until they
acknowledge it, and a new one comes only when the count grows; nobody outside the scope sees
it."""
import datetime as dt
import json

import pytest

from qzapp.reports import warning_rules as rules
from tests.duty_world import zh
from tests.warnings_world import (
    TODAY,
    add_cases,
    as_user,
    make_world,
    quiet_windows,
    run,
    warnings,
)


@pytest.fixture(autouse=True)
def app_context(app):
    """The tick runs as the CLI runs it: inside the app's context."""
    with app.app_context():
        yield


@pytest.fixture
def world(db):
    return make_world(db)


def test_the_absolute_threshold_raises_at_five_not_four(db, world):
    quiet_windows(db, world["village"])
    add_cases(db, world["village"], 4)
    assert run(db) == {"raised": 0, "grown": 0}
    add_cases(db, world["village"], 1)
    assert run(db) == {"raised": 1, "grown": 0}
    [warning] = warnings(db)
    assert (warning["node_id"], warning["category"], warning["days"], warning["count"],
            warning["previous"]) == (world["village"]["id"], "land", 7, 5, 3)
    assert json.loads(warning["reasons"]) == ["absolute"]
    assert (warning["from_day"], warning["to_day"]) == (
        (TODAY - dt.timedelta(days=6)).isoformat(), TODAY.isoformat())


def test_the_relative_threshold_needs_the_count_doubled(app, db, world):
    # Only the relative rule here: the absolute ones set out of reach on the county.
    answer = as_user(app, "admin").put(
        f"/api/warnings/thresholds/{world['county']['id']}",
        json={"7": {"absolute": 1000}, "30": {"absolute": 1000, "minimum": 1000}})
    assert answer.status_code == 200, answer.json
    add_cases(db, world["village"], 3, days_ago=8)
    add_cases(db, world["village"], 5)
    assert run(db)["raised"] == 0                        # 5 < 3 × (1 + 100 %)
    add_cases(db, world["village"], 1)
    assert run(db)["raised"] == 1                        # 6 ≥ 6
    [warning] = warnings(db)
    assert (warning["count"], warning["previous"]) == (6, 3)
    assert json.loads(warning["reasons"]) == ["relative"]


def test_the_relative_threshold_needs_its_minimum(db, world):
    add_cases(db, world["village"], 2)
    assert run(db)["raised"] == 0                        # 2 from none, under the minimum 3
    add_cases(db, world["village"], 1)
    assert run(db)["raised"] == 1
    [warning] = warnings(db)
    assert (warning["days"], warning["count"], warning["previous"]) == (7, 3, 0)
    assert json.loads(warning["reasons"]) == ["relative"]


def test_the_thirty_day_window_has_its_own_thresholds(db, world):
    add_cases(db, world["village"], 4, days_ago=20)
    add_cases(db, world["village"], 4, days_ago=10)      # 8 in 30 days, none before
    assert run(db)["raised"] == 1
    [warning] = warnings(db)
    assert (warning["days"], warning["count"], warning["previous"]) == (30, 8, 0)


def test_the_tick_raises_once_however_often_it_runs(db, world):
    quiet_windows(db, world["village"])
    add_cases(db, world["village"], 5)
    assert run(db)["raised"] == 1
    assert run(db) == {"raised": 0, "grown": 0}
    assert len(warnings(db)) == 1
    assert db.execute("SELECT count(DISTINCT key) FROM notices WHERE kind = 'hotspot_warning'"
                      ).fetchone()[0] == 1


def test_a_grids_cases_count_at_its_village_and_categories_apart(db, world):
    add_cases(db, world["grid1"], 2)
    add_cases(db, world["grid2"], 1)
    add_cases(db, world["grid2"], 2, category="housing")
    # Residents' appeals only: a service window's matter is business, not public feeling.
    add_cases(db, world["village"], 1, kind="matter")
    add_cases(db, world["village"], 1)
    add_cases(db, world["village"], 1, days_ago=7)       # the week before
    assert run(db)["raised"] == 1
    [warning] = warnings(db)
    assert (warning["node_id"], warning["category"], warning["count"], warning["previous"]) == (
        world["village"]["id"], "land", 4, 1)
    assert json.loads(warning["breakdown"]) == {str(world["grid1"]["id"]): 2,
                                                str(world["grid2"]["id"]): 1,
                                                str(world["village"]["id"]): 1}


def test_the_deepest_nodes_setting_wins(app, db, world):
    admin = as_user(app, "admin")
    assert admin.put(f"/api/warnings/thresholds/{world['county']['id']}",
                     json={"7": {"absolute": 10}}).status_code == 200
    assert admin.put(f"/api/warnings/thresholds/{world['village']['id']}",
                     json={"7": {"absolute": 4}}).status_code == 200
    for node in (world["village"], world["north"]):
        quiet_windows(db, node)
        add_cases(db, node, 4)
    assert run(db)["raised"] == 1                        # 东村 at 4; 北村 still needs 10
    assert [w["node_id"] for w in warnings(db)] == [world["village"]["id"]]
    shown = admin.get(f"/api/warnings/thresholds/{world['village']['id']}").json
    assert shown["own"]["7"] == {"absolute": 4, "percent": None, "minimum": None}
    assert shown["applied"]["7"] == {"absolute": 4, "percent": 100, "minimum": 3}
    assert shown["applied"]["30"] == rules.DEFAULT_THRESHOLDS[30]
    north = admin.get(f"/api/warnings/thresholds/{world['north']['id']}").json
    assert north["applied"]["7"]["absolute"] == 10
    # Cleared: the setting above applies again.
    assert admin.put(f"/api/warnings/thresholds/{world['county']['id']}",
                     json={"7": {"absolute": None}}).json["own"]["7"]["absolute"] is None
    cleared = admin.put(f"/api/warnings/thresholds/{world['village']['id']}", json={"7": None})
    assert cleared.json["applied"]["7"] == rules.DEFAULT_THRESHOLDS[7]


def test_acknowledged_it_rises_again_only_when_the_count_grows(app, db, world):
    quiet_windows(db, world["village"])
    add_cases(db, world["village"], 5)
    run(db)
    [warning] = warnings(db)
    staff = as_user(app, "staff")
    done = staff.post(f"/api/warnings/{warning['id']}/acknowledge", {"note": "已召开协调会"})
    assert done.status_code == 200, done.json
    assert (done.json["warning"]["status"], done.json["warning"]["note"],
            done.json["warning"]["acknowledged_by_name"]) == ("acknowledged", "已召开协调会",
                                                              "staff名")
    again = staff.post(f"/api/warnings/{warning['id']}/acknowledge", {"note": "再次"})
    assert again.status_code == 409 and again.json["error"] == zh(
        "warning.already_acknowledged")
    [entry] = db.query("SELECT * FROM audit WHERE entity = 'warning'")
    assert (entry["action"], entry["user_id"]) == ("acknowledge", world["staff"]["id"])
    assert run(db)["raised"] == 0                        # the same 5: acknowledged
    add_cases(db, world["village"], 1)
    assert run(db)["raised"] == 1                        # 6 > 5
    assert [(w["status"], w["count"]) for w in warnings(db)] == [("acknowledged", 5),
                                                                 ("open", 6)]
    # While open it follows the count up, without a new notice.
    add_cases(db, world["village"], 2)
    assert run(db)["grown"] == 1
    assert warnings(db, status="open", days=7)[0]["count"] == 8
    assert db.execute("SELECT count(DISTINCT key) FROM notices WHERE kind = 'hotspot_warning'"
                      ).fetchone()[0] == len(warnings(db, status="open")) + 1


def test_a_later_week_past_the_acknowledged_one_starts_afresh(app, db, world):
    add_cases(db, world["village"], 5)
    run(db)
    [warning] = warnings(db, days=7)
    as_user(app, "sec").post(f"/api/warnings/{warning['id']}/acknowledge", {})
    later = TODAY + dt.timedelta(days=8)                 # the week holds none of its days
    add_cases(db, world["village"], 5, on=later)
    assert run(db, later)["raised"] >= 1
    assert [w["count"] for w in warnings(db, days=7)] == [5, 5]


def test_warnings_stay_in_the_scope(app, db, world):
    quiet_windows(db, world["village"])
    add_cases(db, world["village"], 5)
    run(db)
    [warning] = warnings(db)
    for name in ("sec", "staff", "town_sup", "town_leader", "county_sup", "admin"):
        assert [w["id"] for w in as_user(app, name).get("/api/warnings").json["items"]] == [
            warning["id"]], name
    for name in ("west_sup", "north_sec"):
        client = as_user(app, name)
        assert client.get("/api/warnings").json["items"] == [], name
        assert client.post(f"/api/warnings/{warning['id']}/acknowledge",
                           {"note": "越权"}).status_code == 404
    west = as_user(app, "west_sup")
    assert west.get(f"/api/warnings?node_id={world['village']['id']}").status_code == 404
    assert as_user(app, "gridw").get("/api/warnings").status_code == 403
    assert as_user(app, "admin").post(f"/api/warnings/{warning['id']}/acknowledge",
                                      {}).status_code == 403
    assert warnings(db)[0]["status"] == "open"


def test_the_spot_and_its_township_are_told(db, world):
    quiet_windows(db, world["village"])
    add_cases(db, world["grid1"], 5)
    run(db)
    told = {r["user_id"] for r in db.query("SELECT user_id FROM notices WHERE"
                                           " kind = 'hotspot_warning'")}
    assert told == {world[n]["id"] for n in ("sec", "staff", "town_sup", "town_leader")}
    [notice] = db.query("SELECT * FROM notices WHERE user_id = ?", [world["sec"]["id"]])
    assert notice["title"] == zh("notice.hotspot_warning.title", place="东村",
                                 category=zh("appeal.category.land"), days=7, count=5)
    assert notice["link"] == "#/warnings"


def test_a_townships_own_cases_are_its_own_spot(db, world):
    add_cases(db, world["east"], 5)
    assert run(db)["raised"] == 1
    [warning] = warnings(db)
    assert warning["node_id"] == world["east"]["id"]
    told = {r["user_id"] for r in db.query("SELECT user_id FROM notices")}
    assert told == {world["town_sup"]["id"], world["town_leader"]["id"]}
