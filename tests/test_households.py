"""Households: rotation rules, masking by role, handover, register validation, reveals."""
import datetime as dt

import pytest

from qzapp.auth.models import load_user_row
from qzapp.households import pairing, rules
from tests.factories import diary_data, make_household, make_node, make_user, new_id, put

GOOD_ID = "510104199001011230"   # valid check digit
OTHER_ID = "11010519491231002X"


def days_ago(days):
    """A date relative to today, so that rotation states do not age with the calendar."""
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


# The phone applies the same rules offline (tests/browser/test_households.py runs these too).
ROTATION_CASES = [
    ("2025-01-15", "2026-01-14", "ok"),
    ("2025-01-15", "2026-01-15", "due"),       # twelve months to the day: rotation due
    ("2025-01-15", "2027-01-15", "due"),       # twenty-four months: still only due
    ("2025-01-15", "2027-01-16", "overdue"),   # after twenty-four months
    ("2024-02-29", "2025-02-27", "ok"),
    ("2024-02-29", "2025-02-28", "due"),       # no 29 February: the month's last day
    ("2024-08-31", "2025-08-30", "ok"),
]
ID_CASES = [
    (GOOD_ID, None), (OTHER_ID, None),
    ("510104199001011234", "household.id_checksum"),
    ("51010419900101123", "household.id_format"),
    ("5101041990010112A4", "household.id_format"),
    ("51010419900101123²", "household.id_format"),
    ("５１０１０４１９９００１０１１２３０", "household.id_format"),   # full-width digits
    ("510104199013011234", "household.id_birth_date"),
    ("510104289001011234", "household.id_birth_date"),
]


@pytest.mark.parametrize("start,today,status", ROTATION_CASES)
def test_rotation_thresholds(start, today, status):
    assert rules.rotation_status(start, dt.date.fromisoformat(today)) == status


@pytest.mark.parametrize("number,problem", ID_CASES)
def test_id_number_rules(number, problem):
    assert rules.id_number_problem(number, dt.date(2026, 11, 26)) == problem


@pytest.fixture
def village(app, db):
    """青山村 with a grid and one household; people in every role around it."""
    county = make_node(db, make_node(db), kind="county", name="县")
    village = make_node(db, make_node(db, county, kind="township"), kind="village", name="青山村")
    grid = make_node(db, village, kind="grid", name="一网格")
    other = make_node(db, make_node(db, county, kind="township"), kind="village", name="别村")
    people = {name: make_user(db, node, roles=[role], username=name) for name, node, role in [
        ("admin", county, "admin"), ("sup", county, "supervisor"), ("cadre", county, "cadre"),
        ("cadre2", county, "cadre"), ("sec", village, "first_secretary"),
        ("staff", village, "village_staff"), ("gridw", grid, "grid_worker"),
        ("leader", county, "leader"), ("othersec", other, "first_secretary")]}
    household = make_household(db, grid, head_name="王建国", phone="13812345678",
                               id_number=GOOD_ID)
    with app.app_context(), db.atomic():
        admin = load_user_row(db, people["admin"]["id"])
        pairing.pair(db, admin, household, people["cadre"]["id"], days_ago(400))
    return {"county": county, "village": village, "grid": grid, "other": other,
            "household": household, **people}


def pulled(api, entity=None):
    changes = api.get("/api/sync/pull?limit=5000").json["changes"]
    return [c for c in changes if entity is None or c["entity"] == entity]


@pytest.mark.parametrize("username,full", [
    ("cadre", True), ("sec", True), ("staff", True), ("gridw", True),
    ("sup", False), ("admin", False),
])
def test_personal_data_masked_for_those_who_do_not_handle(api, village, username, full):
    api.as_user(username)
    listed = api.get("/api/households").json["households"]
    synced = [c["data"] for c in pulled(api, "household")]
    for record in (listed[0], synced[0]):
        if full:
            assert record["phone"] == "13812345678" and record["id_number"] == GOOD_ID
        else:
            assert record["phone"] == "138****5678"
            assert record["id_number"] == "5101**********1230"
            assert record["masked"] is True


@pytest.mark.parametrize("username", ["leader", "othersec", "cadre2"])
def test_household_invisible_outside_its_readers(api, village, username):
    api.as_user(username)
    assert api.get("/api/households").json["households"] == []
    assert pulled(api, "household") == []
    assert api.get(f"/api/households/{village['household']['id']}").status_code == 404


