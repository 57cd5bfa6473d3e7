"""The database layer: record ids, writers taking turns on one file, and the functions
through which the application reads and writes."""
import sqlite3
import threading
import time
import uuid

import pytest

from qzapp import db as qzdb
from qzapp.db import WriterBusy, connect, immediate
from qzapp.ids import new_id
from tests.test_writer_busy import HOLD_QUEUE, Background, frozen_writer


def test_new_ids_are_uuid7_led_by_the_time():
    before = time.time_ns() // 1_000_000
    ids = [new_id() for _ in range(200)]
    after = time.time_ns() // 1_000_000
    assert len(set(ids)) == 200
    for value in ids:
        parsed = uuid.UUID(value)
        assert value == str(parsed)   # lower case, canonical form
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
        assert before <= parsed.int >> 80 <= after


def test_ids_made_later_sort_later():
    first = new_id()
    time.sleep(0.002)   # the next millisecond
    assert new_id() > first


def test_concurrent_writers_each_get_their_turn(app):
    """Threads with their own connections increment one counter in write transactions:
    no update is lost and none fails with 'database is locked'."""
    path = app.config["DATABASE"]
    setup = connect(path)
    setup.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
    setup.execute("INSERT INTO counter VALUES (0)")
    setup.conn.commit()
    errors = []

    def writer():
        db = connect(path)
        try:
            for _ in range(50):
                with immediate(db):
                    n = db.execute("SELECT n FROM counter").fetchone()[0]
                    db.execute("UPDATE counter SET n = ?", [n + 1])
        except Exception as exc:   # reported below, with the thread's error
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert setup.execute("SELECT n FROM counter").fetchone()[0] == 200
    setup.close()


def test_a_failed_write_releases_the_turn(app):
    path = app.config["DATABASE"]
    first, second = connect(path), connect(path)
    try:
        with immediate(first):
            first.execute("CREATE TABLE t (x INTEGER)")
            raise RuntimeError("abandon")
    except RuntimeError:
        pass

    def write():
        with immediate(second):
            second.execute("CREATE TABLE t (x INTEGER)")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    writer.join(10)
    assert not writer.is_alive(), "the second writer never got its turn"
    assert second.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    first.close()
    second.close()


def test_a_writer_gives_up_when_its_turn_does_not_come(app):
    """Another process holds the writer lock and is frozen: a writer waits its connection's
    wait (SQLite's busy timeout is the same), raises WriterBusy, and writes once it is free."""
    path = app.config["DATABASE"]
    db = connect(path, wait=0.3)
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 300

    def write():
        try:
            with immediate(db):
                db.execute("CREATE TABLE t (x INTEGER)")
        except WriterBusy as busy:
            return busy

    with frozen_writer(HOLD_QUEUE, path):
        busy, seconds = Background(write).result(5)
    assert isinstance(busy, WriterBusy) and 0.3 <= seconds < 3
    assert Background(write).result(5)[0] is None
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    db.close()


def test_writers_given_up_on_leave_few_threads_and_hand_the_turn_back(app):
    """A frozen writer: each request that gave up leaves a thread blocked on the lock, up to
    a few per process; past them requests fail at once. When the writer goes, those threads
    take their turns and hand them straight back, and a write goes through."""
    from qzapp.db import _TurnWaiter
    db = connect(app.config["DATABASE"], wait=0.05)

    def write():
        try:
            with immediate(db):
                db.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
        except WriterBusy as busy:
            return busy

    with frozen_writer(HOLD_QUEUE, app.config["DATABASE"]):
        threads = threading.active_count()
        answers = [Background(write).result(5) for _ in range(_TurnWaiter.MAX_STUCK + 3)]
        assert all(isinstance(busy, WriterBusy) for busy, _ in answers)
        assert threading.active_count() - threads == _TurnWaiter.MAX_STUCK
        assert max(seconds for _, seconds in answers[_TurnWaiter.MAX_STUCK:]) < 0.05
    assert Background(write).result(5)[0] is None
    deadline = time.monotonic() + 5   # the stuck threads take and return their turns
    while threading.active_count() > threads and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == threads and _TurnWaiter._stuck == 0
    db.close()


def test_reads_come_as_dicts_tuples_or_one_value(db):
    qzdb.execute(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
    qzdb.execute_many(db, "INSERT INTO t (name) VALUES (?)", [("甲",), ("乙",)])
    assert qzdb.fetch_one(db, "SELECT * FROM t WHERE name = ?", ["乙"]) == {"id": 2, "name": "乙"}
    assert qzdb.fetch_one(db, "SELECT * FROM t WHERE name = ?", ["丙"]) is None
    assert qzdb.fetch_all(db, "SELECT * FROM t ORDER BY id") == [
        {"id": 1, "name": "甲"}, {"id": 2, "name": "乙"}]
    assert qzdb.fetch_tuples(db, "SELECT id, name FROM t ORDER BY id") == [(1, "甲"), (2, "乙")]
    assert qzdb.fetch_value(db, "SELECT count(*) FROM t") == 2
    assert qzdb.fetch_value(db, "SELECT id FROM t WHERE name = ?", ["丙"]) is None
    assert list(qzdb.rows_in(db, "SELECT id FROM t WHERE id IN ({marks})", [1, 2, 3], size=2)) == [
        {"id": 1}, {"id": 2}]


def test_insert_update_and_upsert_build_their_statements(db):
    qzdb.execute(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)")
    row_id = qzdb.insert(db, "t", {"name": "甲", "n": 1})
    assert qzdb.update(db, "t", row_id, {"n": 2}) == 1
    assert qzdb.update(db, "t", row_id + 1, {"n": 3}) == 0
    qzdb.upsert(db, "t", {"id": row_id, "name": "乙"})
    qzdb.upsert(db, "t", {"id": 9, "name": "丙", "n": 0})
    assert qzdb.fetch_tuples(db, "SELECT * FROM t ORDER BY id") == [(row_id, "乙", 2), (9, "丙", 0)]


def test_a_write_outside_a_transaction_commits_at_once(app, db):
    qzdb.execute(db, "CREATE TABLE t (x INTEGER UNIQUE)")
    qzdb.execute(db, "INSERT INTO t VALUES (1)")
    assert not db.conn.in_transaction
    with pytest.raises(sqlite3.IntegrityError):
        qzdb.execute(db, "INSERT INTO t VALUES (1)")
    assert not db.conn.in_transaction   # the failed write left no transaction open
    other = connect(app.config["DATABASE"])
    assert qzdb.fetch_value(other, "SELECT count(*) FROM t") == 1
    other.close()


def test_a_savepoint_undoes_only_its_own_block(db):
    qzdb.execute(db, "CREATE TABLE t (x INTEGER)")
    with qzdb.savepoint(db):   # outside a transaction: a transaction of its own
        qzdb.execute(db, "INSERT INTO t VALUES (1)")
        with pytest.raises(RuntimeError), qzdb.savepoint(db):
            qzdb.execute(db, "INSERT INTO t VALUES (2)")
            raise RuntimeError("undo the inner block")
        with qzdb.savepoint(db):
            qzdb.execute(db, "INSERT INTO t VALUES (3)")
    assert not db.conn.in_transaction
    assert qzdb.fetch_tuples(db, "SELECT x FROM t ORDER BY x") == [(1,), (3,)]
    with pytest.raises(RuntimeError), qzdb.savepoint(db):
        qzdb.execute(db, "INSERT INTO t VALUES (4)")
        raise RuntimeError("undo the whole transaction")
    assert qzdb.fetch_value(db, "SELECT count(*) FROM t WHERE x = 4") == 0
