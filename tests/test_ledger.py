"""The case engine through sync, as phones write it: every transition, every refusal, the
first-handler rule, transfers accepted and returned, 包案, reopening on 不满意, cases closed
twice offline, masking, and the deadline table."""
import datetime as dt
import json

import pytest

from qzapp.ledger.workdays import add_workdays
from tests.factories import make_household, make_node, make_user, new_id, put

RECEIVED_AT = "2026-11-02T10:00:00+08:00"   # a Monday


@pytest.fixture(autouse=True)
def app_context(app):
    """The tick runs as the CLI runs it: inside the app's context."""
    with app.app_context():
        yield


@pytest.fixture
def world(db):
    """A county with a township and two villages; the people of a case's life."""
    county = make_node(db, make_node(db, make_node(db), kind="city"), kind="county", name="县")
    township = make_node(db, county, kind="township", name="镇")
    village = make_node(db, township, kind="village", name="村")
    other = make_node(db, township, kind="village", name="邻村")
    people = {
        "secretary": make_user(db, village, ("first_secretary",), username="sec", name="李书记"),
        "staff": make_user(db, village, ("village_staff",), username="staff"),
        "cadre": make_user(db, village, ("cadre",), username="cadre"),
        "town": make_user(db, township, ("village_staff",), username="town", name="镇干部"),
        "neighbour": make_user(db, other, ("first_secretary",), username="neighbour"),
        "leader": make_user(db, county, ("leader",), username="leader", name="王县长"),
        "supervisor": make_user(db, county, ("supervisor",), username="super"),
    }
    household = make_household(db, village, head_name="赵大海")
    return {"county": county, "township": township, "village": village, "other": other,
            "household": household, **people}


class Phone:
    """One phone of one user: pushes events with increasing mids."""

    def __init__(self, api, username, device):
        self.api, self.username, self.device, self.mid = api, username, device, 0

    def send(self, *events):
        """Push events ({case_id, kind, data, base_n?, at?}); the answers."""
        self.api.as_user(self.username)
        mutations = []
        for event in events:
            self.mid += 1
            mutations.append(put(self.mid, event.pop("id", new_id()),
                                 {"at": RECEIVED_AT, **event}, entity="case_event"))
        response = self.api.push(mutations, device=self.device)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["results"]


def receive(phone, case_id=None, **data):
    """Receive a case on a phone; its id."""
    case_id = case_id or new_id()
    body = {"channel": "diary", "category": "infrastructure", "text": "村口路灯坏了三个月",
            "person_name": "赵大海", "person_phone": "13912345678", **data}
    [answer] = phone.send({"case_id": case_id, "kind": "receive", "data": body})
    assert answer["status"] == "applied", answer
    return case_id


def step(phone, case_id, kind, base_n=None, **data):
    """One event on a case; its answer."""
    event = {"case_id": case_id, "kind": kind, "data": data}
    if base_n is not None:
        event["base_n"] = base_n
    return phone.send(event)[0]


def case(db, case_id):
    row = db.execute("SELECT * FROM cases WHERE id = ?", [case_id]).fetchone()
    cols = [d[0] for d in db.execute("SELECT * FROM cases LIMIT 0").description]
    return dict(zip(cols, row)) if row else None


def events(db, case_id):
    return [dict(zip(("kind", "n", "superseded", "created_by"), r)) for r in db.execute(
        "SELECT kind, n, superseded, created_by FROM case_events WHERE case_id = ? ORDER BY n",
        [case_id])]


@pytest.fixture
def phones(api, world):
    return {name: Phone(api, world[name]["username"], f"phone-{name}")
            for name in ("secretary", "staff", "cadre", "town", "neighbour", "leader",
                         "supervisor")}


def test_receive_makes_a_case_owned_by_its_first_handler_on_the_clock(db, world, phones):
    case_id = receive(phones["secretary"], household_id=world["household"]["id"])
    row = case(db, case_id)
    assert row["status"] == "received"
    assert row["owner_id"] == row["first_handler_id"] == world["secretary"]["id"]
    assert row["node_id"] == world["village"]["id"]
    received = dt.date(2026, 11, 2)
    assert row["accept_by"] == add_workdays(received, 5).isoformat()
    assert row["close_by"] == add_workdays(received, 15).isoformat()
    assert json.loads(row["days"]) == {"accept": 5, "close": 15, "warn": 2}
    assert [e["kind"] for e in events(db, case_id)] == ["receive"]