def test_handover_moves_the_whole_history(api, app, db, village):
    household = village["household"]["id"]
    api.as_user("cadre")
    push = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(1, new_id(), diary_data(household_id=household, follow_up_date=None))]})
    assert push.json["results"][0]["status"] == "applied"
    cursor = api.get("/api/sync/pull").json["next"]
    api.as_user("admin")
    response = api.post(f"/api/households/{household}/handover",
                        {"cadre_id": village["cadre2"]["id"], "note": "调往县委办"})
    assert response.status_code == 200
    history = response.json["pairings"]
    assert [p["cadre_id"] for p in history] == [village["cadre"]["id"], village["cadre2"]["id"]]
    assert history[0]["end_date"] == history[1]["start_date"]
    assert history[0]["handover_note"] == "调往县委办"
    api.as_user("cadre2")
    entities = {c["entity"] for c in pulled(api)}
    assert {"household", "pairing", "diary"} <= entities
    told = [c["data"] for c in pulled(api) if c["entity"] == "notice"]
    assert [n["kind"] for n in told] == ["household_assigned"]
    assert told[0]["link"] == f"#/household/{household}"
    page = api.get(f"/api/households/{household}").json
    assert len(page["diaries"]) == 1 and len(page["pairings"]) == 2
    assert page["household"]["phone"] == "13812345678"
    api.as_user("cadre")
    after = api.get(f"/api/sync/pull?since={cursor}").json["changes"]
    dropped = {c["entity"] for c in after if c["op"] == "drop"}
    assert {"household", "pairing"} <= dropped
    assert api.get(f"/api/households/{household}").status_code == 404
    assert api.get("/api/households/mine").json["households"] == []
    # the old cadre keeps the diary they wrote (and the notice of the pairing that ended)
    assert [c["entity"] for c in pulled(api) if c["entity"] != "notice"] == ["diary"]


@pytest.mark.parametrize("body,status,field", [
    ({"cadre_id": 9999, "start_date": "2026-01-01"}, 400, "cadre_id"),
    ({"cadre_id": "x", "start_date": "2026-01-01"}, 400, "cadre_id"),
    ({"start_date": "2026-01-01"}, 400, "cadre_id"),
])
def test_pairing_bad_input(api, db, village, body, status, field):
    api.as_user("admin")
    household = make_household(db, village["village"], head_name="李四")
    response = api.post(f"/api/households/{household['id']}/pairing", body)
    assert response.status_code == status
    assert response.json["errors"][0]["field"] == field


def test_pairing_rules(api, db, village):
    api.as_user("admin")
    household = make_household(db, village["village"], head_name="李四")
    url = f"/api/households/{household['id']}/pairing"
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    bad = api.post(url, {"cadre_id": village["cadre2"]["id"], "start_date": future})
    assert bad.json["errors"] == [{"field": "start_date", "message": "日期不能晚于今天"}]
    secretary = api.post(url, {"cadre_id": village["sec"]["id"], "start_date": "2026-01-01"})
    assert secretary.json["errors"][0]["field"] == "cadre_id"  # not a pairable role
    good = api.post(url, {"cadre_id": village["cadre2"]["id"], "start_date": days_ago(500),
                          "planned_end_date": days_ago(-100)})
    assert good.status_code == 201 and good.json["pairings"][0]["rotation"] == "due"
    again = api.post(url, {"cadre_id": village["cadre"]["id"], "start_date": "2026-01-01"})
    assert again.status_code == 409 and "交接" in again.json["error"]
    listed = api.get("/api/pairings?status=due").json["pairings"]
    assert {p["household_id"] for p in listed} == {household["id"], village["household"]["id"]}
    assert api.get("/api/pairings?status=ok").json["pairings"] == []
    assert api.get("/api/pairings?status=late").status_code == 400


def test_pairing_needs_admin(api, village):
    api.as_user("sec")
    response = api.post(f"/api/households/{village['household']['id']}/handover",
                        {"cadre_id": village["cadre2"]["id"]})
    assert response.status_code == 403


