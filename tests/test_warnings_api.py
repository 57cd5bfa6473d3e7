"""Early warning over HTTP: the thresholds an admin sets (every bad field named), the lists of a
scope page by page and by status, each warning linking to exactly the cases behind it, the
note of an acknowledgement, and the rules served to the phone."""
import datetime as dt

import pytest

from qzapp.ledger.rules import CATEGORIES
from qzapp.reports import warning_rules as rules
from tests.duty_world import zh
from tests.factories import new_id, put
from tests.test_rules_served import served_rules
from tests.warnings_world import (
    TODAY,
    add_cases,
    as_user,
    make_world,
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


def test_thresholds_refuse_bad_values_with_their_fields(app, db, world):
    admin = as_user(app, "admin")
    url = f"/api/warnings/thresholds/{world['village']['id']}"
    bad = admin.put(url, json={"7": {"absolute": 0, "percent": "多"}, "14": {},
                               "30": {"minimum": -1, "colour": 1}})
    assert bad.status_code == 400
    assert {(e["field"], e["message"]) for e in bad.json["errors"]} == {
        ("7.absolute", zh("field.too_small", min=1)), ("7.percent", zh("field.not_integer")),
        ("14", zh("warning.window_unknown", windows="7、30")),
        ("30.minimum", zh("field.too_small", min=1)), ("30.colour", zh("field.unknown"))}
    assert not list(db.query("SELECT * FROM warning_thresholds"))
    assert as_user(app, "town_sup").put(url, json={"7": {"absolute": 3}}).status_code == 403
    assert as_user(app, "town_sup").get(url).status_code == 200      # readers see
    outside = as_user(app, "admin").put(f"/api/warnings/thresholds/{world['county']['id'] + 99}",
                                        json={})
    assert outside.status_code == 404


def test_lists_filter_by_status_and_link_to_the_cases_behind(app, db, world):
    """The warning names the ledger's filters of its cases: the ledger lists exactly them."""
    phone = as_user(app, "sec")
    at = f"{TODAY.isoformat()}T08:00:00+08:00"
    mutations = [put(i + 1, new_id(), {"case_id": new_id(), "kind": "receive", "at": at,
                                       "data": {"channel": "hotline", "category": "land",
                                                "text": f"土地纠纷{i}",
                                                "node_id": world["grid1"]["id"]}},
                     entity="case_event") for i in range(3)]
    assert all(r["status"] == "applied" for r in phone.push(mutations).json["results"])
    add_cases(db, world["north"], 3, category="land")    # the same category elsewhere
    assert run(db)["raised"] == 2
    listed = phone.get("/api/warnings").json
    [item] = listed["items"]
    assert listed["total"] == 1 and item["place"] == ["东镇", "东村"]
    assert item["breakdown"] == [{"node_id": world["grid1"]["id"], "name": "东村一网格",
                                  "count": 3}]
    assert item["cases"] == {"node_id": world["village"]["id"], "own": "1", "kind": "appeal",
                             "category": "land",
                             "from": (TODAY - dt.timedelta(days=6)).isoformat(),
                             "to": TODAY.isoformat()}
    assert item["cases_link"].startswith("#/ledger?node_id=")
    cases = phone.get("/api/cases", query_string=item["cases"]).json
    assert cases["total"] == 3 and {c["text"] for c in cases["items"]} == {
        "土地纠纷0", "土地纠纷1", "土地纠纷2"}
    phone.post(f"/api/warnings/{item['id']}/acknowledge", {"note": "已处置"})
    assert phone.get("/api/warnings").json["items"] == []
    assert [w["id"] for w in phone.get("/api/warnings?status=acknowledged").json["items"]] == [
        item["id"]]
    assert phone.get("/api/warnings?status=closed").status_code == 400


def test_a_page_at_a_time(app, db, world):
    for category in CATEGORIES[:3]:
        add_cases(db, world["village"], 5, category=category)
    run(db)
    supervisor = as_user(app, "town_sup")
    first = supervisor.get("/api/warnings?limit=2").json
    assert (len(first["items"]), first["more"], first["total"]) == (2, True, 3)
    rest = supervisor.get(f"/api/warnings?limit=2&cursor={first['next_cursor']}").json
    assert len(rest["items"]) == 1 and not rest["more"]
    assert supervisor.get("/api/warnings?limit=0").status_code == 400


def test_a_note_too_long_is_refused(app, db, world):
    add_cases(db, world["village"], 5)
    run(db)
    [warning, *_] = warnings(db)
    answer = as_user(app, "sec").post(f"/api/warnings/{warning['id']}/acknowledge",
                                      {"note": "长" * (rules.NOTE_MAX + 1)})
    assert answer.status_code == 400
    assert answer.json["errors"] == [{"field": "note",
                                      "message": zh("field.too_long", max=rules.NOTE_MAX)}]
    assert as_user(app, "sec").post("/api/warnings/999999/acknowledge", {}).status_code == 404


def test_the_phone_is_served_the_thresholds(client):
    served = served_rules(client)["warnings"]
    assert (served["windows"], served["defaults"]["7"]) == (
        [7, 30], {"absolute": 5, "percent": 100, "minimum": 3})
    assert served["situation"]["severities"] == list(rules.SEVERITIES)


def test_a_spot_above_villages_links_to_its_own_cases_only(app, db, world):
    """Appeals placed at a township itself are its hot spot; its link lists them, not its
    villages' appeals of the same category (own=1 of the ledger), nor a service window's."""
    town = {"id": world["village"]["parent_id"]}
    add_cases(db, town, 5)
    add_cases(db, world["village"], 2)
    add_cases(db, town, 1, kind="matter")
    assert run(db)["raised"] == 1
    phone = as_user(app, "town_sup")
    [item] = phone.get("/api/warnings").json["items"]
    assert (item["node_id"], item["count"]) == (town["id"], 5)
    cases = phone.get("/api/cases", query_string=item["cases"]).json
    assert cases["total"] == 5
    everything = phone.get("/api/cases", query_string={
        k: v for k, v in item["cases"].items() if k not in ("own", "kind")}).json
    assert everything["total"] == 8
