"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Follows shared/design/testing.md: pytest-playwright's launch fixture points at
/usr/bin/chromium, the app runs in a werkzeug server on a free port in a daemon thread,
and the front-end is served from a temporary copy of pwa/ that a test may change.
"""
import os
import shutil
import threading
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
