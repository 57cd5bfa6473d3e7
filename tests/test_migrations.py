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
