"""The phone meets a server whose writer lock is held by a frozen process: its push is
answered 503 with Retry-After, it says the server is busy, sends nothing more before
Retry-After has passed, and sends the diary once the lock is free."""
import re
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.test_writer_busy import HOLD_QUEUE, frozen_writer

from .helpers import badge, known_ids, log_in, new_rows, wait_for_first_sync, wait_for_synced

pytestmark = pytest.mark.browser

# Longer than the phone's own first back-off (30 s), so that honouring it shows.
RETRY_AFTER = 120

QUEUE = """async (heard) => {
    const outbox = await import("/js/outbox.js");
    return outbox.saveLocal("diary", {kind: "visit", occurred_at: new Date().toISOString(),
                                      heard});
}"""
# Resolves once no sync run holds (or waits for) the user's sync lock: a run that a timer
# started during fast_forward has asked for the lock before this asks.
SYNC_SETTLED = """(uid) => navigator.locks.request(`qz-sync-${uid}`, () => true)"""


@pytest.fixture
def busy_server(live_app, accounts):
    """The app served with short writer waits; yields (url, statuses of the pushes it
    answered, in order)."""
    live_app.config.update(WRITER_WAIT_SECONDS=0.5, WRITER_RETRY_AFTER_SECONDS=RETRY_AFTER)
    pushes, app = [], live_app.wsgi_app

    def counting(environ, start_response):
        def start(status, headers, *rest):
            if environ["PATH_INFO"] == "/api/sync/push":
                pushes.append(int(status.split()[0]))
            return start_response(status, headers, *rest)
        return app(environ, start)

    server = make_server("127.0.0.1", 0, counting, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", pushes
    server.shutdown()
    thread.join()


def test_phone_waits_for_retry_after_then_sends(page, live_app, accounts, busy_server):
    url, pushes = busy_server
    database = live_app.config["DATABASE"]
    known = known_ids(database, "diaries")
    uid = accounts["cadre"]["id"]
    page.clock.install()
    log_in(page, url, "cadre")
    wait_for_first_sync(page)
    with frozen_writer(HOLD_QUEUE, database):
        page.evaluate(QUEUE, "村口路灯坏了三盏")
        expect(badge(page)).to_have_attribute("aria-label", re.compile("服务器正忙"))
        assert pushes == [503]
        expect(badge(page)).not_to_have_attribute("aria-label", re.compile("重新登录"))
        expect(badge(page)).to_have_attribute("data-pending", "1")

        page.clock.fast_forward((RETRY_AFTER - 10) * 1000)   # past the phone's own back-off
        page.evaluate(SYNC_SETTLED, uid)
        assert pushes == [503]
    page.clock.fast_forward(20 * 1000)   # Retry-After has passed; the writer is gone
    wait_for_synced(page)
    assert pushes == [503, 200]
    assert [r["heard"] for r in new_rows(database, "diaries", known, "heard")] == ["村口路灯坏了三盏"]
