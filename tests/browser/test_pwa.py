"""The PWA shell in a real browser: login, offline reload, update prompt, language, and
what a first load costs on a 2G line."""
import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .helpers import log_in, wait_for_worker, worker_version

pytestmark = pytest.mark.browser

# Ask the worker to look for an update, and resolve once the new one is installed (waiting).
UPDATE_AND_WAIT = """navigator.serviceWorker.getRegistration()
    .then((r) => r.update().then(() => new Promise((resolve) => {
        const done = () => r.waiting && resolve(true);
        done();
        r.installing?.addEventListener("statechange", done);
    })))"""


def test_login_shows_home_with_scope(page, server_url):
    """Signing in lands on 首页 with the user's name, place in the tree and their work."""
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
    page.get_by_label("原密码").fill(PASSWORD)
    # A tab tapped before the password is changed leads back here, keeping what was typed.
    page.evaluate("""() => { window.hashChanged = new Promise((done) =>
        addEventListener("hashchange", () => setTimeout(done), { once: true })); }""")
    page.get_by_role("link", name="首页").click()
    page.evaluate("() => window.hashChanged")
    assert page.evaluate("location.hash") == "#/password"
    expect(page.get_by_label("原密码")).to_have_value(PASSWORD)
    page.get_by_label("新密码", exact=True).fill("newpass2026")
    page.get_by_label("再次输入新密码").fill("newpass2027")
    page.get_by_role("button", name="保存新密码").click()
    mismatch = page.locator("[data-error-for=confirm_password]")
    expect(mismatch).to_have_text("两次输入的新密码不一致")
    page.get_by_label("再次输入新密码").fill("newpass2026")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator(".screen-home")).to_be_visible()
    expect(page.locator(".hero-greeting")).to_contain_text("新同志")


# The first load on a 2G line: bytes until the worker is active, then every screen offline.

BUDGET_BYTES = 60_000  # tests/test_shell_first_load.py: the budget for a first load
LOAD_FAILED = "页面没有加载完整"  # app.load_failed: a screen whose code is not on the phone


def shell_manifest(page, url):
    """{url: {url, hash, at, needs?}} from the worker the server sends now."""
    body = page.request.get(url + "/sw.js").text()
    manifest = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    return {entry["url"]: entry for entry in manifest}


def shell_stages(page, url):
    """{url: stage} from the worker the server sends now."""
    return {url: entry["at"] for url, entry in shell_manifest(page, url).items()}


def my_screens(page):
    """[{path, view (URL), tab}] of the screens the signed-in user may open."""
    return page.evaluate("""async () => {
        const { ROUTES } = await import("/js/routes.js");
        const { hasRole } = await import("/js/session.js");
        return ROUTES.filter((r) => !r.public && (!r.roles || hasRole(r.roles)))
            .map((r) => ({ path: r.path, view: new URL(r.view, location.origin + "/js/").href,
                           tab: Boolean(r.tab) }));
    }""")


def screens_code(manifest, screens):
    """The URLs the screens' modules need (each module's `needs` in the precache)."""
    return {url for screen in screens
            for url in manifest[urlsplit(screen["view"]).path]["needs"]}


def wire_bytes(request, path):
    """(header, body) bytes a finished request moved over the network; (0, 0) for a copy
    the browser already had."""
    sizes = request.sizes()
    if sizes["responseHeadersSize"] + sizes["responseBodySize"] <= 0:
        return 0, 0
    body = sizes["responseBodySize"]
    if path == "/sw.js":  # Chromium counts a few bytes of the worker script: take what was sent
        body = int(request.response().headers["content-length"])
    return sizes["responseHeadersSize"], body


def cached_shell(page):
    """The paths in the worker's shell cache."""
    return set(page.evaluate("""async () => {
        const name = (await caches.keys()).find((key) => key.startsWith("qz-shell-"));
        const cache = await caches.open(name);
        return (await cache.keys()).map((request) => new URL(request.url).pathname);
    }"""))


def wait_for_shell_cached(page, stages):
    """Wait until the worker has cached its install and idle stages."""
    wanted = {url for url, at in stages.items() if at in ("install", "idle")}
    for _ in range(150):
        if wanted <= cached_shell(page):
            return
        page.wait_for_timeout(100)
    assert wanted - cached_shell(page) == set()


def test_first_load_moves_at_most_60_kb_until_the_worker_is_active(
        page, context, server_url, record_property):
    """A fresh phone opens the app: the page, sw.js and the install stage come compressed,
    the browser's own copies are reused, and the other screens follow only afterwards."""
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    wait_for_worker(page)
    stages = shell_stages(page, server_url)
    wait_for_shell_cached(page, stages)
    before, after = [], []
    for request in finished:
        path = urlsplit(request.url).path
        later = request.service_worker and stages.get(path, "install") != "install"
        (after if later else before).append((request, path, *wire_bytes(request, path)))
    headers = sum(h for _, _, h, _ in before)
    bodies = sum(b for _, _, _, b in before)
    record_property("first_load_until_active", f"{bodies} body + {headers} header bytes, "
                    f"{len(before)} requests; then {sum(b for *_, b in after)} body bytes")
    print(f"\nuntil the worker is active: {bodies} body + {headers} header bytes in "
          f"{len(before)} requests; the idle stage after it: {sum(b for *_, b in after)} "
          f"body bytes in {len(after)} requests")
    assert bodies <= BUDGET_BYTES
    for request, path, _, body in before:
        if body and path.endswith((".js", ".css", ".json", "/")):
            assert request.response().headers.get("content-encoding") == "br", path


