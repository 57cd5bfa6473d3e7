"""Push: idempotent replays, gaps, conflicts, rejects, scope, audit, bad batches."""
import json

import pytest

from qzapp import audit
from tests.factories import diary_data, new_id, put

DEVICE = "phone-0001"


def diaries(db):
    return db.execute("SELECT count(*) FROM diaries").fetchone()[0]


def test_push_creates_and_replay_changes_nothing(api, db, world):
    api.login("cadre")
    ids = [new_id() for _ in range(3)]
    batch = [put(i + 1, ids[i], diary_data(world["village"]["id"])) for i in range(3)]
    first = api.push(batch)
    assert first.status_code == 200
    assert first.json["last_mid"] == 3
    assert [r["status"] for r in first.json["results"]] == ["applied"] * 3
    revs = [r["rev"] for r in first.json["results"]]
    assert revs == sorted(revs) and len(set(revs)) == 3
    again = api.push(batch)
    assert again.json == first.json
    assert diaries(db) == 3
    row = db["diaries"].get(ids[0])
    assert row["created_by"] == world["cadre"]["id"] and row["device_id"] == DEVICE
    assert row["rev"] == revs[0] and row["node_id"] == world["village"]["id"]


def test_partial_replay_with_new_mutations(api, db, world):
    api.login("cadre")
    a, b = new_id(), new_id()
    first = api.push([put(1, a, diary_data(world["village"]["id"]))]).json["results"]
    response = api.push([put(1, a, diary_data(world["village"]["id"])),
                         put(2, b, diary_data(world["village"]["id"]))])
    assert response.json["last_mid"] == 2
    replayed, applied = response.json["results"]
    assert replayed == first[0]   # the answer given the first time, word for word
    assert applied["mid"] == 2 and applied["status"] == "applied"
    assert diaries(db) == 2


def test_gap_stops_the_batch(api, db, world):
    api.login("cadre")
    response = api.push([put(1, new_id(), diary_data(world["village"]["id"])),
                         put(3, new_id(), diary_data(world["village"]["id"]))])
    assert response.json["last_mid"] == 1
    assert len(response.json["results"]) == 1
    assert diaries(db) == 1
    late = api.push([put(5, new_id(), diary_data(world["village"]["id"]))])
    assert late.json == {"ok": True, "results": [], "last_mid": 1,
                         "generation": late.json["generation"]}


def test_devices_and_users_count_mids_separately(api, app, db, world):
    api.login("cadre")
    api.push([put(1, new_id(), diary_data(world["village"]["id"]))], device="phone-0001")
    other_device = api.push([put(1, new_id(), diary_data(world["village"]["id"]))],
                            device="phone-0002")
    assert other_device.json["results"][0]["status"] == "applied"
    api.logout()
    api.login("sec")
    same_phone_other_user = api.push([put(1, new_id(), diary_data())])
    assert same_phone_other_user.json["results"][0]["status"] == "applied"
    assert diaries(db) == 3


def test_update_with_current_rev_then_stale_rev_conflicts(api, db, world):
    api.login("cadre")
    record = new_id()
    rev1 = api.push([put(1, record, diary_data(world["village"]["id"]))]).json["results"][0]["rev"]
    updated = api.push([put(2, record, diary_data(world["village"]["id"], heard="已修好"),
                            base_rev=rev1)])
    rev2 = updated.json["results"][0]["rev"]
    assert rev2 > rev1
    # The same author's second phone still holds rev1.
    stale = api.push([put(1, record, diary_data(world["village"]["id"], heard="旧的"),
                          base_rev=rev1)], device="phone-0002")
    result = stale.json["results"][0]
    assert result["status"] == "conflict"
    assert result["server"]["heard"] == "已修好" and result["server"]["rev"] == rev2
    assert db["diaries"].get(record)["heard"] == "已修好"
    assert stale.json["last_mid"] == 1  # a conflict is an answer: the device moves on


def test_queued_edits_from_one_phone_follow_each_other(api, db, world):
    """A phone edits a record again before hearing back about its creation."""
    api.login("cadre")
    record = new_id()
    response = api.push([put(1, record, diary_data(world["village"]["id"])),
                         put(2, record, diary_data(world["village"]["id"], heard="补充"))])
    assert [r["status"] for r in response.json["results"]] == ["applied", "applied"]
    assert db["diaries"].get(record)["heard"] == "补充"


def test_create_over_existing_id_from_another_phone_is_a_conflict(api, db, world):
    api.login("cadre")
    record = new_id()
    api.push([put(1, record, diary_data(world["village"]["id"]))])
    response = api.push([put(1, record, diary_data(world["village"]["id"], heard="另一台"))],
                        device="phone-0002")
    assert response.json["results"][0]["status"] == "conflict"
    assert db["diaries"].get(record)["heard"] == "反映饮水管道老化"


