"""The PWA shell as the server serves it: index, service worker, manifest, assets."""
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from qzapp import create_app
from qzapp.auth.roles import ROLES
from qzapp.shell import assets

REPO = Path(__file__).resolve().parent.parent
PWA = REPO / "pwa"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
# Files the server makes rather than reads from pwa/ (tests/test_rules_served.py, the phones'
# catalogues in tests/test_i18n_start.py).
GENERATED = {"/js/rules.js", "/i18n/zh-CN.start.json", "/i18n/zh-CN.json", "/i18n/en.json"}


def precache_of(response):
    """The (version, [{url, hash, at}]) a served sw.js carries."""
    body = response.get_data(as_text=True)
    version = re.search(r'const VERSION = "([0-9a-f]+)";', body).group(1)
    manifest = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    return version, manifest


def expected_shell_urls(pwa):
    """Every file the worker must precache, found independently of the code under test."""
    urls = {"/", "/manifest.webmanifest", *GENERATED}
    for folder in ("js", "css", "i18n", "icons", "vendor"):
        for path in (pwa / folder).rglob("*"):
            if path.is_file() and path.suffix in {".js", ".css", ".json", ".png", ".ico"}:
                urls.add("/" + path.relative_to(pwa).as_posix())
    return urls


@pytest.fixture
def pwa_copy(tmp_path):
    """A copy of pwa/ that a test may change."""
    target = tmp_path / "pwa"
    shutil.copytree(PWA, target)
    return target


