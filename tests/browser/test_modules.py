"""Every module of the front end parses and links in the browser: a syntax error, an import
of a file that is not there or of a name a module does not export fails here, not on a
phone that opens that screen for the first time."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PWA = Path(__file__).resolve().parents[2] / "pwa"
IMPORT_ALL = """async (urls) => {
    const results = await Promise.allSettled(urls.map((url) => import(url)));
    return results.map((r, i) => r.status === 'fulfilled' ? null : `${urls[i]}: ${r.reason}`)
        .filter(Boolean);
}"""


def modules():
    """The URLs of every ES module the shell serves (the service worker is checked by the
    offline tests, which need it installed)."""
    files = [*sorted((PWA / "js").rglob("*.js")), *sorted((PWA / "vendor").rglob("*.js"))]
    return ["/" + path.relative_to(PWA).as_posix() for path in files]


def test_every_module_parses_and_links(page, server_url):
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    urls = modules()
    assert len(urls) > 50
    assert page.evaluate(IMPORT_ALL, urls) == []


def test_a_broken_module_is_caught(page, server_url, pwa_dir):
    """The check above can fail: a module importing a name nobody exports is reported."""
    (pwa_dir / "js" / "broken.js").write_text('import { nothing } from "./html.js";\n')
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    failures = page.evaluate(IMPORT_ALL, ["/js/broken.js", "/js/html.js"])
    assert len(failures) == 1 and failures[0].startswith("/js/broken.js: SyntaxError")
