"""A village's desk for the public (F4): who receives the appeals its residents send online
and its office hours — read and set by the subtree's admins and the village's own staff, every
wrong input named, and who receives when the village named nobody."""
import pytest

from qzapp import audit
from qzapp.auth.queries import node_by_id
from qzapp.ledger import desk
from tests.factories import make_node, make_user


@pytest.fixture
def desks(db, world):
    """The world with an admin at the county, staff at 甲村 and its township, and people at
    甲村 who do not take cases in (a member, a deactivated account)."""
    village = world["village"]
    township = node_by_id(db, village["parent_id"])
    grid = make_node(db, village, kind="grid", name="甲村一网格")
    gone = make_user(db, village, roles=["village_staff"], username="gone", name="钱离任")
    db["users"].update(gone["id"], {"active": 0})
    return {**world, "township": township, "grid": grid, "gone": gone,
            "admin": make_user(db, world["county"], roles=["admin"], username="admin"),
            "staff": make_user(db, village, roles=["village_staff"], username="staff",
                               name="赵主任", phone="13900001111"),
            "member": make_user(db, village, roles=["member"], username="member"),
            "grid_worker": make_user(db, grid, roles=["grid_worker"], username="gridw"),
            "township_cadre": make_user(db, township, roles=["cadre"], username="tcadre",
                                        name="刘干部")}


def url(node):
    return f"/api/ledger/desks/{node['id']}"


def put(api, node, **body):
    return api.put(url(node), json=body)


def test_admin_reads_a_village_desk_never_set(api, desks):
    """Never set: no receiver, no hours; the first secretary receives; the candidates are the
    village's active accounts that take cases in (not its grid's, not a member)."""
    shown = api.as_user("admin").get(url(desks["village"])).get_json()["desk"]
    assert shown["receiver_id"] is None and shown["office_hours"] is None
    assert shown["node_name"] == "甲村"
    assert shown["receiver_effective"] == {
        "id": desks["secretary"]["id"], "name": "测试用户", "role": "first_secretary",
        "node_id": desks["village"]["id"], "node_name": "甲村"}
    assert [(c["id"], c["roles"]) for c in shown["candidates"]] == [
        (desks["secretary"]["id"], ["first_secretary"]), (desks["staff"]["id"], ["village_staff"])]


def test_admin_names_a_receiver_and_office_hours(api, db, desks):
    """Saved, the named receiver receives; the change is in the audit trail; null clears."""
    village, staff = desks["village"], desks["staff"]
    api.as_user("admin")
    answer = put(api, village, receiver_id=staff["id"], office_hours="  工作日 9:00–17:00\n周六上午 ")
    assert answer.status_code == 200
    shown = answer.get_json()["desk"]
    assert shown["receiver_id"] == staff["id"] and shown["receiver_name"] == "赵主任"
    assert shown["office_hours"] == "工作日 9:00–17:00\n周六上午"
    assert shown["receiver_effective"]["id"] == staff["id"]
    assert shown["receiver_effective"]["role"] == "village_staff"
    row = db["public_desks"].get(village["id"])
    assert row["updated_by"] == desks["admin"]["id"] and row["receiver_id"] == staff["id"]
    [entry] = audit.entries(db, "public_desk", village["id"])
    assert entry["user_id"] == desks["admin"]["id"] and "赵主任" not in (entry["after"] or "")

    cleared = put(api, village, receiver_id=None, office_hours=None).get_json()["desk"]
    assert cleared["receiver_id"] is None and cleared["office_hours"] is None
    assert cleared["receiver_effective"]["id"] == desks["secretary"]["id"]
    assert put(api, village, office_hours="   ").get_json()["desk"]["office_hours"] is None


@pytest.mark.parametrize("username", ["staff", "sec"])
def test_the_village_keeps_its_own_desk(api, desks, username):
    """Its first secretary and its staff read and set their village's desk."""
    api.as_user(username)
    assert api.get(url(desks["village"])).status_code == 200
    answer = put(api, desks["village"], receiver_id=desks["staff"]["id"], office_hours="全天")
    assert answer.status_code == 200


@pytest.mark.parametrize(("username", "node", "status"), [
    ("sec2", "village", 404),        # another village's first secretary: not in their scope
    ("sec", "other", 404),
    ("sec", "grid", 403),            # in scope, but no village's desk
    ("gridw", "village", 403),       # holds no role that keeps a desk
    ("member", "village", 403),
    ("sup", "village", 403),
    ("cadre", "village", 403),
    ("tcadre", "village", 403),      # the township's cadre: not an admin
])
def test_others_may_not_touch_a_desk(api, desks, username, node, status):
    """Out of scope 404, not one's to keep 403, for reading and for setting alike."""
    api.as_user(username)
    assert api.get(url(desks[node])).status_code == status
    assert put(api, desks[node], office_hours="x").status_code == status


def test_a_desk_needs_a_login(api, desks):
    assert api.get(url(desks["village"])).status_code == 401
    assert put(api, desks["village"], office_hours="x").status_code == 401


@pytest.mark.parametrize("node", ["township", "county", "grid"])
def test_only_a_village_has_a_desk(api, desks, node):
    """An admin asking for a node that is no village or community: a 400 naming node_id."""
    answer = api.as_user("admin").get(url(desks[node]))
    assert answer.status_code == 400
    assert answer.get_json()["errors"] == [
        {"field": "node_id", "message": "只有村（社区）才有公开栏的受理设置"}]


