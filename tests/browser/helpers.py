"""Steps the browser tests share."""
import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from qzapp.db import connect
from qzapp.demo import DEMO_PASSWORD


def log_in(page: Page, url: str, username: str, password: str = DEMO_PASSWORD):
    """Open the app, sign in, and wait for the home screen."""
    page.goto(url + "/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".screen-home")).to_be_visible()


def wait_for_worker(page: Page):
    """Wait until the service worker is active and controls the page (it claims clients), and
    has cached the code of every screen the user may open, so that the app works offline
    from here."""
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    wait_for_shell(page)


def worker_version(page: Page, url: str) -> str:
    """The VERSION the server currently puts in /sw.js."""
    body = page.request.get(url + "/sw.js").text()
    return body.split('const VERSION = "', 1)[1].split('"', 1)[0]


# ms: a sync with a photo upload on a slow test machine
SAVE_TIMEOUT = 15_000


def shot(page: Page, name: str):
    """Keep a full-page screenshot when QZ_SCREENSHOTS names a folder."""
    folder = os.environ.get("QZ_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def rows(database, sql, params=()):
    """Rows of a query on the server's database file."""
    db = connect(str(database))
    try:
        return list(db.query(sql, params))
    finally:
        db.close()


def other_phone(new_context, url, username):
    """A second phone (its own browser context, closed by the fixture) signed in as
    username, its first sync done."""
    page = new_context().new_page()
    log_in(page, url, username)
    wait_for_first_sync(page)
    return page


def known_ids(database, table):
    """The ids of a table's rows now (the demo county comes with some)."""
    return {r["id"] for r in rows(database, f"SELECT id FROM {table}")}


def new_rows(database, table, known, columns="*", order_by="rowid"):
    """The rows of table whose ids are not in known (written since they were taken)."""
    return [r for r in rows(database, f"SELECT id AS _id, {columns} FROM {table}"
                            f" ORDER BY {order_by}") if r.pop("_id") not in known]


def badge(page: Page):
    """The sync badge in the title bar."""
    return page.locator(".sync-badge")


def wait_for_shell(page: Page):
    """Wait until the worker has cached the code of every screen the signed-in user may open
    (what it caches right after the start): a test that goes offline at once must not
    outrun it."""
    assert page.evaluate("import('/js/worker.js').then((worker) => worker.warmScreens())")


def wait_for_first_sync(page: Page):
    """Wait until the signed-in user's sync has succeeded once."""
    expect(badge(page)).to_have_attribute("data-last-ok", re.compile(r"^\d+$"),
                                          timeout=SAVE_TIMEOUT)


def wait_for_synced(page: Page):
    """Wait until the phone has nothing left to send."""
    expect(badge(page)).to_have_attribute("data-pending", "0", timeout=SAVE_TIMEOUT)


def wait_for_picture(image):
    """Wait until an <img> has drawn a picture (expect, not wait_for_function: the app's CSP
    forbids the eval that polling a predicate string may need)."""
    expect(image).to_have_js_property("complete", True)
    expect(image).not_to_have_js_property("naturalWidth", 0)
