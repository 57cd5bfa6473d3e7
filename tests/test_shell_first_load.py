"""What a phone on a 2G line downloads before the app works offline: at most 60 KB.

The first load fetches the page, the worker, and every file the worker caches at install
(the login screen's modules, styles, catalogue and logo); the rest of the shell follows once
the worker is active. Others add modules all the time: this budget says when they grow it.
"""
import json
import os
import posixpath
import re
from pathlib import Path

import pytest
from PIL import Image

PWA = Path(__file__).resolve().parent.parent / "pwa"
# The issue: the shell a phone must fetch before it can work offline, ≤ 60 KB on the wire.
BUDGET_BYTES = 60_000
BROTLI = {"Accept-Encoding": "gzip, deflate, br"}  # what Chromium on a phone sends
# Modules the server makes rather than reads from pwa/; they import nothing.
GENERATED = {"/js/rules.js", "/i18n/zh-CN.start.json", "/i18n/zh-CN.json", "/i18n/en.json"}
IMPORT = re.compile(r"""^\s*(?:import|export)\b[^;"']*?\bfrom\s*"([^"]+)"|^\s*import\s*"([^"]+)\"""",
                    re.M)


def precache(client):
    """The worker's list of {url, hash, at}, as served."""
    body = client.get("/sw.js").get_data(as_text=True)
    return json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))


def at_install(client):
    """The URLs the worker caches before it takes over (an entry with no stage: all of them)."""
    return {e["url"] for e in precache(client) if e.get("at", "install") == "install"}


def first_load_sizes(client):
    """Bytes on the wire of each file a first load fetches before it works offline."""
    urls = {"/", "/sw.js"} | at_install(client)
    return {url: len(client.get(url, headers=BROTLI).get_data()) for url in urls}


def test_first_load_fits_the_2g_budget(client):
    """The page, sw.js and the install stage, as sent compressed, add up to ≤ 60 KB."""
    sizes = first_load_sizes(client)
    total = sum(sizes.values())
    biggest = sorted(sizes.items(), key=lambda item: -item[1])[:8]
    print(f"\nfirst load before offline: {total} bytes in {len(sizes)} files")
    assert total <= BUDGET_BYTES, f"{total} bytes > {BUDGET_BYTES}; biggest: {biggest}"


def static_imports(url):
    """Every module a module imports statically, directly or not, found here independently."""
    seen, todo = set(), [url]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in GENERATED:
            continue
        for a, b in IMPORT.findall((PWA / current.lstrip("/")).read_text(encoding="utf-8")):
            todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(current), a or b)))
    return seen


def login_screen_files():
    """What the page loads to show the login screen: its links, modules, catalogue, logo."""
    index = (PWA / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'<(?:link rel="stylesheet"|script)[^>]*(?:href|src)="([^"]+)"', index))
    login = (PWA / "js" / "views" / "login.js").read_text(encoding="utf-8")
    pictures = set(re.findall(r'src="(/icons/[^"]+)"', login))
    modules = static_imports("/js/main.js") | static_imports("/js/views/login.js")
    return {"/"} | linked | modules | pictures | {"/i18n/zh-CN.start.json"}


def test_the_budget_counts_what_the_login_screen_loads(client):
    """Everything the page itself fetches for its first screen is in the install stage."""
    assert login_screen_files() - at_install(client) == set()


@pytest.mark.parametrize("url", [
    "/i18n/en.json", "/icons/icon-512.png", "/icons/icon-maskable-512.png",
    "/icons/apple-touch-icon.png", "/icons/favicon.ico",
])
def test_other_languages_and_big_icons_wait_until_asked_for(client, url):
    """The English catalogue and the home-screen icons are cached on first use only."""
    stages = {e["url"]: e.get("at") for e in precache(client)}
    assert stages[url] == "use"


def test_every_screen_is_cached_without_being_opened(client):
    """Every module and stylesheet is cached at install or right after (a screen's code with
    the screens of the user who may open it): all of a user's screens work offline after the
    first load, opened before or not."""
    entries = {e["url"]: e for e in precache(client)}
    code = {"/" + p.relative_to(PWA).as_posix() for folder in ("js", "css", "vendor")
            for p in (PWA / folder).rglob("*") if p.suffix in {".js", ".css"}}
    assert code <= set(entries)
    assert {entries[url]["at"] for url in code} == {"install", "idle", "screen"}
    routes = (PWA / "js" / "routes.js").read_text(encoding="utf-8")
    views = {"/js/" + v.removeprefix("./") for v in re.findall(r'view: "([^"]+)"', routes)}
    start = {url for url, e in entries.items() if e["at"] == "install"}
    needed = set()
    for view in views - start:
        assert view in entries[view]["needs"]
        assert not set(entries[view]["needs"]) & start
        needed |= set(entries[view]["needs"])
    assert needed == {url for url, e in entries.items() if e["at"] == "screen"}


def test_a_screen_needs_what_it_loads_on_demand(client):
    """The QR reader a scanning screen loads only when the camera starts is part of that
    screen's code, and of no screen that does not scan."""
    entries = {e["url"]: e for e in precache(client)}
    assert "/vendor/jsqr/jsQR.js" in entries["/js/views/duty-scan.js"]["needs"]
    assert "/vendor/jsqr/jsQR.js" not in entries["/js/views/diary-form.js"]["needs"]


@pytest.mark.parametrize("name", sorted(p.name for p in (PWA / "icons").glob("*.png")))
def test_png_icons_are_optimised(name):
    """Icons are palette PNGs (a flat design needs no more), under a bit per pixel."""
    path = PWA / "icons" / name
    with Image.open(path) as image:
        assert image.mode == "P", f"{name} is {image.mode}; run scripts/make_icons.py"
        assert os.path.getsize(path) * 8 <= image.width * image.height


def test_the_whole_catalogue_follows_right_after_the_start(client):
    """The start carries the messages its modules name; the whole catalogue is cached in the
    idle stage, so every screen has its words offline."""
    stages = {e["url"]: e.get("at") for e in precache(client)}
    assert stages["/i18n/zh-CN.start.json"] == "install"
    assert stages["/i18n/zh-CN.json"] == "idle"
    start = client.get("/i18n/zh-CN.start.json").get_json()
    whole = client.get("/i18n/zh-CN.json").get_json()
    login = (PWA / "js" / "views" / "login.js").read_text(encoding="utf-8")
    named = set(re.findall(r'\bt\("([\w.]+)"', login))
    assert named and named <= set(start)
    assert {"nav.home", "app.name"} <= set(start)
    assert len(start) < len(whole) / 3 and set(start) <= set(whole)
    # The public pages' words are the server's: no phone carries them.
    assert not any(key.startswith("public.") for key in whole)