def test_urgent_cases_have_shorter_deadlines(db, world, phones):
    case_id = receive(phones["secretary"], urgency="critical")
    row = case(db, case_id)
    assert row["accept_by"] == "2026-11-02"   # the same working day
    assert row["close_by"] == add_workdays(dt.date(2026, 11, 2), 1).isoformat()


def test_the_owner_accepts_and_nobody_else(db, world, phones):
    case_id = receive(phones["secretary"])
    refused = step(phones["staff"], case_id, "accept")
    assert refused["status"] == "rejected" and refused["code"] == "transition"
    assert "责任人" in refused["reason"]
    assert step(phones["secretary"], case_id, "accept")["status"] == "applied"
    assert case(db, case_id)["status"] == "in_progress"


def test_a_step_the_state_does_not_allow_is_refused_and_nothing_is_stored(db, world, phones):
    case_id = receive(phones["secretary"])
    refused = step(phones["secretary"], case_id, "close", result="resolved", done="修好了")
    assert refused["status"] == "rejected"
    assert refused["reason"] == "诉求还在待受理，不能做这一步"
    assert [e["kind"] for e in events(db, case_id)] == ["receive"]


def test_transfer_moves_first_handler_responsibility_only_when_accepted(db, world, phones):
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    answer = step(phones["secretary"], case_id, "transfer", to_user_id=world["town"]["id"],
                  reason="涉及镇上道路规划")
    assert answer["status"] == "applied", answer
    row = case(db, case_id)
    assert row["status"] == "transferring"
    assert row["owner_id"] == row["first_handler_id"] == world["secretary"]["id"]
    # Until the receiving side accepts, only they may accept.
    assert step(phones["secretary"], case_id, "accept")["code"] == "transition"
    assert step(phones["town"], case_id, "accept")["status"] == "applied"
    row = case(db, case_id)
    assert row["status"] == "in_progress"
    assert row["owner_id"] == row["first_handler_id"] == world["town"]["id"]
    assert row["handler_node_id"] == world["township"]["id"]


def test_a_transfer_returned_goes_back_where_it_was(db, world, phones):
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    step(phones["secretary"], case_id, "transfer", to_user_id=world["town"]["id"], reason="镇里办")
    assert step(phones["town"], case_id, "return", reason="属村内事务")["status"] == "applied"
    row = case(db, case_id)
    assert row["status"] == "in_progress" and row["owner_id"] == world["secretary"]["id"]
    assert row["pending"] is None


def test_hand_over_only_inside_scope_and_transfer_inside_the_county(db, world, phones):
    elsewhere = make_node(db, db["org_nodes"].get(world["county"]["parent_id"]), kind="county")
    stranger = make_user(db, elsewhere, ("village_staff",))
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    refused = step(phones["secretary"], case_id, "transfer", to_user_id=stranger["id"],
                   reason="外县")
    assert refused["status"] == "rejected" and refused["errors"][0]["field"] == "to_user_id"
    refused = step(phones["secretary"], case_id, "assign", to_user_id=world["town"]["id"])
    assert refused["status"] == "rejected"   # the township is above the village


def test_assign_inside_scope_keeps_the_owner(db, world, phones):
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    assert step(phones["secretary"], case_id, "assign",
                to_user_id=world["staff"]["id"])["status"] == "applied"
    row = case(db, case_id)
    assert row["owner_id"] == world["secretary"]["id"] and row["handler_id"] == world["staff"]["id"]
    # The person it is assigned to may close it.
    assert step(phones["staff"], case_id, "close", result="resolved",
                done="已修复")["status"] == "applied"


def test_a_leader_takes_the_case_and_owns_it(db, world, phones):
    case_id = receive(phones["secretary"])
    assert step(phones["cadre"], case_id, "take")["code"] in ("forbidden", "missing",
                                                             "transition")
    assert step(phones["leader"], case_id, "take")["status"] == "applied"
    row = case(db, case_id)
    assert row["leader_id"] == row["owner_id"] == world["leader"]["id"]
    assert row["first_handler_id"] == world["secretary"]["id"]
    assert row["status"] == "in_progress"