@pytest.fixture
def copy_client(tmp_path, pwa_copy):
    """A client of an app serving the copied front-end."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "DATABASE": str(tmp_path / "qzapp.db"), "PWA_DIR": str(pwa_copy)})
    return app.test_client()


def test_index_is_served_fresh_with_a_strict_policy(client):
    """/ is the app page, always revalidated, loading nothing from elsewhere."""
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert '<html lang="zh-CN">' in body
    assert 'src="/js/main.js"' in body and 'href="/manifest.webmanifest"' in body
    assert response.headers["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_service_worker_headers(client):
    """sw.js is never taken from the HTTP cache and may control the whole site."""
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"


def test_service_worker_precaches_every_shell_file(client):
    """The worker carries the version and each shell file with its content hash."""
    response = client.get("/sw.js")
    body = response.get_data(as_text=True)
    assert "__QZ_" not in body
    version, manifest = precache_of(response)
    assert version == assets.shell_version(PWA)
    assert {entry["url"] for entry in manifest} == expected_shell_urls(PWA)
    files = {**{e["url"]: PWA / e["url"].lstrip("/") for e in manifest}, "/": PWA / "index.html"}
    for entry in manifest:
        url = entry["url"]
        body = client.get(url).get_data() if url in GENERATED else files[url].read_bytes()
        digest = hashlib.sha256(body).hexdigest()
        assert entry["hash"] == digest[:assets.HASH_LENGTH], entry["url"]


def test_licences_and_readmes_are_not_precached(client):
    """Files beside vendored code are served but not downloaded to every phone."""
    _, manifest = precache_of(client.get("/sw.js"))
    urls = {entry["url"] for entry in manifest}
    assert "/vendor/idb/index.js" in urls
    assert "/vendor/idb/LICENSE" not in urls and "/vendor/idb/README.md" not in urls
    assert "/sw.js" not in urls
    assert client.get("/vendor/idb/LICENSE").status_code == 200


@pytest.mark.parametrize("relative", [
    "index.html", "manifest.webmanifest", "js/main.js", "js/views/home.js", "css/app.css",
    "i18n/zh-CN.json", "icons/icon-192.png", "sw.js",
])
def test_changing_a_file_changes_the_version(copy_client, pwa_copy, relative):
    """A deploy that changes any shell file (or the worker itself) changes sw.js."""
    before, _ = precache_of(copy_client.get("/sw.js"))
    if relative.endswith(".json"):   # served re-encoded: a change of a message is a change
        path = pwa_copy / relative
        path.write_text(path.read_text(encoding="utf-8").replace("首页", "主页", 1),
                        encoding="utf-8")
    else:
        with open(pwa_copy / relative, "ab") as handle:
            handle.write(b"\n")
    after, _ = precache_of(copy_client.get("/sw.js"))
    assert after != before


def test_adding_a_file_adds_it_to_the_precache(copy_client, pwa_copy):
    """A new module is precached without anyone listing it."""
    (pwa_copy / "js" / "views" / "extra.js").write_text("export const x = 1;\n")
    _, manifest = precache_of(copy_client.get("/sw.js"))
    assert "/js/views/extra.js" in {entry["url"] for entry in manifest}


def test_version_is_stable_while_nothing_changes(client):
    """Two requests with no change in between give the same worker byte for byte."""
    assert client.get("/sw.js").get_data() == client.get("/sw.js").get_data()


def test_file_hash_is_cached_on_stat(tmp_path, monkeypatch):
    """A file is read again only when its mtime or size changes."""
    path = tmp_path / "a.js"
    path.write_text("one")
    reads = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real_read(self))
    first = assets.file_hash(path)
    assert assets.file_hash(path) == first and len(reads) == 1
    path.write_text("two!")
    assert assets.file_hash(path) != first and len(reads) == 2


def test_manifest(client):
    """Name, language, display mode and icons an installed app needs."""
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == manifest["short_name"] == "群众工作通"
    assert manifest["lang"] == "zh-CN"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == manifest["scope"] == "/"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    icons = {(i["sizes"], i["purpose"]): i["src"] for i in manifest["icons"]}
    assert set(icons) == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for (sizes, _), src in icons.items():
        assert client.get(src).status_code == 200
        with Image.open(PWA / src.lstrip("/")) as image:
            assert f"{image.width}x{image.height}" == sizes and image.format == "PNG"


def test_apple_touch_icon_and_favicon(client):
    """iOS and desktop browsers find their icons at the site root."""
    response = client.get("/apple-touch-icon.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert client.get("/favicon.ico").status_code == 200


def test_asset_cache_headers(client):
    """Plain URLs are revalidated; the worker's hashed URLs are immutable."""
    _, manifest = precache_of(client.get("/sw.js"))
    entry = next(e for e in manifest if e["url"] == "/js/main.js")
    plain = client.get("/js/main.js")
    assert plain.status_code == 200 and plain.mimetype == "text/javascript"
    assert plain.headers["Cache-Control"] == "no-cache" and plain.headers["ETag"]
    hashed = client.get(f"/js/main.js?v={entry['hash']}")
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    stale = client.get("/js/main.js?v=000000000000")
    assert stale.headers["Cache-Control"] == "no-cache"
    again = client.get("/js/main.js", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304


def test_every_precached_url_is_served(client):
    """Install fails if one precached URL does not answer 200."""
    _, manifest = precache_of(client.get("/sw.js"))
    for entry in manifest:
        assert client.get(f"{entry['url']}?v={entry['hash']}").status_code == 200, entry["url"]


@pytest.mark.parametrize("url", [
    "/js/../../setup.cfg", "/js/%2e%2e/%2e%2e/setup.cfg", "/css/missing.css", "/js/",
])
def test_no_file_outside_the_shell(client, url):
    """Paths that leave pwa/ or name nothing are 404."""
    assert client.get(url).status_code == 404


def catalogue(lang):
    """One language's messages."""
    return json.loads((PWA / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def pwa_sources():
    """The front-end's own JavaScript (vendored code excluded)."""
    return [*sorted((PWA / "js").rglob("*.js")), PWA / "sw.js"]


def test_catalogues_have_the_same_keys():
    """Switching to English never falls back to a missing message."""
    assert set(catalogue("zh-CN")) == set(catalogue("en"))


def test_every_message_key_in_the_pwa_exists():
    """Each literal catalogue key the front-end names is in the catalogue."""
    messages = catalogue("zh-CN")
    prefixes = {key.split(".")[0] for key in messages}
    for path in pwa_sources():
        for key in re.findall(r'"([a-z]+(?:\.[A-Za-z0-9_-]+)+)"', path.read_text()):
            if key.split(".")[0] in prefixes:
                assert key in messages, f"{path.name}: {key}"


@pytest.mark.parametrize("key", [
    *(f"role.{role}" for role in ROLES), "lang.zh-CN", "lang.en", "hint.ios", "hint.wechat",
    *(f"home.greeting.{part}" for part in ("morning", "noon", "afternoon", "evening", "night")),
])
def test_keys_built_at_run_time_exist(key):
    """Keys the front-end builds from data (roles, languages, hints) are in the catalogue."""
    assert key in catalogue("zh-CN") and key in catalogue("en")


def test_no_chinese_text_outside_the_catalogue():
    """UI text lives in i18n/*.json only; JavaScript holds keys (comments may be Chinese)."""
    for path in pwa_sources():
        code = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        code = re.sub(r"(^|\s)//.*", "", code)
        assert not CJK.search(code), f"{path.name}: {CJK.search(code).group(0)!r}"