def test_delete_leaves_a_tombstone(api, db, world):
    api.login("cadre")
    record = new_id()
    rev = api.push([put(1, record, diary_data(world["village"]["id"]))]).json["results"][0]["rev"]
    response = api.push([{"mid": 2, "op": "delete", "entity": "diary", "id": record,
                          "base_rev": rev}])
    assert response.json["results"][0]["status"] == "applied"
    assert db["diaries"].get(record)["deleted"] == 1


def test_rejects_carry_reason_and_field_and_do_not_stop_the_batch(api, db, world):
    api.login("cadre")
    bad = diary_data(world["village"]["id"], heard="", done="",
                     occurred_at="2999-01-01T08:00:00+08:00")
    response = api.push([put(1, new_id(), bad),
                         put(2, new_id(), diary_data(world["village"]["id"]))])
    first, second = response.json["results"]
    assert first["status"] == "rejected" and first["reason"] == "请检查填写的内容"
    assert {e["field"] for e in first["errors"]} == {"occurred_at", "heard"}
    assert second["status"] == "applied"
    assert response.json["last_mid"] == 2 and diaries(db) == 1


def test_record_outside_scope_is_rejected_not_a_crash(api, db, world):
    api.login("sec")
    response = api.push([put(1, new_id(), diary_data(world["other"]["id"])),
                         put(2, new_id(), diary_data(world["village"]["id"]))])
    first, second = response.json["results"]
    assert first["status"] == "rejected"
    assert first["errors"] == [{"field": "node_id",
                                "message": "该组织不存在、已停用或不在您的管辖范围内"}]
    assert second["status"] == "applied"


def test_someone_elses_record_cannot_be_changed(api, db, world):
    api.login("cadre")
    record = new_id()
    rev = api.push([put(1, record, diary_data(world["village"]["id"]))]).json["results"][0]["rev"]
    api.logout()
    api.login("sec")  # reads the village's diaries, but may not edit the cadre's
    response = api.push([put(1, record, diary_data(heard="改"), base_rev=rev)])
    assert response.json["results"][0]["status"] == "rejected"
    assert response.json["results"][0]["code"] == "forbidden"
    api.logout()
    api.login("sec2")  # cannot even see it
    response = api.push([put(1, record, diary_data(heard="改"), base_rev=rev)])
    assert response.json["results"][0]["code"] == "forbidden"
    assert db["diaries"].get(record)["heard"] == "反映饮水管道老化"


@pytest.mark.parametrize("mutation,field", [
    ({"op": "put", "entity": "spaceship", "id": "X", "data": {}}, "entity"),
    ({"op": "fly", "entity": "diary", "data": {}}, "op"),
    ({"op": "put", "entity": "diary", "id": "not-a-uuid", "data": {}}, "id"),
    ({"op": "put", "entity": "diary", "data": "text"}, "data"),
    ({"op": "put", "entity": "diary", "base_rev": "7", "data": {}}, "base_rev"),
    ({"op": "put", "entity": "diary", "data": {"heard": "长" * 70000}}, "data"),
    ({"op": "put", "entity": "diary", "id": new_id() + "\n", "data": {}}, "id"),
])
def test_malformed_mutations_rejected_one_by_one(api, db, world, mutation, field):
    api.login("cadre")
    mutation = {"id": new_id(), "mid": 1, **mutation}
    response = api.push([mutation, put(2, new_id(), diary_data(world["village"]["id"]))])
    first, second = response.json["results"]
    assert first["status"] == "rejected" and field in {e["field"] for e in first["errors"]}
    assert second["status"] == "applied"


def test_numbers_sqlite_and_json_cannot_carry_are_refused(api, db, world):
    """NaN passes Python's JSON parser and a 70-bit integer passes int(): both are refused
    with their field, and the pull feed stays valid JSON."""
    api.login("cadre")
    body = json.dumps({"device_id": DEVICE, "mutations": [
        put(1, new_id(), diary_data(world["village"]["id"], lat=float("nan"))),
        put(2, new_id(), diary_data(world["village"]["id"], lng=float("inf"))),
        put(3, new_id(), diary_data(2 ** 70)),
        put(4, new_id(), diary_data(world["village"]["id"]))]})
    response = api.client.post("/api/sync/push", data=body, content_type="application/json",
                               headers=api.HEADERS)
    assert response.status_code == 200
    results = response.json["results"]
    assert [(r["status"], [e["field"] for e in r.get("errors", [])]) for r in results] == [
        ("rejected", ["lat"]), ("rejected", ["lng"]), ("rejected", ["node_id"]),
        ("applied", [])]
    assert diaries(db) == 1
    changes = json.loads(api.get("/api/sync/pull?since=0").data)["changes"]
    assert [c["entity"] for c in changes if c["entity"] != "notice"] == ["diary"]
    # Each refusal is told in the user's inbox too, in case the phone that sent it is lost.
    notices = [c["data"] for c in changes if c["entity"] == "notice"]
    assert [n["kind"] for n in notices] == ["sync_refused"] * 3
    assert notices[0]["body"] == results[0]["reason"]


