"""The SQLite database: one sqlite-utils Database per request, pragmas, migrations."""
import contextlib
import sqlite3

import click
from flask import current_app, g
from flask.cli import with_appcontext
from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000


def connect(path):
    """Open the database file with the pragmas every connection needs."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def get_db():
    """The request's database connection, opened on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(exc=None):
    """Close the request's connection at teardown."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


@contextlib.contextmanager
def immediate(db):
    """A write transaction that takes the write lock up front (no upgrade deadlocks)."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def migrate(app):
    """Apply pending migrations; switch the file to WAL first."""
    from migrations import migrations
    db = connect(app.config["DATABASE"])
    try:
        if db.journal_mode != "wal":
            db.enable_wal()
        migrations.apply(db)
    finally:
        db.close()


@click.command("migrate")
@with_appcontext
def migrate_command():
    """Apply pending database migrations."""
    from migrations import migrations
    migrate(current_app)
    db = connect(current_app.config["DATABASE"])
    names = [m.name for m in migrations.applied(db)]
    db.close()
    click.echo(f"Database at {current_app.config['DATABASE']}: {len(names)} migrations applied.")


def init_app(app):
    """Register teardown and the migrate command."""
    app.teardown_appcontext(close_db)
    app.cli.add_command(migrate_command)
