"""A frozen writer stops no read: a push waits a bounded time for its turn and is answered
503 writer_busy with Retry-After, while reads answer meanwhile (in-process, and under the
production gunicorn command)."""
import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.factories import PASSWORD, diary_data, make_household, make_user, new_id, put
from tests.test_errors import assert_error_shape

REPO = Path(__file__).resolve().parent.parent
WAIT = 1.0   # seconds a write may wait for its turn in these tests
SLACK = 3.0   # what a busy two-core machine may add to that bound

# A writer that takes the database's writer lock file and freezes holding it.
HOLD_QUEUE = """
import fcntl, os, signal, sys
lock = open(sys.argv[1] + "-writer", "a")
fcntl.flock(lock, fcntl.LOCK_EX)
print("held", flush=True)
os.kill(os.getpid(), signal.SIGSTOP)
"""
# A writer outside the queue: it takes SQLite's own write lock and freezes holding it.
HOLD_SQLITE = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
os.kill(os.getpid(), signal.SIGSTOP)
"""


@contextlib.contextmanager
def frozen_writer(script, database):
    """A process holding a write lock of database, stopped (SIGSTOP) until the block ends."""
    process = subprocess.Popen([sys.executable, "-c", script, str(database)],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "held\n"
        yield process
    finally:
        process.kill()   # a stopped process dies too, and the kernel drops its locks
        process.wait()
        process.stdout.close()


class Background:
    """A call run in a daemon thread (one stuck on a lock must not hang the suite)."""

    def __init__(self, call):
        self.value = self.seconds = None
        self.thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self.thread.start()

    def _run(self, call):
        started = time.monotonic()
        self.value = call()
        self.seconds = time.monotonic() - started

    def result(self, timeout):
        """The call's value and how long it took; fails if it is still running."""
        self.thread.join(timeout)
        assert not self.thread.is_alive(), f"still waiting after {timeout} s"
        return self.value, self.seconds


@pytest.fixture
def busy_app(app, world):
    """The app whose writes wait WAIT seconds at most; the cadre's village."""
    app.config["WRITER_WAIT_SECONDS"] = WAIT
    return app


def signed_in(app, username):
    from tests.factories import ApiClient
    client = ApiClient(app.test_client())
    assert client.login(username).status_code == 200
    return client


def one_diary(world, mid=1):
    return [put(mid, new_id(), diary_data(world["village"]["id"]))]


BUSY = {"ok": False, "error": "服务器正忙，请稍后再试；您填写的内容没有丢失", "code": "writer_busy",
        "errors": []}


def assert_busy(response, seconds):
    assert_error_shape(response, 503, "writer_busy")
    assert response.json == BUSY
    assert response.headers["Retry-After"] == "30"
    assert WAIT <= seconds < WAIT + SLACK


def every_read(app, household_id):
    """A URL of every GET route of the API and of photos."""
    from flask import url_for
    values = {"household_id": household_id, "sha": "0" * 64}
    with app.test_request_context():
        return [url_for(rule.endpoint, **{a: values.get(a, "1") for a in rule.arguments})
                for rule in app.url_map.iter_rules()
                if "GET" in rule.methods and rule.rule.startswith(("/api/", "/media/"))]


@pytest.mark.parametrize("holder", [HOLD_QUEUE, HOLD_SQLITE], ids=["queue", "sqlite"])
def test_a_frozen_writer_gets_pushes_a_503_and_stops_no_read(busy_app, world, db, holder):
    make_user(db, world["county"], roles=["admin"], username="boss")
    household = make_household(db, world["village"])
    writer, reader = signed_in(busy_app, "cadre"), signed_in(busy_app, "sec")
    admin = signed_in(busy_app, "boss")
    with frozen_writer(holder, busy_app.config["DATABASE"]):
        push = Background(lambda: writer.push(one_diary(world)))
        for url in ("/api/sync/pull", "/api/households", "/api/diaries"):
            assert reader.get(url).status_code == 200, url
        assert push.thread.is_alive(), "the push should still be waiting for its turn"
        response, seconds = push.result(WAIT + SLACK)
        assert_busy(response, seconds)
        for url in every_read(busy_app, household["id"]):   # none of them writes
            assert [admin.get(url).status_code < 500, reader.get(url).status_code < 500] \
                == [True, True], url
    assert db.execute("SELECT count(*) FROM diaries").fetchone()[0] == 0
    again = writer.push(one_diary(world))   # the lock is free: the same mid is applied
    assert again.status_code == 200 and again.json["last_mid"] == 1


def test_other_sqlite_errors_are_not_busy(busy_app, world):
    """Only "database is locked" is a busy server; any other SQLite fault stays a fault."""
    import sqlite3

    from qzapp.errors import _handle_sqlite
    with busy_app.test_request_context("/api/x"), pytest.raises(sqlite3.OperationalError):
        _handle_sqlite(sqlite3.OperationalError("no such table: nowhere"))
    busy_app.config["TESTING"] = False
    with busy_app.test_request_context("/api/x"):
        body, status = _handle_sqlite(sqlite3.OperationalError("no such table: nowhere"))
    assert status == 500 and body.json["code"] == "server_error"


# --- the production command ----------------------------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(app, world, tmp_path):
    """`gunicorn -c gunicorn.conf.py wsgi:app` with one worker, on the app's database."""
    port = free_port()
    env = {**os.environ, "QZ_DATABASE": app.config["DATABASE"], "QZ_SECRET_KEY": "test",
           "QZ_MEDIA_DIR": str(tmp_path / "media"), "QZ_WRITER_WAIT_SECONDS": str(WAIT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", "1",
         "-b", f"127.0.0.1:{port}", "wsgi:app"], cwd=REPO, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)   # polling a starting process
    yield port
    server.terminate()
    server.wait(30)


class Phone:
    """A keep-alive HTTP connection with a session cookie."""

    def __init__(self, port, username):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT * 2 + SLACK)
        self.cookie = ""
        status, _, _ = self.request("POST", "/api/auth/login",
                                    {"username": username, "password": PASSWORD})
        assert status == 200

    def request(self, method, path, body=None):
        """(status, headers, parsed JSON body)."""
        headers = {"Content-Type": "application/json", "X-Requested-With": "qzapp",
                   "Cookie": self.cookie}
        self.conn.request(method, path, None if body is None else json.dumps(body), headers)
        response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, response.headers, json.loads(data)


def test_production_workers_answer_reads_while_a_push_waits(app, world, gunicorn):
    """With one gunicorn worker, reads are answered while that worker's push waits for a
    frozen writer; the push is then answered 503 with Retry-After."""
    writer, reader = Phone(gunicorn, "cadre"), Phone(gunicorn, "sec")
    body = {"device_id": "phone-0001", "mutations": one_diary(world)}
    with frozen_writer(HOLD_QUEUE, app.config["DATABASE"]):
        push = Background(lambda: writer.request("POST", "/api/sync/push", body))
        for url in ("/api/sync/pull", "/api/households"):
            assert reader.request("GET", url)[0] == 200, url
        assert push.thread.is_alive(), "the push should still be waiting for its turn"
        (status, headers, answer), seconds = push.result(WAIT * 2 + SLACK)
    assert status == 503 and headers["Retry-After"] == "30"
    assert answer == BUSY
    assert WAIT <= seconds < WAIT + SLACK
    assert writer.request("POST", "/api/sync/push", body)[0] == 200
