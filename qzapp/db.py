"""The SQLite database: one sqlite-utils Database per thread, pragmas, migrations, and the
functions through which the application reads and writes it."""
import contextlib
import fcntl
import functools
import sqlite3
import threading

import click
from flask import current_app, g
from flask.cli import with_appcontext
from sqlite_utils import Database

from .config import WRITER_WAIT_SECONDS

# Nested savepoints may share a name: RELEASE and ROLLBACK TO find the innermost.
SAVEPOINT = "qzapp_block"
# One connection per thread, kept between requests: closing the last connection to a WAL
# database checkpoints the log, which would cost every request a few milliseconds.
_per_thread = threading.local()


class WriterBusy(Exception):
    """A write waited longer than its connection may for its turn (the server answers 503)."""


def connect(path, wait=WRITER_WAIT_SECONDS):
    """Open the database file with the pragmas every connection needs; a write waits at
    most wait seconds for the writer lock file, and as long again for SQLite's lock."""
    conn = sqlite3.connect(path, timeout=wait, check_same_thread=False)
    db = Database(conn)
    db.writer_wait = wait
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
    db.execute("PRAGMA synchronous = NORMAL")
    # Reads through memory-mapped pages: each worker process sees the others' writes
    # without re-reading its page cache through system calls.
    db.execute("PRAGMA mmap_size = 268435456")
    db.execute("PRAGMA cache_size = -16000")
    # Writers queue on a lock file beside the database (see immediate()).
    db.writer_lock_path = None if path == ":memory:" else f"{path}-writer"
    return db


# Application code talks to the database only through the functions below, in plain,
# parameterised SQL; sqlite-utils opens the connection and runs the migrations. Reads never
# open a transaction; a write outside one commits at once (as sqlite-utils' execute did).


def fetch_one(db, sql, params=()):
    """The first row of a query as a dict, or None."""
    cursor = db.conn.execute(sql, params)
    row = cursor.fetchone()
    return None if row is None else dict(zip([c[0] for c in cursor.description], row))


def fetch_all(db, sql, params=()):
    """Every row of a query, as dicts."""
    cursor = db.conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def fetch_value(db, sql, params=()):
    """The first column of a query's first row, or None when it has no row."""
    row = db.conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


def fetch_tuples(db, sql, params=()):
    """Every row of a query as a tuple: for pairs and hot paths, where dicts cost too much."""
    return db.conn.execute(sql, params).fetchall()


def rows_in(db, sql, values, size=500, prefix=()):
    """The rows (dicts) of sql, whose "IN ({marks})" takes values, asked size values at a
    time to stay under SQLite's limit on parameters; prefix: the parameters before them."""
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        cursor = db.conn.execute(sql.format(marks=",".join("?" * len(chunk))),
                                 [*prefix, *chunk])
        names = [c[0] for c in cursor.description]
        yield from (dict(zip(names, row)) for row in cursor)


def execute(db, sql, params=()):
    """Run one statement; returns its cursor (rowcount, lastrowid)."""
    conn = db.conn
    if conn.in_transaction:   # the usual case, and the sync hot path's: no more to do
        return conn.execute(sql, params)
    return _committed(conn, conn.execute, sql, params)


def execute_many(db, sql, rows):
    """Run one statement once per row of parameters; returns the cursor."""
    conn = db.conn
    if conn.in_transaction:
        return conn.executemany(sql, rows)
    return _committed(conn, conn.executemany, sql, rows)


def _committed(conn, run, sql, params):
    """run(sql, params) outside a transaction: the one Python's sqlite3 opens for a write is
    committed, or rolled back when the statement fails, so that none is left open."""
    try:
        cursor = run(sql, params)
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    if conn.in_transaction:
        conn.commit()
    return cursor


def insert(db, table, row):
    """Insert row into table; returns its rowid (table and column names come from code)."""
    columns = tuple(row)
    return execute(db, _insert_sql(table, columns), [row[c] for c in columns]).lastrowid


def update(db, table, key, changes):
    """Set the columns changes names on the row of table whose id is key; returns how many
    rows changed (table and column names come from code, never from requests)."""
    columns = tuple(changes)
    return execute(db, _update_sql(table, columns), [*(changes[c] for c in columns), key]).rowcount


def upsert(db, table, row):
    """Insert row, or replace the stored columns it names, keyed on id (table and column
    names come from code, never from requests)."""
    columns = tuple(row)
    execute(db, _upsert_sql(table, columns), [row[c] for c in columns])


def _names(columns):
    return ", ".join(f"[{c}]" for c in columns)


@functools.lru_cache(maxsize=64)
def _insert_sql(table, columns):
    return f"INSERT INTO [{table}] ({_names(columns)}) VALUES ({', '.join('?' * len(columns))})"


@functools.lru_cache(maxsize=64)
def _update_sql(table, columns):
    return f"UPDATE [{table}] SET {', '.join(f'[{c}] = ?' for c in columns)} WHERE id = ?"