def test_stationed_cadre_with_rotation(api, db, village):
    api.as_user("admin")
    made = api.post("/api/stationings", {"cadre_id": village["leader"]["id"],
                                         "node_id": village["village"]["id"], "post": "第一书记",
                                         "start_date": "2024-01-01"})
    assert made.status_code == 201
    assert api.get("/api/stationings?status=overdue").json["stationings"][0]["post"] == "第一书记"
    grid = api.post("/api/stationings", {"cadre_id": village["leader"]["id"],
                                         "node_id": village["grid"]["id"],
                                         "start_date": "2024-01-01"})
    assert grid.status_code == 400 and grid.json["errors"][0]["field"] == "node_id"
    ended = api.patch(f"/api/stationings/{made.json['stationing']['id']}",
                      {"end_date": "2026-01-01"})
    assert ended.status_code == 200
    assert api.get("/api/stationings").json["stationings"] == []
    again = api.patch(f"/api/stationings/{made.json['stationing']['id']}",
                      {"end_date": "2026-02-01"})
    assert again.status_code == 409 and again.json["error"] == "该挂职已于 2026-01-01 结束"
    assert db["stationings"].get(made.json["stationing"]["id"])["end_date"] == "2026-01-01"
    api.as_user("leader")  # the stationed cadre sees their own assignment
    assert [c["entity"] for c in pulled(api)] == ["stationing"]


def household_put(mid, data, record_id=None):
    return put(mid, record_id or new_id(), data, entity="household")


def register(village, **overrides):
    return {"node_id": village["grid"]["id"], "head_name": "赵六", "difficulty_type": "illness",
            "members": [{"name": "赵小六", "relation": "子", "birth_year": 2012}],
            "phone": "028-88886666", "id_number": OTHER_ID, **overrides}


def test_register_keeper_adds_a_household_offline(api, db, village):
    api.as_user("gridw")
    response = api.post("/api/sync/push", {"device_id": "phone-0001",
                                           "mutations": [household_put(1, register(village))]})
    assert response.json["results"][0]["status"] == "applied"
    row = db.execute("SELECT head_name, members FROM households WHERE head_name = '赵六'").fetchone()
    assert row[0] == "赵六" and "赵小六" in row[1]


@pytest.mark.parametrize("overrides,field", [
    ({"head_name": ""}, "head_name"),
    ({"difficulty_type": "lazy"}, "difficulty_type"),
    ({"id_number": "510104199001011234"}, "id_number"),
    ({"phone": "call me"}, "phone"),
    ({"members": [{"name": "小明", "birth_year": 2090}]}, "members"),
    ({"members": [{"name": "小明", "birth_year": 1850}]}, "members"),
    ({"members": "小明"}, "members"),
    ({"node_id": 1}, "node_id"),   # the province: outside the grid worker's scope
])
def test_register_bad_input(api, village, overrides, field):
    api.as_user("gridw")
    result = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        household_put(1, register(village, **overrides))]}).json["results"][0]
    assert result["status"] == "rejected"
    assert field in {e["field"] for e in result["errors"]}


def test_household_must_sit_on_a_village_or_grid(api, village):
    api.as_user("admin")
    result = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        household_put(1, register(village, node_id=village["county"]["id"]))]}).json["results"][0]
    assert result["errors"] == [{"field": "node_id", "message": "户籍应登记在村（社区）或网格下"}]


def test_duplicate_household_points_to_the_existing_one(api, db, village):
    api.as_user("staff")
    twin = register(village, head_name="王建国", id_number=GOOD_ID, node_id=village["village"]["id"])
    result = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        household_put(1, twin)]}).json["results"][0]
    assert result["status"] == "rejected" and result["code"] == "duplicate"
    assert result["duplicate_of"] == village["household"]["id"]
    assert db.execute("SELECT count(*) FROM households").fetchone()[0] == 1
    elsewhere = register(village, head_name="王建国", id_number=GOOD_ID)
    api.as_user("admin")
    other_village = {**elsewhere, "node_id": village["other"]["id"]}
    result = api.post("/api/sync/push", {"device_id": "phone-0002", "mutations": [
        household_put(1, other_village)]}).json["results"][0]
    assert result["status"] == "applied"   # same person registered in another village


def test_cadres_cannot_edit_the_register(api, village):
    api.as_user("cadre")
    result = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        household_put(1, register(village))]}).json["results"][0]
    assert result["code"] == "forbidden"


@pytest.mark.parametrize("username,status", [("cadre", "applied"), ("sec", "applied"),
                                             ("sup", "rejected"), ("cadre2", "rejected")])