def test_unsatisfied_reopens_once_by_itself_then_stays_closed(db, world, phones):
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    step(phones["secretary"], case_id, "close", result="resolved", done="换了灯泡")
    rate = {"satisfaction": "unsatisfied", "asked_by": "phone", "comment": "又坏了"}
    assert step(phones["secretary"], case_id, "rate", **rate)["status"] == "applied"
    row = case(db, case_id)
    assert row["status"] == "in_progress" and row["reopens"] == 1 and row["auto_reopens"] == 1
    step(phones["secretary"], case_id, "close", result="resolved", done="换了线路")
    step(phones["secretary"], case_id, "rate", **rate)
    row = case(db, case_id)
    assert row["status"] == "closed" and row["satisfaction"] == "unsatisfied"
    assert row["reopens"] == 1
    # Rated once per closing.
    assert step(phones["secretary"], case_id, "rate", **rate)["code"] == "transition"


def test_only_a_supervisor_reopens_a_closed_case(db, world, phones):
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    step(phones["secretary"], case_id, "close", result="explained", done="已解释政策")
    assert step(phones["secretary"], case_id, "reopen", reason="再看看")["status"] == "rejected"
    assert step(phones["supervisor"], case_id, "reopen",
                reason="群众再次反映")["status"] == "applied"
    assert case(db, case_id)["status"] == "in_progress"


def test_two_phones_close_the_same_case_offline_both_kept_one_superseded(db, world, phones):
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "assign", to_user_id=world["staff"]["id"])
    step(phones["secretary"], case_id, "accept")
    base = case(db, case_id)["events_n"]
    first = step(phones["secretary"], case_id, "close", base_n=base, result="resolved", done="甲")
    second = step(phones["staff"], case_id, "close", base_n=base, result="partly", done="乙")
    assert first["status"] == second["status"] == "applied"
    stored = events(db, case_id)
    assert [e["kind"] for e in stored][-2:] == ["close", "close"]
    assert stored[-1]["superseded"] == "case.problem.status_closed"
    row = case(db, case_id)
    assert row["done"] == "甲" and row["events_n"] == base + 1


def test_an_event_on_a_case_the_writer_cannot_see_is_refused(db, world, phones):
    case_id = receive(phones["secretary"])
    refused = step(phones["neighbour"], case_id, "note", text="看看")
    assert refused["status"] == "rejected" and refused["code"] == "missing"
    refused = step(phones["secretary"], new_id(), "note", text="没有这件")
    assert refused["code"] == "missing"


def test_bad_event_data_is_named_field_by_field(db, world, phones):
    [answer] = phones["secretary"].send({"case_id": new_id(), "kind": "receive", "data": {
        "channel": "carrier_pigeon", "category": "infrastructure", "text": "x\u202e",
        "person_phone": "138abc"}})
    assert answer["status"] == "rejected"
    fields = {e["field"] for e in answer["errors"]}
    assert {"channel", "text"} <= fields
    [answer] = phones["secretary"].send({"case_id": new_id(), "kind": "escalate",
                                         "data": {"level": 1}})
    assert answer["status"] == "rejected" and answer["errors"][0]["field"] == "kind"


def test_the_person_is_masked_for_readers_who_do_not_handle_the_case(api, db, world, phones):
    case_id = receive(phones["secretary"])
    api.as_user("super")
    ledger = api.get("/api/cases").get_json()
    [item] = ledger["items"]
    assert item["person_name"] == "赵*" and item["person_phone"] == "139****5678"
    detail = api.get(f"/api/cases/{case_id}").get_json()
    assert detail["events"][0]["data"]["person_name"] == "赵*"
    pulled = api.get("/api/sync/pull?since=0").get_json()
    records = [c for c in pulled["changes"] if c["entity"] in ("case", "case_event")]
    assert records and "赵大海" not in json.dumps(records, ensure_ascii=False)
    api.as_user("sec")
    detail = api.get(f"/api/cases/{case_id}").get_json()
    assert detail["case"]["person_name"] == "赵大海"
    assert detail["events"][0]["data"]["person_phone"] == "13912345678"


def test_the_ledger_filters_and_counts(api, db, world, phones):
    first = receive(phones["secretary"])
    receive(phones["secretary"], category="medical", urgency="urgent")
    step(phones["secretary"], first, "accept")
    api.as_user("super")
    answer = api.get("/api/cases").get_json()
    assert answer["total"] == 2
    assert answer["counts"]["received"] == 1 and answer["counts"]["in_progress"] == 1
    answer = api.get("/api/cases?category=medical").get_json()
    assert [i["category"] for i in answer["items"]] == ["medical"]
    assert api.get("/api/cases?status=lost").status_code == 400
    assert api.get("/api/cases?overdue=2").status_code == 400
    api.as_user("cadre")
    assert api.get("/api/cases").status_code == 403