@functools.lru_cache(maxsize=64)
def _upsert_sql(table, columns):
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
    return f"{_insert_sql(table, columns)} ON CONFLICT(id) DO UPDATE SET {updates}"


def get_db():
    """The request's database connection: this thread's, opened on first use."""
    if "db" not in g:
        key = (current_app.config["DATABASE"], current_app.config["WRITER_WAIT_SECONDS"])
        cached = getattr(_per_thread, "db", None)
        if cached is None or _per_thread.key != key:
            if cached is not None:
                cached.close()
            _per_thread.db, _per_thread.key = connect(*key), key
        g.db = _per_thread.db
    return g.db


def close_db(exc=None):
    """At teardown, end any transaction a failed request left open; keep the connection."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


@contextlib.contextmanager
def immediate(db):
    """A write transaction that takes the write lock up front (no upgrade deadlocks).

    Writers first queue on an flock of the database's lock file: the kernel hands the turn
    to the next one the moment it is free, where SQLite's own busy handler would sleep
    longer and longer (up to 100 ms) while the lock sits unused. SQLite's lock still
    guards the data; the queue only hands the turn over quickly. Raises WriterBusy, or
    SQLite's "database is locked", when the turn does not come within the connection's
    wait: a frozen writer must not hold every request that writes.
    """
    with _writer_turn(db):
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        else:
            db.conn.execute("COMMIT")


@contextlib.contextmanager
def savepoint(db):
    """An atomic block: a savepoint inside the caller's transaction, else a transaction of
    its own (deferred: a read snapshot, or writes that need no turn of the writer lock)."""
    if not db.conn.in_transaction:
        with _transaction(db.conn):
            yield db
        return
    db.conn.execute(f"SAVEPOINT {SAVEPOINT}")
    try:
        yield db
    except BaseException:
        # An error may have ended the whole transaction already, savepoint and all.
        if db.conn.in_transaction:
            db.conn.execute(f"ROLLBACK TO {SAVEPOINT}")
            db.conn.execute(f"RELEASE {SAVEPOINT}")
        raise
    db.conn.execute(f"RELEASE {SAVEPOINT}")


@contextlib.contextmanager
def _transaction(conn):
    """BEGIN ... COMMIT, rolled back on an error (a failed COMMIT included)."""
    conn.execute("BEGIN")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.rollback()
        raise


@contextlib.contextmanager
def _writer_turn(db):
    """Hold the database's writer lock file (exclusive flock) for the block."""
    path = getattr(db, "writer_lock_path", None)
    if path is None:
        yield
        return
    lock = _take_turn(path, db.writer_wait)
    try:
        yield
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


def _take_turn(path, wait):
    """The lock file, opened for this turn and locked (exclusive flock) within wait seconds;
    else WriterBusy. flock cannot give up after a time, so a writer that must wait blocks on
    it in a helper thread (the kernel hands the turn over the moment it is free) while the
    request waits for that thread at most wait seconds."""
    lock = open(path, "a")  # noqa: SIM115  (closed when the turn ends, or by its waiter)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return lock
    except BlockingIOError:
        pass
    waiter = _TurnWaiter(lock)
    if waiter.stuck_elsewhere() or not waiter.wait(wait):
        raise WriterBusy(f"the writer lock stayed taken for {wait} s")
    return lock


class _TurnWaiter:
    """A helper thread blocked on the lock file for one request. If the request gives up, the
    thread still takes its turn when it comes and hands it straight back."""

    # Waiters given up on and still blocked (a frozen writer holds the lock): past this many
    # in a process, more requests fail at once rather than leave yet another thread behind.
    MAX_STUCK = 8
    _stuck = 0
    _guard = threading.Lock()

    def __init__(self, lock):
        self.lock, self.got, self.given_up = lock, threading.Event(), False

    def stuck_elsewhere(self):
        """Whether too many earlier waiters of this process are still stuck."""
        return _TurnWaiter._stuck >= self.MAX_STUCK

    def wait(self, seconds):
        """Block on the lock in a thread; whether the turn came within seconds."""
        threading.Thread(target=self._take, daemon=True).start()
        if self.got.wait(seconds):
            return True
        with self._guard:
            if self.got.is_set():
                return True
            self.given_up = True
            _TurnWaiter._stuck += 1
            return False

    def _take(self):
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        with self._guard:
            if not self.given_up:
                self.got.set()
                return
            _TurnWaiter._stuck -= 1
        fcntl.flock(self.lock, fcntl.LOCK_UN)
        self.lock.close()


def migrate(app):
    """Apply pending migrations; switch the file to WAL first. Processes that start at once
    (a server's workers after an upgrade, the tick) take turns: the first applies them, the
    others find them applied."""
    from migrations import migrations
    path = app.config["DATABASE"]
    with open(f"{path}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        db = connect(path)
        try:
            if db.journal_mode != "wal":
                db.enable_wal()
            migrations.apply(db)
        finally:
            db.close()
            fcntl.flock(lock, fcntl.LOCK_UN)


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
