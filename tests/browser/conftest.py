"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Follows shared/design/testing.md: pytest-playwright's launch fixture points at
/usr/bin/chromium, the app runs in a werkzeug server on a free port in a daemon thread,
and the front-end is served from a temporary copy of pwa/ that a test may change.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from qzapp import create_app
from qzapp.db import connect

# Waits end as soon as the page is right; the bound only matters on a busy machine (CI runs
# the server, the browser and pytest on two cores).
expect.set_options(timeout=15_000)

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (never `playwright install`)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": [*browser_type_launch_args.get("args", []), "--disable-gpu", "--disable-quic"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A 360-px-wide phone with a Chinese locale."""
    return {**browser_context_args, "viewport": PHONE, "locale": "zh-CN",
            "timezone_id": "Asia/Shanghai", "has_touch": True}


@pytest.fixture
def page_errors(page):
    """Fail the test on any uncaught script error in the page."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield errors
    assert errors == []


@pytest.fixture
def pwa_dir(tmp_path):
    """A copy of the front-end files that a test may change on the 'server'."""
    target = tmp_path / "pwa"
    shutil.copytree(REPO / "pwa", target)
    return target


@pytest.fixture
def live_app(tmp_path, pwa_dir):
    """The app on a fresh database, serving the copied front-end."""
    return create_app({
        "TESTING": True, "SECRET_KEY": "test", "DATABASE": str(tmp_path / "qzapp.db"),
        "MEDIA_DIR": str(tmp_path / "media"), "PWA_DIR": str(pwa_dir),
        "PUBLIC_MIN_FILL_SECONDS": 0,   # a test fills a public form in no time
    })


@pytest.fixture
def accounts(live_app):
    """The demo county's accounts by username (password: qzapp.demo.DEMO_PASSWORD)."""
    from qzapp import demo
    db = connect(live_app.config["DATABASE"])
    try:
        with live_app.test_request_context():
            users = demo.load(db)
    finally:
        db.close()
    return {u["username"]: u for u in users}


@pytest.fixture
def server_url(live_app, accounts):
    """The app served on 127.0.0.1 (a secure context, so service workers run)."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def make_account(live_app):
    """Make an extra account on a demo node; must_change_password=True as after a reset."""
    from tests import factories

    def make(username, node="青山村", must_change_password=False, **extra):
        db = connect(live_app.config["DATABASE"])
        try:
            with live_app.test_request_context():
                node_row = next(db["org_nodes"].rows_where("name = ?", [node]))
                user = factories.make_user(db, node_row, username=username, **extra)
                db["users"].update(user["id"], {"must_change_password": int(must_change_password)})
                return user
        finally:
            db.close()
    return make


# --- the app in a process of its own, to be killed and restarted --------------------------

SERVE = """
import os
from werkzeug.serving import make_server
from qzapp import create_app
port = int(os.environ["QZ_TEST_PORT"])
make_server("127.0.0.1", port, create_app(), threaded=True).serve_forever()
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppProcess:
    """The app in its own process on a fixed port and database, to be killed and restarted."""

    def __init__(self, tmp_path):
        self.database = tmp_path / "qzapp.db"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "QZ_DATABASE": str(self.database),
                    "QZ_MEDIA_DIR": str(tmp_path / "media"), "QZ_SECRET_KEY": "test",
                    "QZ_TEST_PORT": str(self.port)}
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE], cwd=REPO, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/api/auth/me", timeout=1)
                return
            except urllib.error.HTTPError:
                return  # 401: it answers
            except OSError:
                assert self.process.poll() is None, "the app process exited"
                time.sleep(0.1)  # polling a starting process, not waiting on the page
        raise AssertionError("the app process did not start")

    def kill(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def app_process(tmp_path, pwa_dir):
    """The app as a subprocess on a demo database, to be killed and restarted, serving a copy
    of the front-end (its service worker checks every file against the list it was given, so
    files edited in the working tree meanwhile must not reach it); killed at the end."""
    from qzapp import demo
    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "DATABASE": str(tmp_path / "qzapp.db"),
                      "MEDIA_DIR": str(tmp_path / "media")})
    db = connect(app.config["DATABASE"])
    try:
        with app.test_request_context():
            demo.load(db)
    finally:
        db.close()
    server = AppProcess(tmp_path)
    server.env["QZ_PWA_DIR"] = str(pwa_dir)
    server.start()
    yield server
    server.kill()