@pytest.mark.parametrize("username", ["cadre", "village", "admin"])
def test_every_screen_opens_offline_after_the_first_load(page, context, server_url, username):
    """After one online visit every screen the user may open comes up offline, including
    those never opened, in a page loaded offline (so no module is left in memory)."""
    log_in(page, server_url, username)
    wait_for_worker(page)
    manifest = shell_manifest(page, server_url)
    wait_for_shell_cached(page, {url: entry["at"] for url, entry in manifest.items()})
    routes = my_screens(page)
    assert sum(route["tab"] for route in routes) >= 3
    # Only the user's own screens: the other roles' code waits until it is asked for.
    held = cached_shell(page)
    assert screens_code(manifest, routes) <= held
    others = {url for url, entry in manifest.items() if entry["at"] == "screen"} - held
    assert others, "every screen's code was cached, not only the user's"
    if username == "cadre":
        assert {"/vendor/jsqr/jsQR.js", "/js/views/duty-admin.js",
                "/js/views/admin-org.js"} <= others
    context.set_offline(True)
    assert page.reload().from_service_worker
    for route in routes:
        page.evaluate(f"location.hash = '#/{route['path']}'")
        screen = page.locator(f'[class~="screen-{route["path"]}"]')
        expect(screen).to_be_attached()
        # The router's own import of the screen's code, awaited: it rejects if any module
        # the screen needs is neither in memory nor in the worker's cache.
        assert page.evaluate("(view) => import(view).then(() => true)", route["view"])
        if route["tab"]:
            expect(screen.locator("> *").first).to_be_visible()
        expect(screen.get_by_text(LOAD_FAILED)).to_have_count(0)


def test_an_update_downloads_only_the_files_that_changed(page, context, server_url, pwa_dir):
    """A deploy that changes one file costs a phone that file (and sw.js), not the shell."""
    page.goto(server_url + "/")
    wait_for_worker(page)
    wait_for_shell_cached(page, shell_stages(page, server_url))
    fetched = []
    context.on("requestfinished", lambda request: fetched.append(request))
    with open(pwa_dir / "css" / "app.css", "a", encoding="utf-8") as css:
        css.write("\n/* deploy marker 3 */\n")
    assert page.evaluate(UPDATE_AND_WAIT)
    moved = {path for path, r in ((urlsplit(r.url).path, r) for r in fetched)
             if r.service_worker and sum(wire_bytes(r, path))}
    assert moved - {"/sw.js"} == {"/css/app.css"}


def test_an_update_holds_every_screen_before_it_takes_over(page, context, server_url, pwa_dir):
    """A phone that works offline keeps working offline through an update, even if the new
    worker takes over with no network: it holds every screen of its user and the language in
    use."""
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    wait_for_shell_cached(page, shell_stages(page, server_url))
    assert page.evaluate("fetch('/i18n/en.json').then((r) => r.ok)")  # cached on first use
    with open(pwa_dir / "js" / "views" / "diary.js", "a", encoding="utf-8") as view:
        view.write("\n// deploy marker 4\n")
    english = json.loads((pwa_dir / "i18n" / "en.json").read_text(encoding="utf-8"))
    (pwa_dir / "i18n" / "en.json").write_text(json.dumps({**english, "zz.marker": "4"}),
                                              encoding="utf-8")
    new_cache = f"qz-shell-{worker_version(page, server_url)}"
    assert page.evaluate(UPDATE_AND_WAIT)
    held = set(page.evaluate("""(name) => caches.open(name).then((cache) => cache.keys())
        .then((keys) => keys.map((request) => new URL(request.url).pathname))""", new_cache))
    manifest = shell_manifest(page, server_url)
    assert {url for url, entry in manifest.items() if entry["at"] in ("install", "idle")} <= held
    assert screens_code(manifest, my_screens(page)) <= held
    assert "/i18n/en.json" in held
    context.set_offline(True)
    assert page.evaluate("""navigator.serviceWorker.getRegistration().then((r) => new Promise(
        (resolve) => {
            navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true));
            r.waiting.postMessage({ type: "SKIP_WAITING" });
        }))""")
    assert page.reload().from_service_worker
    page.evaluate("location.hash = '#/diary'")
    expect(page.locator(".screen-diary")).to_be_visible()
    expect(page.get_by_text(LOAD_FAILED)).to_have_count(0)
    script = page.evaluate("fetch('/js/views/diary.js').then((r) => r.text())")
    assert "deploy marker 4" in script