def test_reveals_are_recorded_for_handlers_only(api, db, village, username, status):
    api.as_user(username)
    data = {"household_id": village["household"]["id"], "field": "id_number",
            "revealed_at": "2026-11-20T10:00:00+08:00"}
    result = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(1, new_id(), data, entity="reveal")]}).json["results"][0]
    assert result["status"] == status
    count = db.execute("SELECT count(*) FROM reveals").fetchone()[0]
    assert count == (1 if status == "applied" else 0)
    if status == "applied":
        api.as_user("sup")
        assert [c["data"]["field"] for c in pulled(api, "reveal")] == ["id_number"]


def test_a_reveal_keeps_the_phones_time_as_claimed_and_the_servers_own(api, db, village):
    api.as_user("cadre")
    claimed = "2020-01-01T10:00:00+08:00"   # a phone whose clock is years out
    data = {"household_id": village["household"]["id"], "field": "phone", "revealed_at": claimed}
    assert api.push([put(1, new_id(), data, entity="reveal")]).json["results"][0]["status"] == \
        "applied"
    revealed_at, received_at = db.execute("SELECT revealed_at, received_at FROM reveals").fetchone()
    assert revealed_at == claimed
    received = dt.datetime.fromisoformat(received_at.replace("Z", "+00:00"))
    assert abs(received - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_a_burst_of_reveals_is_limited(api, db, village):
    api.as_user("cadre")
    data = {"household_id": village["household"]["id"], "field": "phone",
            "revealed_at": "2026-11-20T10:00:00+08:00"}
    limit = rules.REVEALS_PER_WINDOW
    results = api.push([put(mid, new_id(), data, entity="reveal")
                        for mid in range(1, limit + 3)]).json["results"]
    assert [r["status"] for r in results] == ["applied"] * limit + ["rejected"] * 2
    assert results[-1]["code"] == "rate_limited"
    assert results[-1]["reason"] == f"60 分钟内最多显示 {limit} 次完整信息，请稍后再试"
    assert db.execute("SELECT count(*) FROM reveals").fetchone()[0] == limit


def test_my_households_overdue_first(api, app, db, village):
    with app.app_context(), db.atomic():
        admin = load_user_row(db, village["admin"]["id"])
        for name in ("甲", "乙"):
            household = make_household(db, village["grid"], head_name=name)
            pairing.pair(db, admin, household, village["cadre"]["id"], "2026-01-01")
    api.as_user("cadre")
    mine = {h["head_name"]: h for h in api.get("/api/households/mine").json["households"]}
    yesterday = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    soon = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    diaries = [diary_data(household_id=mine["甲"]["id"], follow_up_date=soon),
               diary_data(household_id=mine["乙"]["id"], follow_up_date=yesterday,
                          occurred_at="2026-01-05T09:00:00+08:00")]
    api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(i + 1, new_id(), d) for i, d in enumerate(diaries)]})
    order = api.get("/api/households/mine").json["households"]
    assert [h["head_name"] for h in order] == ["乙", "甲", "王建国"]
    assert order[0]["follow_up_overdue"] is True and order[0]["last_visit"] == "2026-01-05"
    assert order[1]["next_follow_up"] == soon and order[2]["last_visit"] is None


def test_appeal_raised_from_a_diary(api, db, village):
    api.as_user("cadre")
    diary_id = new_id()
    results = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(1, diary_id, diary_data(household_id=village["household"]["id"])),
        put(2, new_id(), {"category": "infrastructure", "text": "饮水管道老化，需要更换",
                          "diary_id": diary_id}, entity="appeal")]}).json["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    appeal = db.execute("SELECT node_id, household_id, channel FROM appeals").fetchone()
    assert appeal == (village["grid"]["id"], village["household"]["id"], "diary")
    api.as_user("staff")
    assert [c["data"]["text"] for c in pulled(api, "appeal")] == ["饮水管道老化，需要更换"]
    api.as_user("othersec")
    assert pulled(api, "appeal") == []


def test_a_cadre_paired_from_elsewhere_writes_about_the_household(api, db, village):
    """The paired cadre may work outside the household's township: their diary and appeal
    are placed at the household; a cadre who does not handle it cannot attach it."""
    outsider = make_user(db, village["other"], roles=["cadre"], username="outsider")
    api.as_user("admin")
    assert api.post(f"/api/households/{village['household']['id']}/handover",
                    {"cadre_id": outsider["id"]}).status_code == 200
    api.as_user("outsider")
    diary_id = new_id()
    results = api.post("/api/sync/push", {"device_id": "phone-0009", "mutations": [
        put(1, diary_id, diary_data(household_id=village["household"]["id"])),
        put(2, new_id(), {"category": "housing", "text": "房屋漏雨", "diary_id": diary_id},
            entity="appeal")]}).json["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert db.execute("SELECT node_id FROM diaries").fetchall() == [(village["grid"]["id"],)]
    assert db.execute("SELECT node_id FROM appeals").fetchall() == [(village["grid"]["id"],)]
    api.as_user("cadre2")   # the household lies in their scope, but they do not handle it
    result = api.post("/api/sync/push", {"device_id": "phone-0002", "mutations": [
        put(1, new_id(), diary_data(household_id=village["household"]["id"]))]}).json
    assert result["results"][0]["errors"] == [{"field": "household_id",
                                               "message": "找不到该户，或您无权查看"}]


def test_appeal_bad_input(api, village):
    api.as_user("cadre")
    result = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(1, new_id(), {"category": "ufo", "text": "", "diary_id": new_id()},
            entity="appeal")]}).json["results"][0]
    assert {e["field"] for e in result["errors"]} == {"category", "text"}


