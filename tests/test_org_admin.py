"""Administration inside one's subtree: org nodes, accounts, password resets, deactivation."""
import pytest

from qzapp import audit
from tests.factories import PASSWORD, make_node, make_user


@pytest.fixture
def county(db):
    county = make_node(db, make_node(db, name="四川省"), kind="county", name="示范县")
    make_user(db, county, roles=["admin"], username="boss")
    return county


@pytest.fixture
def admin(api, county):
    assert api.login("boss").status_code == 200
    return api


def create_node(api, parent, name, kind, **extra):
    return api.post("/api/org/nodes", {"parent_id": parent["id"], "name": name, "kind": kind,
                                       **extra})


def test_admin_builds_a_branch(admin, db, county):
    township = create_node(admin, county, "青山乡", "township")
    assert township.status_code == 201
    village = create_node(admin, township.json["node"], "青山村", "village", subtype="village")
    grid = create_node(admin, village.json["node"], "第一网格", "grid")
    party = create_node(admin, village.json["node"], "青山村网络服务党支部", "party_org",
                        subtype="network")
    assert grid.status_code == party.status_code == 201
    row = db["org_nodes"].get(grid.json["node"]["id"])
    assert row["path"] == f"{county['path']}{township.json['node']['id']}/" \
        f"{village.json['node']['id']}/{row['id']}/"
    boss_id = admin.get("/api/auth/me").json["user"]["id"]
    assert row["depth"] == 4 and row["created_by"] == boss_id
    assert db["org_nodes"].get(township.json["node"]["id"])["subtype"] == "township"
    assert [e["action"] for e in audit.entries(db, "org_node", row["id"])] == ["create"]


@pytest.mark.parametrize("kind,subtype,field", [
    ("city", None, "kind"),            # a city cannot sit under a county
    ("province", None, "kind"),
    ("party_org", None, "subtype"),    # party orgs say which type they are
    ("village", "party", "subtype"),
    ("grid", "village", "subtype"),
])
def test_node_kind_rules(admin, db, county, kind, subtype, field):
    response = create_node(admin, county, "某", kind, **({"subtype": subtype} if subtype else {}))
    assert response.status_code == 400
    assert [e["field"] for e in response.json["errors"]] == [field]
    assert db.execute("SELECT count(*) FROM org_nodes").fetchone()[0] == 2


def test_duplicate_sibling_name_and_code(admin, county):
    assert create_node(admin, county, "青山乡", "township", code="510101001").status_code == 201
    again = create_node(admin, county, "青山乡", "township", code="510101001")
    assert again.status_code == 400
    assert {e["field"] for e in again.json["errors"]} == {"name", "code"}
    assert again.json["errors"][0]["message"] == "同一上级下已有同名组织"


def test_node_rename_and_deactivate_rules(admin, db, county):
    township = create_node(admin, county, "青山乡", "township").json["node"]
    village = create_node(admin, township, "青山村", "village").json["node"]
    busy = admin.patch(f"/api/org/nodes/{township['id']}", {"active": False})
    assert busy.status_code == 409 and busy.json["error"].startswith("该组织下还有")
    assert admin.patch(f"/api/org/nodes/{village['id']}", {"active": False}).status_code == 200
    assert admin.patch(f"/api/org/nodes/{township['id']}", {"name": "青山镇"}).status_code == 200
    assert db["org_nodes"].get(township["id"])["name"] == "青山镇"
    own = admin.patch(f"/api/org/nodes/{county['id']}", {"active": False})
    assert own.status_code == 400
    names = {n["name"] for n in admin.get("/api/org/nodes").json["nodes"]}
    assert "青山村" not in names
    all_names = {n["name"] for n in admin.get("/api/org/nodes?include_inactive=1").json["nodes"]}
    assert "青山村" in all_names


def test_create_user_with_generated_password(admin, api, db, county):
    response = admin.post("/api/users", {"username": "liu", "name": "刘干部",
                                         "phone": "13812345678", "node_id": county["id"],
                                         "roles": ["cadre", "leader"]})
    assert response.status_code == 201
    assert response.json["user"]["roles"] == ["cadre", "leader"]
    assert response.json["user"]["must_change_password"] is True
    assert "password_hash" not in response.json["user"]
    password = response.json["password"]
    admin.logout()
    login = api.login("liu", password)
    assert login.status_code == 200 and login.json["user"]["must_change_password"] is True


def test_create_user_reports_every_bad_field(admin, db, county):
    response = admin.post("/api/users", {"username": "a b", "name": "", "phone": "123",
                                         "node_id": "x", "roles": ["king"], "extra": 1})
    assert response.status_code == 400
    fields = {e["field"]: e["message"] for e in response.json["errors"]}
    assert fields == {"name": "必填", "node_id": "应为整数", "extra": "不认识的字段"}
    response = admin.post("/api/users", {"username": "a b", "name": "某", "phone": "123",
                                         "node_id": county["id"], "roles": ["king"],
                                         "password": "short"})
    fields = {e["field"] for e in response.json["errors"]}
    assert fields == {"username", "phone", "roles", "password"}
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_username_taken(admin, county):
    body = {"username": "BOSS", "name": "某", "node_id": county["id"], "roles": ["cadre"]}
    response = admin.post("/api/users", body)
    assert response.json["errors"] == [{"field": "username", "message": "该用户名已被使用"}]


