"""The database layer: record ids, and writers taking turns on one file."""
import threading
import time
import uuid

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
