"""Service windows (F14): matters on the case engine with first-inquiry responsibility and a
time limit per matter type, and the log of unannounced inspections."""
import datetime as dt
import json

import pytest

from qzapp.ledger.workdays import add_workdays
from tests.factories import make_node, make_user, new_id, put


@pytest.fixture
def county(db):
    county = make_node(db, make_node(db), kind="county", name="县")
    hall = make_node(db, county, kind="township", name="镇便民服务中心")
    other = make_node(db, make_node(db, make_node(db), kind="county"), kind="township")
    make_user(db, hall, ("village_staff",), username="clerk", name="窗口人员")
    make_user(db, county, ("admin",), username="admin")
    make_user(db, county, ("supervisor",), username="super", name="督查员")
    make_user(db, county, ("cadre",), username="cadre")
    return {"county": county, "hall": hall, "other": other}


def push(api, entity, data, mid=1, device="phone-0001"):
    return api.push([put(mid, new_id(), data, entity=entity)], device=device).json["results"][0]


def matter(**data):
    return {"case_id": new_id(), "kind": "receive", "at": "2026-11-02T10:00:00+08:00",
            "data": {"kind": "matter", "channel": "service_window", "category": "social_security",
                     "text": "办理低保", **data}}


def test_a_matter_needs_its_type_and_an_appeal_has_none(api, db, county):
    api.as_user("clerk")
    answer = push(api, "case_event", matter())
    assert answer["status"] == "rejected" and answer["errors"][0]["field"] == "matter_type"
    appeal = matter(matter_type="低保")
    appeal["data"]["kind"] = "appeal"
    answer = push(api, "case_event", appeal)
    assert answer["status"] == "rejected" and answer["errors"][0]["field"] == "matter_type"


def test_a_matter_is_accepted_the_day_it_is_asked_and_settled_in_its_types_days(api, db, county):
    api.as_user("admin")
    bad = api.put("/api/ledger/matter-types", json={"node_id": county["county"]["id"], "rows": [
        {"name": "", "days": 3}, {"name": "低保", "days": -1}, {"name": "x" * 51, "days": 2},
        {"name": "户籍", "days": 1}, {"name": "户籍", "days": 2}]})
    assert bad.status_code == 400
    assert [e["field"] for e in bad.json["errors"]] == [
        "rows[0].name", "rows[1].days", "rows[2].name", "rows[4].name"]
    assert api.put("/api/ledger/matter-types", json={"node_id": county["other"]["id"],
                                                     "rows": []}).status_code == 400
    api.put("/api/ledger/matter-types", json={"node_id": county["county"]["id"],
                                              "rows": [{"name": "低保", "days": 10}]})
    listed = api.get(f"/api/ledger/matter-types?node_id={county['hall']['id']}").json
    assert listed["rows"] == [{"name": "低保", "days": 10, "from_node_id": county["county"]["id"]}]
    api.as_user("clerk")
    event = matter(matter_type="低保")
    assert push(api, "case_event", event)["status"] == "applied"
    row = db.execute("SELECT owner_id, accept_by, close_by, days, matter_type, kind FROM cases"
                     " WHERE id = ?", [event["case_id"]]).fetchone()
    clerk = db.execute("SELECT id FROM users WHERE username = 'clerk'").fetchone()[0]
    received = dt.date(2026, 11, 2)
    assert row[0] == clerk   # 首问负责: whoever is asked first owns it
    assert row[1] == "2026-11-02" and row[2] == add_workdays(received, 10).isoformat()
    assert json.loads(row[3]) == {"accept": 0, "close": 10, "warn": 2} and row[4:] == ("低保", "matter")
    other = matter(matter_type="其他事项")
    push(api, "case_event", other, mid=2)
    assert json.loads(db.execute("SELECT days FROM cases WHERE id = ?", [
        other["case_id"]]).fetchone()[0]) == {"accept": 0, "close": 5, "warn": 2}


def inspection(node_id, **extra):
    return {"node_id": node_id, "visited_at": "2026-11-20T15:00:00+08:00", "window": "社保窗口",
            "result": "issues", "findings": "工作人员离岗20分钟，群众排队", **extra}


def test_inspections_are_logged_by_supervisors_in_their_scope(api, db, county):
    api.as_user("super")
    assert push(api, "inspection", inspection(county["hall"]["id"]))["status"] == "applied"
    refused = push(api, "inspection", inspection(county["other"]["id"]), mid=2)
    assert refused["status"] == "rejected" and refused["errors"][0]["field"] == "node_id"
    refused = push(api, "inspection", inspection(county["hall"]["id"], result="meh"), mid=3)
    assert refused["errors"][0]["field"] == "result"
    listed = api.get("/api/inspections").json
    assert listed["total"] == 1
    assert listed["items"][0]["inspector_name"] == "督查员"
    assert listed["items"][0]["node_name"] == "镇便民服务中心"
    api.as_user("clerk")
    assert push(api, "inspection", inspection(county["hall"]["id"]))["code"] == "forbidden"
    assert api.get("/api/inspections").status_code == 403
