"""Steps the browser tests share."""
from playwright.sync_api import Page, expect

from qzapp.demo import DEMO_PASSWORD


def log_in(page: Page, url: str, username: str, password: str = DEMO_PASSWORD):
    """Open the app, sign in, and wait for the home screen."""
    page.goto(url + "/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".screen-home")).to_be_visible()


def wait_for_worker(page: Page):
    """Wait until the service worker is active and controls the page (it claims clients)."""
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def worker_version(page: Page, url: str) -> str:
    """The VERSION the server currently puts in /sw.js."""
    body = page.request.get(url + "/sw.js").text()
    return body.split('const VERSION = "', 1)[1].split('"', 1)[0]
