"""Major-situation reports (重大情况报告, F10): written through sync at the writer's node, they go
up the tree a level at a time up to the city; only the level awaited acknowledges (with a
note, kept in the chain), and phones receive each new state; the level reached and the
writer are told; bad input is refused with Chinese messages."""
import datetime as dt

import pytest

from qzapp import clock
from qzapp.reports import warning_rules as rules
from tests.duty_world import zh
from tests.factories import ApiClient, make_node, make_user, new_id
from tests.leaders_world import Phone, make_world


@pytest.fixture
def world(db):
    """The leaders' world (省 › 市 › 东县, 西县; 东县 › 东镇 › 东村) with a first secretary of
    东村, a supervisor of 东镇 and a cadre (no writer) of 东村."""
    w = make_world(db)
    w["sec"] = make_user(db, w["village"], roles=["first_secretary"], username="s_sec",
                         name="陈书记")
    w["town_sup"] = make_user(db, w["town"], roles=["supervisor"], username="s_town",
                              name="镇督查")
    w["cadre"] = make_user(db, w["village"], roles=["cadre"], username="s_cadre")
    return w


def report(**extra):
    moment = (clock.now() - dt.timedelta(hours=1)).astimezone(clock.CHINA)
    return {"title": "东村发生山体滑坡", "body": "今晨暴雨致后山滑坡，两户房屋受损，无人员伤亡。",
            "occurred_at": moment.isoformat(timespec="seconds"), "category": "infrastructure",
            "severity": "major", "photos": [], **extra}


def client(app, username):
    return ApiClient(app.test_client()).as_user(username)


def acknowledge(app, username, report_id, note="已阅，请做好安置"):
    return client(app, username).post(f"/api/situations/{report_id}/acknowledge",
                                      {"note": note})


def stored(db, report_id):
    import json
    row = dict(db["situation_reports"].get(report_id))
    return {**row, "chain": json.loads(row["chain"])}


def told(db, kind):
    return sorted(r["user_id"] for r in db.query("SELECT user_id FROM notices WHERE kind = ?",
                                                 [kind]))


def test_a_report_goes_up_to_the_city_acknowledged_in_order(app, db, world):
    phone = Phone(app, "s_sec")
    made = phone.put("situation_report", report())
    assert made["status"] == "applied", made
    row = stored(db, made["id"])
    assert row["node_id"] == world["village"]["id"] and row["status"] == "awaiting"
    assert [(level["name"], level["state"]) for level in row["chain"]] == [
        ("东镇", "awaiting"), ("东县", "later"), ("市", "later")]   # never the province
    assert row["awaiting_node_id"] == world["town"]["id"]
    assert told(db, "situation_awaiting") == [world["town_sup"]["id"]]

    first = acknowledge(app, "s_town", made["id"], "镇里已派工作组")
    assert first.status_code == 200, first.json
    assert first.json["report"]["awaiting_node_id"] == world["east"]["id"]
    assert told(db, "situation_acknowledged") == [world["sec"]["id"]]
    # 东县's leader and supervisor are told now.
    assert told(db, "situation_awaiting") == sorted(
        [world["town_sup"]["id"], world["chief"]["id"], world["east_sup"]["id"]])
    assert acknowledge(app, "l_east_sup", made["id"]).status_code == 200
    done = acknowledge(app, "l_mayor", made["id"], "市应急局已知悉")
    assert done.status_code == 200
    row = stored(db, made["id"])
    assert (row["status"], row["awaiting_node_id"]) == ("done", None)
    assert [(level["name"], level["state"], level["by"], level["note"])
            for level in row["chain"]] == [
        ("东镇", "acknowledged", world["town_sup"]["id"], "镇里已派工作组"),
        ("东县", "acknowledged", world["east_sup"]["id"], "已阅，请做好安置"),
        ("市", "acknowledged", world["mayor"]["id"], "市应急局已知悉")]
    assert all(level["at"] for level in row["chain"])
    assert [level["by_name"] for level in done.json["report"]["chain"]] == [
        "镇督查", "east_sup名", "mayor名"]
    assert len(told(db, "situation_acknowledged")) == 3
    # Every acknowledgement went through the engine: audited, and the writer's phone
    # receives the report as it stands now.
    assert db.execute("SELECT count(*) FROM audit WHERE entity = 'situation_report' AND"
                      " action = 'update'").fetchone()[0] == 3
    pulled = [c for c in phone.api.get("/api/sync/pull").json["changes"]
              if c["entity"] == "situation_report"]
    assert [c["data"]["status"] for c in pulled] == ["done"]
    assert pulled[0]["data"]["chain"][2]["note"] == "市应急局已知悉"
    again = acknowledge(app, "l_mayor", made["id"])
    assert again.status_code == 409 and again.json["error"] == zh("situation.not_awaiting")


def test_only_the_awaited_level_acknowledges(app, db, world):
    made = Phone(app, "s_sec").put("situation_report", report())
    for username in ("l_east_sup", "l_mayor", "l_sup", "l_admin"):   # levels above, too soon
        early = acknowledge(app, username, made["id"])
        assert early.status_code == 403, username
        assert early.json["error"] == zh("situation.not_your_level", level="东镇")
    assert acknowledge(app, "l_west_sup", made["id"]).status_code == 404   # another county
    assert client(app, "s_cadre").post(f"/api/situations/{made['id']}/acknowledge",
                                       {}).status_code == 403
    assert acknowledge(app, "s_town", new_id()).status_code == 404
    row = stored(db, made["id"])
    assert row["awaiting_node_id"] == world["town"]["id"]
    assert not any(level.get("by") for level in row["chain"])


