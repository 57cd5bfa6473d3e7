"""Pull: what each user may see, in seq order, with tombstones, drops, pages and the horizon."""
import pytest

from qzapp.sync import changes, registry
from tests.factories import diary_data, new_id, put

DEVICE = "phone-0001"


def push(api, mutations):
    response = api.push(mutations)
    assert response.status_code == 200, response.json
    return response.json


def pull_all(api, since=0, limit=1000):
    """Every page from since; returns (changes, final cursor)."""
    got = []
    while True:
        page = api.get(f"/api/sync/pull?since={since}&limit={limit}").json
        assert page["ok"] and not page["resync"]
        got += page["changes"]
        since = page["next"]
        if not page["more"]:
            return got, since


def test_author_and_village_readers_see_a_diary_others_do_not(api, world):
    api.as_user("cadre")
    record = new_id()
    push(api, [put(1, record, diary_data(world["village"]["id"]))])
    mine, _ = pull_all(api)
    assert [(c["op"], c["id"]) for c in mine] == [("put", record)]
    assert mine[0]["data"]["heard"] == "反映饮水管道老化"
    for username, sees in (("sec", True), ("sup", True), ("sec2", False), ("cadre2", False)):
        seen, _ = pull_all(api.as_user(username))
        assert (record in {c["id"] for c in seen}) is sees, username


def test_changes_come_oldest_first_in_pages(api, world):
    api.as_user("cadre")
    ids = [new_id() for _ in range(7)]
    push(api, [put(i + 1, rid, diary_data(world["village"]["id"])) for i, rid in enumerate(ids)])
    first = api.get("/api/sync/pull?since=0&limit=3").json
    assert [c["id"] for c in first["changes"]] == ids[:3] and first["more"] is True
    assert first["next"] == first["changes"][-1]["seq"]
    rest, cursor = pull_all(api, since=first["next"], limit=3)
    assert [c["id"] for c in rest] == ids[3:]
    seqs = [c["seq"] for c in first["changes"] + rest]
    assert seqs == sorted(seqs)
    assert api.get(f"/api/sync/pull?since={cursor}").json["changes"] == []


def test_link_header_names_the_next_page_while_more_follow(api, world):
    api.as_user("cadre")
    ids = [new_id() for _ in range(5)]
    push(api, [put(i + 1, rid, diary_data(world["village"]["id"])) for i, rid in enumerate(ids)])
    url, seen = "/api/sync/pull?since=0&limit=2", []
    while url:
        response = api.get(url)
        page = response.json
        seen += [c["id"] for c in page["changes"]]
        link = response.headers.get("Link")
        if page["more"]:
            assert link == (f'</api/sync/pull?since={page["next"]}&limit=2'
                            f'&epoch={page["epoch"]}>; rel="next"')
            url = link[1:link.index(">")]
        else:
            assert link is None
            url = None
    assert seen == ids


def test_update_moves_record_to_the_end_once(api, world):
    api.as_user("cadre")
    a, b = new_id(), new_id()
    results = push(api, [put(1, a, diary_data(world["village"]["id"])),
                         put(2, b, diary_data(world["village"]["id"]))])["results"]
    push(api, [put(3, a, diary_data(world["village"]["id"], heard="新"),
                   base_rev=results[0]["rev"])])
    seen, _ = pull_all(api)
    assert [c["id"] for c in seen] == [b, a]
    assert seen[1]["data"]["heard"] == "新"


def test_tombstones_are_pulled(api, world):
    api.as_user("cadre")
    record = new_id()
    rev = push(api, [put(1, record, diary_data(world["village"]["id"]))])["results"][0]["rev"]
    _, cursor = pull_all(api)
    push(api, [{"mid": 2, "op": "delete", "entity": "diary", "id": record, "base_rev": rev}])
    seen, _ = pull_all(api, since=cursor)
    assert [(c["op"], c["id"]) for c in seen] == [("delete", record)]


