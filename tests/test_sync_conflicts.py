"""Conflicts lose nothing: what a phone sent against another version stays in the audit
trail, and a record's history (versions, conflicting attempts included) is read by those who
may see the record, masked as they see it."""
import json

from qzapp import audit
from tests.factories import diary_data, make_household, new_id, put

DEVICE, OTHER = "phone-0001", "phone-0002"


def diary_with_two_versions(api, world):
    """A diary written and edited on the cadre's first phone: (id, rev of the edit)."""
    api.as_user("cadre")
    record, village = new_id(), world["village"]["id"]
    first = diary_data(village)   # the edit keeps its time: only what was heard changes
    rev = api.push([put(1, record, first)]).json["results"][0]["rev"]
    edited = api.push([put(2, record, {**first, "heard": "邻居说水压也低"}, base_rev=rev)])
    return record, edited.json["results"][0]["rev"]


def test_a_conflicting_put_is_kept_in_the_audit_with_what_the_phone_sent(api, db, world):
    record, rev = diary_with_two_versions(api, world)
    stale = diary_data(world["village"]["id"], done="第二台手机上写的处理")
    answer = api.push([put(1, record, stale, base_rev=rev - 1)], device=OTHER).json
    assert answer["results"][0]["status"] == "conflict"
    assert db["diaries"].get(record)["done"] == "联系水务站"   # the server's copy stays
    entries = audit.entries(db, "diary", record)
    assert [e["action"] for e in entries] == ["create", "update", "conflict"]
    attempt = entries[-1]
    assert (attempt["user_id"], attempt["device_id"]) == (world["cadre"]["id"], OTHER)
    assert json.loads(attempt["after"])["done"] == "第二台手机上写的处理"
    assert json.loads(attempt["before"])["heard"] == "邻居说水压也低"   # the version it met
    again = api.push([put(1, record, stale, base_rev=rev - 1)], device=OTHER).json
    assert again == answer and len(audit.entries(db, "diary", record)) == 3   # a replay


def test_a_put_on_a_deleted_record_is_a_conflict_that_says_so(api, db, world):
    record, rev = diary_with_two_versions(api, world)
    api.push([{"mid": 3, "op": "delete", "entity": "diary", "id": record, "base_rev": rev}])
    answer = api.push([put(1, record, diary_data(world["village"]["id"]), base_rev=rev)],
                      device=OTHER).json["results"][0]
    assert answer["status"] == "conflict" and answer["deleted"] is True
    assert audit.entries(db, "diary", record)[-1]["action"] == "conflict"


def test_an_attempt_json_cannot_carry_is_kept_without_it(api, db, world):
    """NaN passes Python's parser and a household has no clean(): the conflict is still
    answered, and kept with null in its place."""
    household = make_household(db, world["village"])
    api.as_user("sec")
    body = json.dumps({"device_id": DEVICE, "mutations": [put(
        1, household["id"], {"node_id": world["village"]["id"], "head_name": "张三",
                             "difficulty_type": "illness", "needs": float("nan")},
        base_rev=0, entity="household")]})
    response = api.client.post("/api/sync/push", data=body, content_type="application/json",
                               headers=api.HEADERS)
    assert response.json["results"][0]["status"] == "conflict"
    kept = json.loads(audit.entries(db, "household", household["id"])[-1]["after"])
    assert kept["difficulty_type"] == "illness" and "needs" not in kept


def test_history_lists_versions_newest_first_with_the_conflicting_attempt(api, db, world):
    record, rev = diary_with_two_versions(api, world)
    api.push([put(1, record, diary_data(world["village"]["id"], heard="另一台手机听到的"),
                  base_rev=rev - 1)], device=OTHER)
    response = api.get(f"/api/sync/history/diary/{record}")
    assert response.status_code == 200
    versions = response.json["versions"]
    assert [v["action"] for v in versions] == ["conflict", "update", "create"]
    attempt, update, create = versions
    assert attempt["data"]["heard"] == "另一台手机听到的"
    assert attempt["changed"] == ["heard"]   # against the version it met
    assert attempt["user"] == {"id": world["cadre"]["id"], "name": "测试用户"}
    assert (attempt["device"], update["device"]) == ("0002", "0001")
    assert update["changed"] == ["heard"] and update["data"]["heard"] == "邻居说水压也低"
    assert {"kind", "heard", "done", "occurred_at"} <= set(create["changed"])
    assert "node_id" not in attempt["changed"]   # the phone left the place to the server


def test_history_is_only_for_those_who_may_see_the_record(api, world):
    record, _ = diary_with_two_versions(api, world)
    api.as_user("sec")   # the village's first secretary reads its diaries
    assert api.get(f"/api/sync/history/diary/{record}").status_code == 200
    api.as_user("cadre2")   # another cadre: neither author nor reader of the village
    outsider = api.get(f"/api/sync/history/diary/{record}")
    assert outsider.status_code == 404 and outsider.json["code"] == "not_found"
    assert api.get(f"/api/sync/history/pairing/{record}").status_code == 404
    assert api.get(f"/api/sync/history/nothing/{record}").status_code == 404
    api.logout()
    assert api.get(f"/api/sync/history/diary/{record}").status_code == 401


def test_history_masks_a_households_personal_data_for_a_supervisor(api, db, world):
    household = make_household(db, world["village"], head_name="王秀英")
    api.as_user("sec")
    data = {"node_id": world["village"]["id"], "head_name": "王秀英",
            "difficulty_type": "illness", "phone": "13912345678",
            "id_number": household["id_number"]}
    rev = db["households"].get(household["id"])["rev"]
    assert api.push([put(1, household["id"], data, base_rev=rev, entity="household")]) \
        .json["results"][0]["status"] == "applied"
    stale = {**data, "phone": "13700001234"}
    assert api.push([put(1, household["id"], stale, base_rev=rev, entity="household")],
                    device=OTHER).json["results"][0]["status"] == "conflict"
    keeper = api.get(f"/api/sync/history/household/{household['id']}").json["versions"]
    assert [v["data"]["phone"] for v in keeper] == ["13700001234", "13912345678",
                                                    "13800001111"]
    assert keeper[1]["changed"] == ["difficulty_type", "phone"]
    api.as_user("sup")
    seen = api.get(f"/api/sync/history/household/{household['id']}").json["versions"]
    assert [v["action"] for v in seen] == ["conflict", "update", "create"]
    assert [v["data"]["phone"] for v in seen] == ["137****1234", "139****5678",
                                                  "138****1111"]
    assert {v["data"]["head_name"] for v in seen} == {"王*"}
    assert all(v["data"]["masked"] for v in seen)
    assert "13700001234" not in json.dumps(seen, ensure_ascii=False)