def test_reset_password_signs_out_and_forces_change(admin, api, app, db, county):
    user = make_user(db, county, username="liu")
    phone = type(api)(app.test_client())
    phone.login("liu")
    response = admin.post(f"/api/users/{user['id']}/reset-password")
    assert response.status_code == 200
    assert phone.get("/api/auth/me").status_code == 401
    assert phone.login("liu", PASSWORD).status_code == 401
    fresh = phone.login("liu", response.json["password"])
    assert fresh.json["user"]["must_change_password"] is True
    actions = [e["action"] for e in audit.entries(db, "user", user["id"])]
    assert actions == ["create", "reset_password"]


def test_deactivate_never_deletes(admin, db, county):
    user = make_user(db, county, username="liu")
    response = admin.patch(f"/api/users/{user['id']}", {"active": False})
    assert response.status_code == 200 and response.json["user"]["active"] is False
    assert db["users"].get(user["id"])["active"] == 0
    listed = {u["username"] for u in admin.get("/api/users?active=0").json["users"]}
    assert listed == {"liu"}
    reset = admin.post(f"/api/users/{user['id']}/reset-password")
    assert reset.status_code == 409


def test_admin_cannot_lock_themselves_out(admin, db, county):
    me = admin.get("/api/auth/me").json["user"]
    assert admin.patch(f"/api/users/{me['id']}", {"active": False}).status_code == 400
    assert admin.patch(f"/api/users/{me['id']}", {"roles": ["cadre"]}).status_code == 400
    assert db["users"].get(me["id"])["active"] == 1


@pytest.mark.parametrize("roles", [["admin", "supervisor"], ["admin", "cadre"]])
def test_admin_cannot_change_their_own_roles(admin, db, county, roles):
    me = admin.get("/api/auth/me").json["user"]
    response = admin.patch(f"/api/users/{me['id']}", {"roles": roles})
    assert response.status_code == 400
    assert response.json["errors"] == [{"field": "roles", "message": "不能修改自己的角色"}]
    assert [r[0] for r in db.execute("SELECT role FROM user_roles WHERE user_id = ?",
                                     [me["id"]])] == ["admin"]
    same = admin.patch(f"/api/users/{me['id']}", {"roles": ["admin"], "name": "王管理"})
    assert same.status_code == 200


def test_granting_admin_or_supervisor_is_audited_with_who_granted_it(admin, db, county):
    me = admin.get("/api/auth/me").json["user"]
    user = make_user(db, county, username="liu")
    admin.patch(f"/api/users/{user['id']}", {"roles": ["cadre", "supervisor"]})
    admin.patch(f"/api/users/{user['id']}", {"roles": ["admin"]})
    created = admin.post("/api/users", {"username": "zhao", "name": "赵", "roles": ["admin"],
                                        "node_id": county["id"]}).json["user"]
    grants = [(e["action"], e["user_id"], e["after"]) for e in audit.entries(db, "user", user["id"])
              if e["action"] in ("grant_role", "revoke_role")]
    assert grants == [("grant_role", me["id"], '{"role": "supervisor"}'),
                      ("grant_role", me["id"], '{"role": "admin"}'),
                      ("revoke_role", me["id"], '{"role": "supervisor"}')]
    assert [(e["action"], e["user_id"]) for e in audit.entries(db, "user", created["id"])] == [
        ("create", me["id"]), ("grant_role", me["id"])]


def test_update_user_roles_and_node(admin, db, county):
    township = create_node(admin, county, "青山乡", "township").json["node"]
    user = make_user(db, county, username="liu")
    response = admin.patch(f"/api/users/{user['id']}",
                           {"roles": ["grid_worker", "cadre"], "node_id": township["id"]})
    assert response.json["user"]["roles"] == ["cadre", "grid_worker"]
    assert db["users"].get(user["id"])["node_id"] == township["id"]
    entry = audit.entries(db, "user", user["id"])[-1]
    assert '"node_id": 2' in entry["before"] and f'"node_id": {township["id"]}' in entry["after"]


@pytest.mark.parametrize("role", ["cadre", "supervisor", "leader"])
def test_non_admins_cannot_administer(api, db, county, role):
    make_user(db, county, roles=[role], username="someone")
    api.login("someone")
    assert create_node(api, county, "某", "township").status_code == 403
    response = api.post("/api/users", {"username": "x1y", "name": "某",
                                       "node_id": county["id"], "roles": ["cadre"]})
    assert response.status_code == 403 and response.json["error"] == "没有权限进行此操作"


def test_supervisor_lists_users_with_masked_phones(api, db, county):
    make_user(db, county, roles=["supervisor"], username="sup")
    make_user(db, county, username="liu", phone="13812345678")
    api.login("sup")
    phones = {u["username"]: u["phone"] for u in api.get("/api/users").json["users"]}
    assert phones["liu"] == "138****5678"


def test_cadre_cannot_list_users(api, db, county):
    make_user(db, county, username="liu")
    api.login("liu")
    assert api.get("/api/users").status_code == 403


def test_user_search(admin, db, county):
    make_user(db, county, username="liu", name="刘干部")
    make_user(db, county, username="chen", name="陈书记")
    assert [u["username"] for u in admin.get("/api/users?q=书记").json["users"]] == ["chen"]