def test_admin_edit_with_masked_values_keeps_the_real_ones(api, db, village):
    api.as_user("admin")
    seen = next(iter(pulled(api, "household")))
    assert seen["data"]["phone"] == "138****5678"
    fields = ("node_id", "head_name", "members", "difficulty_type", "needs", "address", "phone",
              "id_number")
    data = {k: seen["data"].get(k) for k in fields}   # absent on the wire means empty
    result = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(1, seen["id"], {**data, "needs": "危房改造"}, base_rev=seen["rev"],
            entity="household")]}).json["results"][0]
    assert result["status"] == "applied"
    row = db.execute("SELECT phone, id_number, needs FROM households WHERE id = ?",
                     [seen["id"]]).fetchone()
    assert row == ("13812345678", GOOD_ID, "危房改造")


def test_a_moved_household_takes_its_pairing_along(api, db, village):
    api.as_user("sec")
    assert len(pulled(api, "pairing")) == 1
    cursor = api.get("/api/sync/pull").json["next"]
    api.as_user("admin")
    seen = pulled(api, "household")[0]
    fields = ("head_name", "members", "difficulty_type", "needs", "address", "phone",
              "id_number")
    data = {**{k: seen["data"].get(k) for k in fields}, "node_id": village["other"]["id"]}
    result = api.push([put(1, seen["id"], data, base_rev=seen["rev"],
                           entity="household")]).json["results"][0]
    assert result["status"] == "applied"
    assert db.execute("SELECT node_id FROM pairings").fetchall() == [(village["other"]["id"],)]
    api.as_user("othersec")   # the new village sees who is paired with it
    assert [p["data"]["cadre_id"] for p in pulled(api, "pairing")] == [village["cadre"]["id"]]
    api.as_user("sec")   # the old village is told to drop it
    changes = api.get(f"/api/sync/pull?since={cursor}").json["changes"]
    assert {(c["entity"], c["op"]) for c in changes} == {("household", "drop"),
                                                         ("pairing", "drop")}


def test_appeal_cannot_hang_on_a_diary_the_writer_cannot_see(api, village):
    api.as_user("cadre")
    diary_id = new_id()
    api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(1, diary_id, diary_data(village["village"]["id"]))]})
    api.as_user("cadre2")   # same county, but neither the diary's author nor a village reader
    result = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(1, new_id(), {"category": "other", "text": "借题发挥", "diary_id": diary_id},
            entity="appeal")]}).json["results"][0]
    assert result["status"] == "rejected"
    assert result["errors"] == [{"field": "diary_id", "message": "找不到这篇日记"}]


@pytest.mark.parametrize("today", ["2026-12-01", "2026-03-31", "2025-02-28", "2024-02-29",
                                   "2026-01-31", "2027-08-30"])
def test_rotation_statuses_are_ranges_of_start_dates(today):
    """The lists filter by status with rules.started, which must judge every start date as
    rotation_status does."""
    day = dt.date.fromisoformat(today)
    for back in range(1200):
        start = day - dt.timedelta(days=back)
        status = rules.rotation_status(start, day)
        first, last = rules.started(status, day)
        assert (first or "0000") <= start.isoformat() <= (last or "9999"), (start, status)
        for other in {"ok", "due", "overdue"} - {status}:
            first, last = rules.started(other, day)
            assert not (first or "0000") <= start.isoformat() <= (last or "9999")
