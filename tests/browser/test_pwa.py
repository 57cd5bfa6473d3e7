"""The PWA shell in a real browser: login, offline reload, update prompt, language."""
import pytest
from playwright.sync_api import expect

from .helpers import log_in, wait_for_worker, worker_version

pytestmark = pytest.mark.browser


def test_login_shows_home_with_scope(page, server_url):
    """Signing in lands on 首页 with the user's name, place in the tree and counts."""
    log_in(page, server_url, "cadre")
    expect(page.locator(".hero-greeting")).to_contain_text("刘干部")
    expect(page.locator(".hero-node")).to_have_text("四川省 › 示范市 › 示范县")
    expect(page.locator(".status-line")).to_have_attribute("data-state", "fresh")
    expect(page.locator("[data-section=mine]")).to_contain_text("查看全部结对户（5 户）")
    expect(page.get_by_role("link", name="首页")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="我的")).to_be_visible()


def test_wrong_password_keeps_what_was_typed(page, server_url):
    """The server's Chinese message is shown and the form keeps its input."""
    page.goto(server_url + "/")
    page.get_by_label("用户名").fill("cadre")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".form-error")).to_have_text("用户名或密码错误")
    expect(page.get_by_label("用户名")).to_have_value("cadre")
    expect(page.get_by_label("密码")).to_have_value("wrong-password")


def test_offline_reload_is_served_by_the_worker(page, context, server_url):
    """With no network a reload comes from the service worker and shows the saved home."""
    log_in(page, server_url, "cadre")
    expect(page.locator(".status-line")).to_have_attribute("data-state", "fresh")
    wait_for_worker(page)
    context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    expect(page.locator(".banner-offline")).to_be_visible()
    expect(page.locator(".banner-offline")).to_contain_text("无网络")
    expect(page.locator(".hero-greeting")).to_contain_text("刘干部")
    expect(page.locator("[data-section=mine]")).to_contain_text("查看全部结对户（5 户）")
    expect(page.locator(".status-line")).to_have_attribute("data-state", "stale")
    context.set_offline(False)
    expect(page.locator(".banner-offline")).to_be_hidden()
    expect(page.locator(".status-line")).to_have_attribute("data-state", "fresh")


def test_offline_without_a_remembered_user_shows_login(page, context, server_url):
    """Nobody logged in on this phone: offline, the login screen says it needs a network."""
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    wait_for_worker(page)
    context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    expect(page.locator(".banner-offline")).to_be_visible()
    expect(page.locator(".login .notice-warn")).to_contain_text("登录需要网络连接")
    expect(page.get_by_role("button", name="登录")).to_be_visible()


def test_changed_asset_offers_update(page, server_url, pwa_dir):
    """After a file changes on the server the open page offers 刷新 and reloads into it."""
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    old_version = worker_version(page, server_url)
    with open(pwa_dir / "css" / "app.css", "a", encoding="utf-8") as css:
        css.write("\n/* deploy marker 2 */\n")
    new_version = worker_version(page, server_url)
    assert new_version != old_version
    expect(page.locator(".update-prompt")).to_have_count(0)
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    prompt = page.locator(".update-prompt")
    expect(prompt).to_be_visible()
    expect(prompt).to_contain_text("有新版本可用")
    with page.expect_navigation():
        prompt.get_by_role("button", name="刷新").click()
    wait_for_worker(page)
    expect(page.locator(".hero-greeting")).to_contain_text("刘干部")
    assert page.evaluate("caches.keys()") == [f"qz-shell-{new_version}"]
    css = page.evaluate("fetch('/css/app.css').then(r => r.text())")
    assert "deploy marker 2" in css
    page.get_by_role("link", name="我的").click()
    expect(page.locator("[data-version]")).to_have_text(new_version)


def test_english_switch(page, server_url):
    """我的 → English turns the UI English, survives a reload, and switches back."""
    log_in(page, server_url, "cadre")
    page.get_by_role("link", name="我的").click()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="Home")).to_be_visible()
    expect(page.locator("#title")).to_have_text("Me")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.reload()
    expect(page.get_by_role("link", name="Me", exact=True)).to_be_visible()
    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def test_user_text_reaches_the_page_as_text(page, server_url, make_account):
    """A name with markup is shown literally and runs nothing."""
    from tests.factories import PASSWORD
    name = '<img src=x onerror="window.__xss=1">王'
    make_account("markup", name=name, password=PASSWORD)
    log_in(page, server_url, "markup", PASSWORD)
    expect(page.locator(".hero-greeting")).to_contain_text(name)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".hero img").count() == 0


def test_must_change_password_first(page, server_url, make_account):
    """An account with a reset password is sent to 修改密码 and can go on afterwards."""
    from tests.factories import PASSWORD
    make_account("fresh", name="新同志", password=PASSWORD, must_change_password=True)
    page.goto(server_url + "/")
    page.get_by_label("用户名").fill("fresh")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".screen-password .notice").first).to_contain_text("请先设置新密码")
    page.get_by_role("link", name="首页").click()
    expect(page.locator(".screen-password")).to_be_visible()
    page.get_by_label("原密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill("newpass2026")
    page.get_by_label("再次输入新密码").fill("newpass2027")
    page.get_by_role("button", name="保存新密码").click()
    mismatch = page.locator("[data-error-for=confirm_password]")
    expect(mismatch).to_have_text("两次输入的新密码不一致")
    page.get_by_label("再次输入新密码").fill("newpass2026")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator(".screen-home")).to_be_visible()
    expect(page.locator(".hero-greeting")).to_contain_text("新同志")