def test_a_level_with_nobody_to_acknowledge_is_passed(app, db, world):
    other_town = make_node(db, world["east"], kind="township", name="南镇")
    village = make_node(db, other_town, kind="village", name="南村")
    make_user(db, village, roles=["village_staff"], username="s_south")
    made = Phone(app, "s_south").put("situation_report", report())
    row = stored(db, made["id"])
    assert [(level["name"], level["state"]) for level in row["chain"]] == [
        ("南镇", "skipped"), ("东县", "awaiting"), ("市", "later")]
    assert row["awaiting_node_id"] == world["east"]["id"]


def test_a_city_report_goes_to_the_province(app, db, world):
    made = Phone(app, "l_mayor").put("situation_report", report())
    row = stored(db, made["id"])
    assert [(level["name"], level["state"]) for level in row["chain"]] == [("省", "awaiting")]
    assert acknowledge(app, "l_gov", made["id"]).json["report"]["status"] == "done"


@pytest.mark.parametrize("change,field,message", [
    ({"title": "  "}, "title", zh("field.required")),
    ({"title": "滑" * (rules.TITLE_MAX + 1)}, "title", zh("field.too_long", max=rules.TITLE_MAX)),
    ({"body": None}, "body", zh("field.required")),
    ({"category": "weather"}, "category", zh("field.not_a_choice")),
    ({"severity": "huge"}, "severity", zh("field.not_a_choice")),
    ({"occurred_at": "昨天"}, "occurred_at", zh("field.not_datetime")),
    ({"occurred_at": "2099-01-01T08:00:00+08:00"}, "occurred_at", zh("situation.future")),
    ({"photos": ["a" * 64] * 10}, "photos", zh("field.too_many", max=rules.PHOTOS_MAX)),
    ({"photos": ["照片"]}, "photos", zh("field.not_hash_list")),
    ({"colour": "red"}, "colour", zh("field.unknown")),
])
def test_bad_reports_are_refused_with_their_fields(app, db, world, change, field, message):
    result = Phone(app, "s_sec").put("situation_report", report(**change))
    assert result["status"] == "rejected"
    assert {"field": field, "message": message} in result["errors"]
    assert not list(db.query("SELECT * FROM situation_reports"))


def test_who_writes_and_edits(app, db, world):
    assert Phone(app, "s_cadre").put("situation_report", report())["code"] == "forbidden"
    phone = Phone(app, "s_sec")
    made = phone.put("situation_report", report())
    edited = phone.put("situation_report", report(title="东村山体滑坡（续报）"),
                       record_id=made["id"], base_rev=made["rev"])
    assert edited["status"] == "applied"
    assert stored(db, made["id"])["chain"][0]["state"] == "awaiting"   # its place kept
    acknowledge(app, "s_town", made["id"])
    rev = stored(db, made["id"])["rev"]
    late = phone.put("situation_report", report(title="改"), record_id=made["id"],
                     base_rev=rev)
    assert late["status"] == "rejected" and late["code"] == "forbidden"


def test_acknowledgement_refuses_bad_input(app, db, world):
    made = Phone(app, "s_sec").put("situation_report", report())
    town = client(app, "s_town")
    long = town.post(f"/api/situations/{made['id']}/acknowledge", {"note": "长" * 501})
    assert long.status_code == 400
    assert long.json["errors"] == [{"field": "note", "message": zh("field.too_long", max=500)}]
    odd = town.post(f"/api/situations/{made['id']}/acknowledge", {"note": 3, "ok": True})
    assert {(e["field"], e["message"]) for e in odd.json["errors"]} == {
        ("note", zh("field.not_string")), ("ok", zh("field.unknown"))}
    assert town.post(f"/api/situations/{made['id']}/acknowledge", ["x"]).status_code == 400


def test_the_list_keeps_to_the_scope(app, db, world):
    made = Phone(app, "s_sec").put("situation_report", report())
    town = client(app, "s_town").get("/api/situations").json
    [item] = town["items"]
    assert (item["id"], item["writer_name"], item["node_name"], town["total"]) == (
        made["id"], "陈书记", "东村", 1)
    assert [i["id"] for i in client(app, "s_town").get(
        "/api/situations?awaiting=me").json["items"]] == [made["id"]]
    assert client(app, "l_mayor").get("/api/situations?awaiting=me").json["items"] == []
    assert client(app, "l_mayor").get("/api/situations?status=awaiting").json["total"] == 1
    assert client(app, "l_mayor").get("/api/situations?status=done").json["total"] == 0
    assert client(app, "l_west_sup").get("/api/situations").json["items"] == []
    bad = client(app, "l_mayor").get("/api/situations?status=closed&awaiting=you")
    assert bad.status_code == 400
    assert client(app, "l_mayor").get("/api/situations?awaiting=you").json["errors"] == [
        {"field": "awaiting", "message": zh("field.not_a_choice")}]
    assert client(app, "s_cadre").get("/api/situations").status_code == 403
    # The township's supervisor's phone holds it too (the readers of the scope).
    pulled = client(app, "s_town").get("/api/sync/pull").json["changes"]
    assert [c["record_id"] if "record_id" in c else c["id"] for c in pulled
            if c["entity"] == "situation_report"] == [made["id"]]


def test_a_report_with_nobody_above_is_done_at_once(app, db):
    top = make_node(db, kind="province", name="孤省")
    village = make_node(db, make_node(db, top, kind="township", name="孤镇"), kind="village",
                        name="孤村")
    make_user(db, village, roles=["first_secretary"], username="s_alone")
    made = Phone(app, "s_alone").put("situation_report", report())
    row = stored(db, made["id"])
    assert (row["status"], row["awaiting_node_id"]) == ("done", None)
    assert [level["state"] for level in row["chain"]] == ["skipped", "skipped"]
    assert not told(db, "situation_awaiting")