def test_my_cases_lists_what_i_own_or_am_to_accept(api, db, world, phones):
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    step(phones["secretary"], case_id, "transfer", to_user_id=world["town"]["id"], reason="镇里")
    api.as_user("town")
    mine = api.get("/api/cases/mine").get_json()["items"]
    assert [c["id"] for c in mine] == [case_id]
    assert mine[0]["clock"]["state"] in ("ok", "warning", "overdue")


def test_the_deadline_table_refuses_holes_and_negative_days(api, db, world):
    make_user(db, world["county"], ("admin",), username="admin")
    api.as_user("admin")
    bad = api.put("/api/ledger/deadlines", json={"node_id": world["county"]["id"], "rows": [
        {"category": None, "urgency": "normal", "accept": -1, "close": 10},
        {"category": None, "urgency": "normal", "accept": 2, "close": 1},
        {"category": "spaceships", "urgency": "urgent", "accept": 1, "close": "x"}]})
    assert bad.status_code == 400
    fields = {e["field"] for e in bad.get_json()["errors"]}
    assert {"rows[0].accept", "rows[1]", "rows[2].category", "rows[2].close"} <= fields
    good = api.put("/api/ledger/deadlines", json={"node_id": world["county"]["id"], "rows": [
        {"category": "medical", "urgency": "normal", "accept": 2, "close": 7}]})
    assert good.status_code == 200


def test_the_deadline_table_applies_below_its_node(api, db, world, phones):
    make_user(db, world["county"], ("admin",), username="admin")
    api.as_user("admin")
    api.put("/api/ledger/deadlines", json={"node_id": world["township"]["id"], "rows": [
        {"category": "medical", "urgency": "normal", "accept": 2, "close": 7, "warn": 3}]})
    table = api.get(f"/api/ledger/deadlines?node_id={world['village']['id']}").json["rows"]
    assert {"category": "medical", "urgency": "normal", "accept": 2, "close": 7, "warn": 3,
            "from_node_id": world["township"]["id"]} in table
    medical = receive(phones["secretary"], category="medical")
    other = receive(phones["secretary"])
    assert json.loads(case(db, medical)["days"]) == {"accept": 2, "close": 7, "warn": 3}
    assert json.loads(case(db, other)["days"]) == {"accept": 5, "close": 15, "warn": 2}


def test_an_appeal_from_an_older_phone_becomes_a_case(api, db, world):
    api.as_user("sec")
    appeal_id = new_id()
    response = api.push([put(1, appeal_id, {"category": "housing", "text": "房屋漏雨",
                                            "household_id": world["household"]["id"]},
                             entity="appeal")], device="old-phone")
    assert response.get_json()["results"][0]["status"] == "applied"
    row = case(db, appeal_id)
    assert row["status"] == "received" and row["channel"] == "diary"
    assert row["household_id"] == world["household"]["id"]


def escalations(db, case_id):
    return [json.loads(r[0]) for r in db.execute(
        "SELECT data FROM case_events WHERE case_id = ? AND kind = 'escalate' ORDER BY n",
        [case_id])]


def test_an_overdue_case_escalates_up_the_tree_once_per_level(app, db, world, phones):
    from qzapp import tick
    case_id = receive(phones["secretary"])   # to accept by 2026-11-09
    assert tick.run(db, dt.date(2026, 11, 9))["ledger"]["escalated"] == 0
    tick.run(db, dt.date(2026, 11, 10))
    tick.run(db, dt.date(2026, 11, 10))
    assert escalations(db, case_id) == [
        {"level": 1, "to_node_id": world["township"]["id"], "due": "2026-11-09"}]
    assert case(db, case_id)["escalation_level"] == 1
    tick.run(db, dt.date(2026, 11, 13))   # four working days late: the next level
    tick.run(db, dt.date(2026, 12, 31))   # never above the county
    assert [e["to_node_id"] for e in escalations(db, case_id)] == [
        world["township"]["id"], world["county"]["id"]]
    # The escalation is an event like the others, in the superior's ledger.
    row = case(db, case_id)
    assert row["escalation_level"] == 2 and row["escalated_node_id"] == world["county"]["id"]


