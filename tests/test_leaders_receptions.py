"""Receptions (F9): planned, held or cancelled; the monthly quota of city leaders; the cases
received at one (channel 领导接访, the leader as 包案 owner when they take them); a held
reception and a case taken in the field as days at the grassroots; the public board."""
import datetime as dt

import pytest

from qzapp import clock
from qzapp.clock import today
from tests.duty_world import zh
from tests.factories import ApiClient, new_id
from tests.leaders_world import Phone, make_world

YEAR = today().year - 1


@pytest.fixture
def world(db):
    return make_world(db)


def reception(starts_at, **extra):
    return {"kind": "scheduled", "starts_at": starts_at, "place": "东镇便民服务中心",
            **extra}


def held(starts_at, **extra):
    return reception(starts_at, status="held", visitors=12, summary="接待群众 12 人", **extra)


def year_of(app, username, year=YEAR):
    answer = ApiClient(app.test_client()).as_user(username).get(f"/api/leaders/me?year={year}")
    assert answer.status_code == 200, answer.json
    return answer.json


def test_a_month_without_a_held_reception_is_missed(app, world):
    """City leaders: at least one a month. A month with one held is met; a month with one
    only planned or cancelled is missed, as is one with none."""
    phone = Phone(app, "l_mayor")
    for month in range(1, 13):
        if month == 4:
            continue                                   # no reception in April
        if month == 7:
            phone.put("reception", reception(f"{YEAR}-07-10T09:00:00+08:00",
                                             status="cancelled", cancel_reason="防汛"))
            continue
        assert phone.put("reception", held(f"{YEAR}-{month:02d}-10T09:00:00+08:00"))[
            "status"] == "applied"
    receptions = year_of(app, "l_mayor")["receptions"]
    assert receptions["target_per_month"] == 1
    assert receptions["missed"] == [f"{YEAR}-04", f"{YEAR}-07"]
    assert receptions["held"] == 10
    listed = ApiClient(app.test_client()).as_user("l_sup").get(f"/api/leaders?year={YEAR}")
    mayor = next(r for r in listed.json["items"] if r["id"] == world["mayor"]["id"])
    assert (mayor["receptions"], mayor["receptions_missed"]) == (10, 2)


def test_a_county_leader_has_no_monthly_quota_by_default(app, world):
    receptions = year_of(app, "l_chief")["receptions"]
    assert receptions["target_per_month"] is None and receptions["missed"] == []


def test_a_reception_to_come_cannot_be_held_and_a_cancelled_one_says_why(app, world):
    phone = Phone(app, "l_mayor")
    soon = (clock.now() + dt.timedelta(days=3)).astimezone(clock.CHINA).isoformat()
    result = phone.put("reception", held(soon))
    assert result["errors"] == [{"field": "status",
                                 "message": zh("leaders.reception.held_in_future")}]
    result = phone.put("reception", reception(soon, status="cancelled"))
    assert result["errors"] == [{"field": "cancel_reason", "message": zh("field.required")}]
    result = phone.put("reception", reception(soon, visitors=-1))
    assert result["errors"][0]["field"] == "visitors"
    result = phone.put("reception", reception(soon, public=True))
    assert result["errors"] == [{"field": "place_node_id",
                                 "message": zh("leaders.reception.public_needs_place")}]


def test_a_held_reception_keeps_its_status(app, world):
    phone = Phone(app, "l_mayor")
    made = phone.put("reception", held(f"{YEAR}-05-10T09:00:00+08:00"))
    again = phone.put("reception", reception(f"{YEAR}-05-10T09:00:00+08:00"),
                      record_id=made["id"], base_rev=made["rev"])
    assert again["errors"] == [{"field": "status",
                                "message": zh("leaders.reception.status_final")}]


def receive(phone, **data):
    body = {"channel": "leader_reception", "category": "infrastructure",
            "text": "村道塌方，请求修复", **data}
    return phone.push("case_event", {"case_id": new_id(), "kind": "receive",
                                     "at": f"{YEAR}-05-10T10:00:00+08:00", "data": body})[0]