def test_an_inactive_village_has_no_desk(api, db, desks):
    db["org_nodes"].update(desks["other"]["id"], {"active": 0})
    assert api.as_user("admin").get(url(desks["other"])).status_code == 400


def test_an_unknown_node_is_not_found(api, desks):
    assert api.as_user("admin").get("/api/ledger/desks/999999").status_code == 404


NOT_A_RECEIVER = "受理人应是本村（社区）在岗、能受理诉求的人员"


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"receiver_id": "3"}, "receiver_id", "应为整数"),
    ({"receiver_id": True}, "receiver_id", "应为整数"),
    ({"receiver_id": 0}, "receiver_id", "不能小于 1"),
    ({"receiver_id": 2 ** 70}, "receiver_id", None),
    ({"receiver_id": "member"}, "receiver_id", NOT_A_RECEIVER),           # holds no intake role
    ({"receiver_id": "gone"}, "receiver_id", NOT_A_RECEIVER),             # deactivated
    ({"receiver_id": "other_secretary"}, "receiver_id", NOT_A_RECEIVER),  # another village
    ({"receiver_id": "grid_worker"}, "receiver_id", NOT_A_RECEIVER),      # the village's grid
    ({"receiver_id": "township_cadre"}, "receiver_id", NOT_A_RECEIVER),
    ({"office_hours": "时" * 101}, "office_hours", "不能超过 100 个字"),
    ({"office_hours": 9}, "office_hours", "应为文字"),
    ({"office_hours": "9:00\u202e17:00"}, "office_hours", None),
    ({"hours": "9:00"}, "hours", "不认识的字段"),
])
def test_every_wrong_input_is_named(api, desks, body, field, message):
    """A 400 naming the field, in Chinese; nothing is stored."""
    body = {k: desks[v]["id"] if k == "receiver_id" and v in desks else v
            for k, v in body.items()}
    answer = put(api.as_user("admin"), desks["village"], **body)
    assert answer.status_code == 400
    [error] = answer.get_json()["errors"]
    assert error["field"] == field
    if message:
        assert error["message"] == message
    assert api.get(url(desks["village"])).get_json()["desk"]["office_hours"] is None


def test_every_wrong_field_is_named_at_once(api, desks):
    answer = put(api.as_user("admin"), desks["village"], receiver_id=desks["member"]["id"],
                 office_hours="时" * 101)
    assert {e["field"] for e in answer.get_json()["errors"]} == {"receiver_id", "office_hours"}


def test_a_desk_takes_json_only(api, desks):
    api.as_user("admin")
    assert api.put(url(desks["village"]), data="x").status_code == 415
    answer = api.put(url(desks["village"]), json=[1])
    assert answer.status_code == 400 and answer.get_json()["error"]


def test_max_length_office_hours_are_kept(api, desks):
    hours = "时" * desk.OFFICE_HOURS_MAX
    assert put(api.as_user("admin"), desks["village"],
               office_hours=hours).get_json()["desk"]["office_hours"] == hours


# --- who receives: desk.receiver_for ------------------------------------------------------

def name(db, village, receiver_id=None):
    """Name receiver_id the village's receiver (None: nobody) and answer who receives."""
    db["public_desks"].upsert({"node_id": village["id"], "receiver_id": receiver_id,
                               "updated_at": "2026-12-01T00:00:00Z"}, pk="node_id")
    return desk.receiver_for(db, village)


def test_the_named_receiver_receives(db, desks):
    assert name(db, desks["village"], desks["staff"]["id"]) == desks["staff"]["id"]


def test_without_a_named_receiver_the_first_secretary_receives(db, desks):
    assert name(db, desks["village"]) == desks["secretary"]["id"]


def test_an_inactive_named_receiver_is_skipped(db, desks):
    assert name(db, desks["village"], desks["gone"]["id"]) == desks["secretary"]["id"]
    db["users"].update(desks["staff"]["id"], {"active": 0})
    assert name(db, desks["village"], desks["staff"]["id"]) == desks["secretary"]["id"]


def test_a_named_receiver_who_no_longer_takes_cases_is_skipped(db, desks):
    db.execute("UPDATE user_roles SET role = 'member' WHERE user_id = ?", [desks["staff"]["id"]])
    assert name(db, desks["village"], desks["staff"]["id"]) == desks["secretary"]["id"]


def test_without_a_first_secretary_the_village_staff_then_the_township_receives(db, desks):
    """No first secretary: one who takes cases in at the village; none: at the township;
    none there either: nobody."""
    village = desks["village"]
    db["users"].update(desks["secretary"]["id"], {"active": 0})
    assert name(db, village) == desks["staff"]["id"]
    db["users"].update(desks["staff"]["id"], {"active": 0})
    assert name(db, village) == desks["township_cadre"]["id"]
    db["users"].update(desks["township_cadre"]["id"], {"active": 0})
    assert name(db, village) is None


def test_the_screen_names_a_township_receiver_by_unit(api, db, desks):
    db["users"].update(desks["secretary"]["id"], {"active": 0})
    db["users"].update(desks["staff"]["id"], {"active": 0})
    shown = api.as_user("admin").get(url(desks["village"])).get_json()["desk"]
    assert shown["receiver_effective"] == {
        "id": desks["township_cadre"]["id"], "name": "刘干部", "role": "cadre",
        "node_id": desks["township"]["id"], "node_name": "镇"}
    assert shown["candidates"] == []
