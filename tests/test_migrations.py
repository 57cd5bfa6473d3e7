"""Migrations: an empty database is built from them, and running them again changes nothing."""
from migrations import migrations
from qzapp import create_app
from qzapp.db import connect


def schema(db):
    return {r["name"]: r["sql"] for r in db.query(
        "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")}


def test_migrations_from_empty_twice(tmp_path):
    path = tmp_path / "fresh.db"
    config = {"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(path)}
    create_app(config)
    db = connect(str(path))
    first = schema(db)
    applied = [m.name for m in migrations.applied(db)]
    assert applied == [m.name for m in migrations._migrations]
    assert applied[0] == "0001_org_and_accounts"
    assert {"org_nodes", "users", "user_roles", "audit", "households"} <= set(first)
    create_app(config)
    assert schema(db) == first
    assert [m.name for m in migrations.applied(db)] == applied
    assert migrations.pending(db) == []


def test_wal_and_foreign_keys(app, db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrate_command(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "MIGRATE_ON_START": False,
                      "DATABASE": str(tmp_path / "cli.db")})
    result = app.test_cli_runner().invoke(args=["migrate"])
    assert result.exit_code == 0, result.output
    assert f"{len(migrations._migrations)} migrations applied" in result.output
    assert "users" in connect(str(tmp_path / "cli.db")).table_names()


def test_foreign_keys_are_enforced(db):
    import sqlite3

    import pytest
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO user_roles (user_id, role) VALUES (999, 'cadre')")


def test_appeals_stored_before_cases_become_cases(tmp_path):
    """Migration 0009 turns every stored appeal into a receive event, and the tick folds them
    into cases: nothing stored before is lost."""
    from qzapp import tick
    from tests.factories import ApiClient, make_node, make_user
    path = tmp_path / "old.db"
    db = connect(str(path))
    db.enable_wal()
    migrations.apply(db, stop_before="0009_cases")
    village = make_node(db, make_node(db, make_node(db), kind="county"), kind="village")
    author = make_user(db, village, ("first_secretary",), username="sec")
    stamp = "2025-03-01T02:00:00.000Z"
    db.execute("INSERT INTO appeals (id, node_id, channel, category, text, rev, created_by,"
               " created_at, updated_by, updated_at) VALUES (?, ?, 'diary', 'housing', ?, 1, ?,"
               " ?, ?, ?)", ["0b3e3a8e-4c1c-4a9c-9a5e-3d2f1c0b9a87", village["id"], "房屋漏雨",
                             author["id"], stamp, author["id"], stamp])
    db.conn.commit()
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(path),
                      "MEDIA_DIR": str(tmp_path / "media")})
    with app.app_context():
        assert tick.run(db)["ledger"]["folded"] == 1
    case = db.execute("SELECT status, owner_id, text, received_at FROM cases").fetchone()
    assert case == ("received", author["id"], "房屋漏雨", "2025-03-01T10:00:00+08:00")
    api = ApiClient(app.test_client()).as_user("sec")
    assert api.get("/api/cases").json["total"] == 1
    pulled = {c["entity"] for c in api.get("/api/sync/pull").json["changes"]}
    assert {"case", "case_event"} <= pulled


def test_processes_starting_at_once_migrate_in_turn(tmp_path):
    """Workers started together on a database that needs migrating (after an upgrade) take
    turns: one applies them, the others find them applied; none fails."""
    import concurrent.futures

    from tests.test_backup import flask
    path, media = tmp_path / "fresh.db", tmp_path / "media"
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: flask("migrate", path, media), range(4)))
    assert all(run.returncode == 0 for run in runs), [run.stderr[-300:] for run in runs]
    db = connect(str(path))
    assert migrations.pending(db) == []
