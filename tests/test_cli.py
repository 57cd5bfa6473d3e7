"""CLI: create-admin and the demo county."""
from qzapp import demo
from tests.factories import make_node


def test_create_admin_makes_root_and_account(runner, db, api):
    result = runner.invoke(args=["create-admin", "--username", "root", "--name", "超级管理员",
                                 "--password", "start2026"])
    assert result.exit_code == 0, result.output
    assert db.execute("SELECT name, kind FROM org_nodes").fetchall() == [("四川省", "province")]
    login = api.login("root", "start2026")
    assert login.status_code == 200 and login.json["user"]["roles"] == ["admin"]


def test_create_admin_rejects_weak_password(runner, db):
    result = runner.invoke(args=["create-admin", "--username", "root", "--name", "管理员",
                                 "--password", "short"])
    assert result.exit_code != 0 and "密码" in result.output
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM org_nodes").fetchone()[0] == 0


def test_create_admin_on_unknown_node(runner, db):
    make_node(db, name="四川省")
    result = runner.invoke(args=["create-admin", "--username", "root", "--name", "管理员",
                                 "--password", "start2026", "--node", "火星"])
    assert result.exit_code != 0 and "火星" in result.output


def test_demo_loads_a_county_once(runner, db, api):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for username, *_ in demo.ACCOUNTS:
        assert username in result.output
    assert demo.DEMO_PASSWORD in result.output
    kinds = dict(db.execute("SELECT kind, count(*) FROM org_nodes GROUP BY kind").fetchall())
    assert kinds["township"] == 2 and kinds["village"] == 6 and kinds["grid"] == 12
    assert db.execute("SELECT count(*) FROM households").fetchone()[0] == 60
    roles = {r[0] for r in db.execute("SELECT DISTINCT role FROM user_roles")}
    assert roles == {"cadre", "first_secretary", "village_staff", "grid_worker", "member",
                     "community_staff", "leader", "supervisor", "admin"}
    assert api.login("secretary", demo.DEMO_PASSWORD).status_code == 200
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and "not loaded" in again.output
    assert db.execute("SELECT count(*) FROM households").fetchone()[0] == 60
    assert runner.invoke(args=["demo"]).exit_code != 0


def test_prune_sync_moves_the_horizon(runner, db, api):
    from tests.factories import diary_data, make_user, new_id, put
    node = make_node(db, name="某村")
    make_user(db, node, roles=["first_secretary"], username="sec")
    api.login("sec")
    record = new_id()
    rev = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(1, record, diary_data())]}).json["results"][0]["rev"]
    api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        {"mid": 2, "op": "delete", "entity": "diary", "id": record, "base_rev": rev}]})
    kept = runner.invoke(args=["prune-sync", "--days", "30"])
    assert "Forgot 0" in kept.output
    result = runner.invoke(args=["prune-sync", "--days", "0"])
    assert result.exit_code == 0 and "Forgot 1 " in result.output
    assert api.get(f"/api/sync/pull?since={rev}").json["resync"] is True