def test_record_leaving_scope_is_dropped(api, db, world):
    """A diary moved to another village disappears from the first village's phones."""
    api.as_user("cadre")
    record = new_id()
    rev = push(api, [put(1, record, diary_data(world["village"]["id"]))])["results"][0]["rev"]
    api.as_user("sec")
    seen, cursor = pull_all(api)
    assert [c["id"] for c in seen] == [record]
    api.as_user("cadre")
    push(api, [put(2, record, diary_data(world["other"]["id"]), base_rev=rev)])
    api.as_user("sec")
    seen, _ = pull_all(api, since=cursor)
    assert [(c["op"], c["id"]) for c in seen] == [("drop", record)]
    api.as_user("sec2")
    assert [c["op"] for c in pull_all(api)[0]] == ["put"]
    api.as_user("cadre")  # the author still has it
    assert [c["op"] for c in pull_all(api)[0]] == ["put"]


@pytest.fixture
def task_entity(db):
    """A feature plugged in from outside the engine: tasks handled by an assignee."""
    db.execute("CREATE TABLE tasks (id TEXT PRIMARY KEY, node_id INTEGER, assignee INTEGER,"
               " title TEXT, rev INTEGER, created_by INTEGER, created_at TEXT, updated_by INTEGER,"
               " updated_at TEXT, device_id TEXT, deleted INTEGER)")
    entity = registry.register(registry.Entity(
        name="task", table="tasks",
        prepare=lambda db, user, data, existing: {"node_id": user.node["id"], **data},
        may_write=lambda user, existing: True,
        serialize=lambda db, row: {"title": row["title"], "assignee": row["assignee"]},
        audience=lambda db, row: changes.Audience(row["node_id"], row["assignee"]),
        node_readers=frozenset({"supervisor"})))
    yield entity
    del registry.REGISTRY["task"]


def test_owner_change_drops_for_the_old_owner(api, db, world, task_entity):
    """Reassigning (as pairings do) tells the old handler's phone to drop the record."""
    api.as_user("sup")  # at the county: neither handler
    task = new_id()
    rev = push(api, [put(1, task, {"title": "回访", "assignee": world["cadre"]["id"]},
                         entity="task")])["results"][0]["rev"]
    api.as_user("cadre")
    seen, cursor = pull_all(api)
    assert [(c["entity"], c["op"], c["data"]["title"]) for c in seen] == [("task", "put", "回访")]
    api.as_user("sup")
    push(api, [put(2, task, {"title": "回访", "assignee": world["cadre2"]["id"]}, base_rev=rev,
                   entity="task")])
    api.as_user("cadre")
    assert [c["op"] for c in pull_all(api, since=cursor)[0]] == ["drop"]
    api.as_user("cadre2")
    assert [c["op"] for c in pull_all(api)[0]] == ["put"]


def test_cursor_skips_invisible_changes(api, world):
    api.as_user("sec2")
    push(api, [put(1, new_id(), diary_data(world["other"]["id"]))])
    api.as_user("sec")
    page = api.get("/api/sync/pull?since=0").json
    assert page["changes"] == [] and page["more"] is False and page["next"] > 0


def test_cursor_older_than_horizon_answers_resync(api, db, world):
    api.as_user("cadre")
    record = new_id()
    rev = push(api, [put(1, record, diary_data(world["village"]["id"]))])["results"][0]["rev"]
    _, cursor = pull_all(api)
    push(api, [{"mid": 2, "op": "delete", "entity": "diary", "id": record, "base_rev": rev},
               put(3, new_id(), diary_data(world["village"]["id"]))])
    assert changes.prune(db, "9999-01-01") == 1
    stale = api.get(f"/api/sync/pull?since={cursor}").json
    assert stale["resync"] is True and stale["changes"] == []
    fresh, _ = pull_all(api, since=0)
    assert [c["op"] for c in fresh] == ["put"]


@pytest.mark.parametrize("query,field,message", [
    ("since=-1", "since", "应为整数"), ("since=abc", "since", "应为整数"),
    ("since=1.5", "since", "应为整数"), ("since=99999999999999999999", "since", "应为整数"),
    ("since=9999999999999999999", "since", "不能大于 9223372036854775807"),
    ("limit=0", "limit", "不能小于 1"), ("limit=999999", "limit", "不能大于 5000"),
])
def test_bad_cursor_arguments(api, world, query, field, message):
    api.as_user("cadre")
    response = api.get(f"/api/sync/pull?{query}")
    assert response.status_code == 400
    assert response.json["errors"] == [{"field": field, "message": message}]


def test_pull_requires_login(api):
    assert api.get("/api/sync/pull").status_code == 401