@pytest.mark.parametrize("body", [
    '{"device_id": "phone-0001", "mutations": [{"mid": 1, "op": "put", "entity": "diary",'
    f' "id": "{new_id()}", "data": {{"heard": "\\ud83d"}}}}]}}',
    '{"device_id": "phone-0001", "\\udc00": 1, "mutations": []}',
    "[" * 100_000,
])
def test_bodies_no_text_column_can_hold_are_a_400(api, db, world, body):
    """Half of a UTF-16 pair (an emoji cut in two) and absurd nesting: a 400, nothing kept."""
    api.login("cadre")
    response = api.client.post("/api/sync/push", data=body, content_type="application/json",
                               headers=api.HEADERS)
    assert response.status_code == 400 and response.json["code"] == "malformed_json"
    assert diaries(db) == 0


def test_a_chunked_body_does_not_escape_the_record_cap(api, db, world):
    api.login("cadre")
    body = json.dumps({"device_id": DEVICE, "mutations": [
        put(1, new_id(), diary_data(world["village"]["id"], heard="长" * 70000))]}).encode()
    response = api.client.post("/api/sync/push", data=body, content_type="application/json",
                               headers={**api.HEADERS, "Transfer-Encoding": "chunked"},
                               environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 200
    result = response.json["results"][0]
    assert result["status"] == "rejected" and result["errors"][0]["field"] == "data"
    assert "64" in result["errors"][0]["message"]


def test_wrong_typed_fields_rejected_with_field(api, world):
    api.login("cadre")
    data = diary_data(world["village"]["id"], attendance="many", lat=200, photos=["xyz"],
                      follow_up_date="明天", kind="party")
    result = api.push([put(1, new_id(), data)]).json["results"][0]
    fields = {e["field"] for e in result["errors"]}
    assert fields == {"attendance", "lat", "photos", "follow_up_date", "kind"}


@pytest.mark.parametrize("body,status,code", [
    ({"mutations": []}, 400, "bad_batch"),
    ({"device_id": "短", "mutations": []}, 400, "bad_batch"),
    ({"device_id": DEVICE}, 400, "bad_batch"),
    ({"device_id": DEVICE, "mutations": "all"}, 400, "bad_batch"),
    ({"device_id": DEVICE, "mutations": [1, 2]}, 400, "bad_batch"),
    ({"device_id": DEVICE, "mutations": [{"mid": "1"}]}, 400, "bad_batch"),
    ({"device_id": DEVICE, "mutations": [{"mid": 2}, {"mid": 1}]}, 400, "bad_batch"),
    ({"device_id": DEVICE, "mutations": [{"mid": i} for i in range(1, 502)]}, 413,
     "batch_too_large"),
])
def test_malformed_batches(api, db, world, body, status, code):
    api.login("cadre")
    response = api.post("/api/sync/push", body)
    assert response.status_code == status and response.json["code"] == code
    assert response.json["error"]
    assert db.execute("SELECT count(*) FROM sync_devices").fetchone()[0] == 0


def test_push_requires_login_and_csrf(api, client, world):
    assert api.push([]).status_code == 401
    api.login("cadre")
    assert api.client.post("/api/sync/push", json={"device_id": DEVICE,
                                                   "mutations": []}).status_code == 403


def test_audit_records_who_device_and_before_after(api, db, world):
    api.login("cadre")
    record = new_id()
    rev = api.push([put(1, record, diary_data(world["village"]["id"]))]).json["results"][0]["rev"]
    api.push([put(2, record, diary_data(world["village"]["id"], heard="后来"), base_rev=rev)])
    entries = audit.entries(db, "diary", record)
    assert [e["action"] for e in entries] == ["create", "update"]
    assert all(e["user_id"] == world["cadre"]["id"] and e["device_id"] == DEVICE
               for e in entries)
    assert entries[0]["before"] is None
    assert json.loads(entries[1]["before"])["heard"] == "反映饮水管道老化"
    assert json.loads(entries[1]["after"])["heard"] == "后来"


def test_photo_must_be_uploaded_first(api, db, world):
    api.login("cadre")
    data = diary_data(world["village"]["id"], photos=["a" * 64])
    result = api.push([put(1, new_id(), data)]).json["results"][0]
    assert result["status"] == "rejected" and result["code"] == "media_missing"