def test_a_closed_case_does_not_escalate(db, world, phones):
    from qzapp import tick
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    step(phones["secretary"], case_id, "close", result="resolved", done="好了")
    tick.run(db, dt.date(2026, 12, 31))
    assert escalations(db, case_id) == []


def test_two_tick_processes_at_once_escalate_once(app, db, world, phones):
    import concurrent.futures

    from tests.test_backup import flask
    case_id = receive(phones["secretary"])   # overdue for weeks by today
    media = app.config["MEDIA_DIR"]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: flask("tick", app.config["DATABASE"], media), range(2)))
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    assert [e["level"] for e in escalations(db, case_id)] == [1, 2]


def test_appeals_stored_before_cases_become_cases_at_the_tick(tmp_path, db, world):
    """Migration 0009 turns every stored appeal into a receive event; the tick folds them."""
    from qzapp import tick
    from qzapp.ledger.appeal import APPEAL
    from qzapp.sync import store
    appeal_id = new_id()
    row = {"node_id": world["village"]["id"], "household_id": None, "diary_id": None,
           "channel": "hotline", "category": "land", "text": "宅基地纠纷"}
    with db.atomic():
        store.save(db, None, APPEAL, appeal_id, None, row)
    # As the migration leaves an appeal of the version before: its receive event, no case.
    db.execute("DELETE FROM cases WHERE id = ?", [appeal_id])
    db.execute("DELETE FROM changes WHERE entity = 'case' AND record_id = ?", [appeal_id])
    db.execute("UPDATE case_events SET rev = 0 WHERE case_id = ?", [appeal_id])
    db.conn.commit()
    assert tick.run(db)["ledger"]["folded"] == 1
    row = case(db, appeal_id)
    assert row["status"] == "received" and row["channel"] == "hotline"
    assert tick.run(db)["ledger"]["folded"] == 0


def test_mediate_reply_and_backlog_are_recorded(db, world, phones):
    case_id = receive(phones["secretary"])
    assert step(phones["secretary"], case_id, "mediate", mediation="people", parties="赵家、钱家",
                mediator="村调委会", outcome="ongoing")["code"] == "transition"   # not accepted
    step(phones["secretary"], case_id, "accept")
    assert step(phones["secretary"], case_id, "mediate", mediation="judicial", parties="赵家、钱家",
                mediator="司法所", outcome="agreed")["status"] == "applied"
    bad = step(phones["secretary"], case_id, "mediate", mediation="tea", parties="甲",
               mediator="乙", outcome="agreed")
    assert bad["status"] == "rejected" and bad["errors"][0]["field"] == "mediation"
    assert step(phones["secretary"], case_id, "reply", text="已电话告知调解结果",
                by="phone")["status"] == "applied"
    assert step(phones["staff"], case_id, "backlog", on=True)["code"] == "transition"
    assert step(phones["supervisor"], case_id, "backlog", on=True,
                reason="三年未结")["status"] == "applied"
    row = case(db, case_id)
    assert (row["mediations"], row["replies"], row["backlog"]) == (1, 1, 1)


def test_a_note_with_a_photo_is_seen_with_its_case(api, db, world, phones):
    from tests.images import phone_jpeg, sha
    case_id = receive(phones["secretary"])
    photo = phone_jpeg()
    api.as_user("sec")
    assert api.client.put(f"/api/media/{sha(photo)}", data=photo, headers={
        "X-Requested-With": "qzapp", "Content-Type": "image/jpeg"}).status_code == 201
    assert step(phones["secretary"], case_id, "note", text="现场照片",
                photos=[sha(photo)])["status"] == "applied"
    assert step(phones["secretary"], case_id, "note")["errors"][0]["field"] == "text"
    api.as_user("super")   # reads the case: may see its photos
    assert api.get(f"/media/{sha(photo)}.jpg").status_code == 200
    api.as_user("neighbour")
    assert api.get(f"/media/{sha(photo)}.jpg").status_code == 404


