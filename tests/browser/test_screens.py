"""The view lifecycle: a screen's listeners end when the user leaves it."""
import pytest
from playwright.sync_api import expect

from .helpers import log_in, wait_for_first_sync

pytestmark = pytest.mark.browser

SCREENS = ["diary", "my-households", "home", "sync", "diary", "my-households", "home", "sync"]


def window_listeners(page, kind):
    """How many listeners of an event the page's window has (the DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        window = cdp.send("Runtime.evaluate", {"expression": "window"})["result"]["objectId"]
        found = cdp.send("DOMDebugger.getEventListeners", {"objectId": window})["listeners"]
    finally:
        cdp.detach()
    return sum(1 for listener in found if listener["type"] == kind)


def test_a_screen_left_keeps_no_listener(page, server_url):
    log_in(page, server_url, "cadre")
    wait_for_first_sync(page)
    for path in SCREENS:
        page.goto(f"{server_url}/#/{path}")
        expect(page.locator(f".screen-{path}")).to_be_visible()
    page.goto(f"{server_url}/#/me")
    expect(page.locator(".screen-me")).to_be_visible()
    # "me" listens to no sync event: the chrome's are the tab bar's unread count (records
    # and marks) and the title bar's sync badge
    assert window_listeners(page, "qz:data") == 1
    assert window_listeners(page, "qz:outbox") == 2   # the tab bar, and sync itself
    assert window_listeners(page, "qz:sync") == 1