def test_cases_received_at_a_reception_count_for_it_and_the_leader_takes_them(app, world):
    phone = Phone(app, "l_chief")
    made = phone.put("reception", held(f"{YEAR}-05-10T09:00:00+08:00", kind="visit",
                                       place_node_id=world["village"]["id"]))
    assert made["status"] == "applied", made
    assert receive(phone, reception_id=made["id"])["status"] == "applied"
    case_id = phone.api.get("/api/cases/mine").json["items"][0]["id"]
    taken = phone.push("case_event", {"case_id": case_id, "kind": "take",
                                      "at": f"{YEAR}-05-10T11:00:00+08:00", "data": {}})[0]
    assert taken["status"] == "applied", taken
    [item] = year_of(app, "l_chief")["receptions"]["list"]
    assert (item["cases"], item["cases_taken"]) == (1, 1)
    # The case is placed where the reception was held.
    assert phone.api.get(f"/api/cases/{case_id}").json["case"]["node_id"] == \
        world["village"]["id"]


def test_a_case_naming_a_reception_comes_through_its_channel(app, world):
    phone = Phone(app, "l_chief")
    made = phone.put("reception", held(f"{YEAR}-05-10T09:00:00+08:00"))
    wrong = receive(phone, reception_id=made["id"], channel="hotline")
    assert wrong["errors"] == [{"field": "channel", "message": zh("case.reception_channel")}]
    unknown = receive(phone, reception_id=new_id())
    assert unknown["errors"] == [{"field": "reception_id",
                                  "message": zh("case.reception_unknown")}]
    # Another leader's reception is not theirs to name.
    other = Phone(app, "l_mayor").put("reception", held(f"{YEAR}-05-10T09:00:00+08:00"))
    assert receive(phone, reception_id=other["id"])["errors"][0]["field"] == "reception_id"


def test_a_held_reception_and_a_case_taken_in_the_field_are_days_at_the_grassroots(app, world):
    phone = Phone(app, "l_chief")
    phone.put("reception", held(f"{YEAR}-05-10T09:00:00+08:00"))
    phone.put("reception", reception(f"{YEAR}-05-11T09:00:00+08:00", status="cancelled",
                                     cancel_reason="改期"))
    receive(phone)                                           # 05-10 too: the same day
    phone.push("case_event", {"case_id": new_id(), "kind": "receive",
                              "at": f"{YEAR}-05-12T10:00:00+08:00",
                              "data": {"channel": "evening_talk", "category": "other",
                                       "text": "夜话中反映"}})
    phone.push("case_event", {"case_id": new_id(), "kind": "receive",
                              "at": f"{YEAR}-05-13T10:00:00+08:00",
                              "data": {"channel": "hotline", "category": "other",
                                       "text": "热线来电"}})    # at the desk: not a day
    days = year_of(app, "l_chief")["days"]
    assert [(d["day"], sorted(s["kind"] for s in d["sources"])) for d in days["list"]] == [
        (f"{YEAR}-05-10", ["case", "reception"]), (f"{YEAR}-05-12", ["case"])]


def test_coming_public_receptions_are_on_the_boards_of_the_place(app, world, db):
    from tests.factories import make_node
    other_village = make_node(db, make_node(db, world["west"], kind="township", name="西镇"),
                              kind="village", name="西村")
    phone = Phone(app, "l_chief")
    soon = (clock.now() + dt.timedelta(days=5)).astimezone(clock.CHINA)
    at = soon.replace(hour=9, minute=0, second=0, microsecond=0).isoformat()
    phone.put("reception", reception(at, public=True, topic="道路建设",
                                     place_node_id=world["town"]["id"]))
    phone.put("reception", reception(at, public=False, place="不公开的地点",
                                     place_node_id=world["town"]["id"]))
    page = app.test_client().get(f"/board/{world['village']['id']}").get_data(as_text=True)
    assert zh("leaders.board.title") in page
    assert "东镇便民服务中心" in page and "chief名" in page and "道路建设" in page
    assert "不公开的地点" not in page
    other = app.test_client().get(f"/board/{other_village['id']}").get_data(as_text=True)
    assert zh("leaders.board.title") not in other