def test_a_wrong_event_is_answered_by_a_correction_from_its_author(db, world, phones):
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    note_id = new_id()
    [answer] = phones["secretary"].send({"id": note_id, "case_id": case_id, "kind": "note",
                                         "data": {"text": "户主电话是 13800000000"}})
    assert answer["status"] == "applied"
    assert step(phones["staff"], case_id, "correct", target=note_id,
                text="更正")["code"] == "transition"
    assert step(phones["secretary"], case_id, "correct", target=note_id,
                text="电话记错了，应为 13900000000")["status"] == "applied"
    kinds = [e["kind"] for e in events(db, case_id)]
    assert kinds == ["receive", "accept", "note", "correct"]   # nothing overwritten


def test_events_cannot_be_changed_or_deleted(api, db, world, phones):
    case_id = receive(phones["secretary"])
    event_id = db.execute("SELECT id FROM case_events WHERE case_id = ?", [case_id]).fetchone()[0]
    api.as_user("sec")
    again = api.push([put(1, event_id, {"case_id": case_id, "kind": "receive",
                                        "at": RECEIVED_AT, "data": {
                                            "channel": "diary", "category": "land",
                                            "text": "改写"}}, base_rev=1, entity="case_event")],
                     device="phone-other-1").json["results"][0]
    assert again["status"] == "rejected"
    gone = api.push([{"mid": 2, "op": "delete", "entity": "case_event", "id": event_id}],
                    device="phone-other-1").json["results"][0]
    assert gone["status"] == "rejected"
    assert case(db, case_id)["text"] == "村口路灯坏了三个月"
    case_put = api.push([put(3, case_id, {"status": "closed"}, entity="case")],
                        device="phone-other-1").json["results"][0]
    assert case_put["status"] == "rejected"


def test_a_categorys_own_figures_win_over_nearer_general_ones(api, db, world, phones):
    make_user(db, world["county"], ("admin",), username="admin")
    api.as_user("admin")
    api.put("/api/ledger/deadlines", json={"node_id": world["county"]["id"], "rows": [
        {"category": "medical", "urgency": "normal", "accept": 1, "close": 3}]})
    api.put("/api/ledger/deadlines", json={"node_id": world["township"]["id"], "rows": [
        {"category": None, "urgency": "normal", "accept": 4, "close": 12}]})
    medical, land = receive(phones["secretary"], category="medical"), receive(phones["secretary"])
    assert json.loads(case(db, medical)["days"])["close"] == 3
    assert json.loads(case(db, land)["days"])["close"] == 12
    # A node may go back to what is set above it: an empty table.
    api.as_user("admin")
    assert api.put("/api/ledger/deadlines", json={"node_id": world["township"]["id"],
                                                  "rows": []}).status_code == 200
    table = api.get(f"/api/ledger/deadlines?node_id={world['village']['id']}").json["rows"]
    assert {"category": None, "urgency": "normal", "accept": 5, "close": 15, "warn": 2,
            "from_node_id": None} in table


def test_base_n_counts_the_events_applied_not_the_superseded(db, world, phones):
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "assign", to_user_id=world["staff"]["id"])
    step(phones["secretary"], case_id, "accept")   # 3 applied
    step(phones["secretary"], case_id, "close", base_n=3, result="resolved", done="甲")
    step(phones["staff"], case_id, "close", base_n=3, result="partly", done="乙")  # superseded
    step(phones["supervisor"], case_id, "reopen", reason="回访不满意")   # 5 applied
    step(phones["secretary"], case_id, "close", result="resolved", done="丙")  # 6 applied
    # A phone that saw the reopen (five applied events) closes too: valid where it stood,
    # overtaken since: kept as superseded, not refused.
    late = step(phones["staff"], case_id, "close", base_n=5, result="partly", done="丁")
    assert late["status"] == "applied"
    assert events(db, case_id)[-1]["superseded"] == "case.problem.status_closed"


def test_who_a_case_may_be_handed_to(api, db, world, phones):
    case_id = receive(phones["secretary"])
    api.as_user("sec")
    assign = api.get(f"/api/cases/{case_id}/people?kind=assign").json["items"]
    assert {p["name"] for p in assign} >= {"李书记"} and all(
        p["node_name"] == "村" for p in assign)
    transfer = api.get(f"/api/cases/{case_id}/people?kind=transfer&q=镇").json["items"]
    assert [p["name"] for p in transfer] == ["镇干部"]
    assert api.get(f"/api/cases/{case_id}/people?kind=steal").status_code == 400
    api.as_user("neighbour")
    assert api.get(f"/api/cases/{case_id}/people").status_code == 404
