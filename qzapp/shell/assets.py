"""Content hashes of the front-end files and the service worker built from them.

The service worker's bytes change whenever any precached file changes, so a deploy
makes every browser see an update without anyone editing a version number.

Each file also gets a stage, so a phone on a 2G line can work offline after as few bytes
as possible: "install" files are what the app needs to start offline (a first worker is active
once they are cached); "idle" files (the whole catalogue, the manifest) are cached right after;
"screen" files (the screens' code) right after too, but only those of the screens the signed-in
user may open: each screen's module lists what it `needs` beyond the install stage, and the
page names the user's screens (worker.js); "use" files (other languages, big icons, other
roles' screens) only when first asked for. An update holds everything the phone held, and
whatever the held screens now need, before it takes over (sw.js).

One module is made by the server rather than read from pwa/: /js/rules.js, the rules the phone
applies as the server does (qzapp/rules.py). It is hashed, staged and precached like a file,
so a changed rule is a new version of the shell. So are the catalogues: without the keys only
the server's public pages use, and the start's own part of the default one.
"""
import hashlib
import json
import os
import posixpath
import re
import threading
from collections import deque
from pathlib import Path

import qzapp
from qzapp import rules

# Folders of the shell whose files the service worker precaches.
SHELL_FOLDERS = ("js", "css", "i18n", "icons", "vendor")
# Only files the page loads; licences and read-mes beside vendored code stay out.
SHELL_SUFFIXES = {".js", ".css", ".json", ".png", ".svg", ".ico", ".webmanifest"}
# Root-level files, served under their own URLs (index.html is served as "/").
ROOT_FILES = {"/": "index.html", "/manifest.webmanifest": "manifest.webmanifest"}
SW_TEMPLATE = "sw.js"
VERSION_MARK = "__QZ_VERSION__"
PRECACHE_MARK = '["__QZ_PRECACHE__"]'
HASH_LENGTH = 12

# The module index.html loads: it and everything it imports statically start the app.
ENTRY_MODULE = "js/main.js"
# The first screen of a first load (router.js LOGIN): nobody is signed in yet. Home and the
# rest follow in the "idle" stage while the user types (or from the page's own copies).
START_VIEWS = ("js/views/login.js",)
# What of the language the app starts in (i18n.js DEFAULT_LANG) the first screens show; the
# rest of it follows at once, other catalogues wait for a switch.
START_CATALOGUE = "i18n/zh-CN.start.json"
# Pictures the first screens show: the login screen's logo.
START_IMAGES = ("icons/icon-192.png",)
# Code: every screen needs it offline, so what does not start the app is cached right after.
CODE_SUFFIXES = {".js", ".css"}
# Static imports and re-exports (`import x from "./a.js"`, `export {y} from "./b.js"`) and
# bare imports (`import "./c.js"`); the router's import(route.view) is not static.
STATIC_IMPORT = re.compile(
    r"""^[ \t]*(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']"""
    r"""|^[ \t]*import\s*["']([^"']+)["']""", re.M)
# A module loaded on demand from a fixed address (`await import("../vendor/x.js")`): the
# screen needs it offline all the same.
LITERAL_IMPORT = re.compile(r"""\bimport\(\s*["']([^"']+)["']\s*\)""")
# The screens' modules (routes.js `view`): each lists what it needs in the precache.
VIEWS_FOLDER = "/js/views/"

# The generated module of served rules; modules import it as "./rules.js" and the like.
RULES_MODULE = "/js/rules.js"
RULES_HEADER = "// Generated from the server's rules (qzapp/rules.py): change them there.\n"

_stat_cache: dict[tuple[str, str], tuple[tuple[int, int], object]] = {}
_stat_lock = threading.Lock()


def default_pwa_dir() -> Path:
    """The repository's pwa/ folder, used when PWA_DIR is not configured."""
    return Path(qzapp.__file__).resolve().parent.parent / "pwa"


def content_hash(body: bytes) -> str:
    """Short sha256 of some bytes: the version of a file in URLs, ETags and the precache."""
    return hashlib.sha256(body).hexdigest()[:HASH_LENGTH]


def _cached_on_stat(kind: str, path: Path, compute):
    """compute(bytes) for a file, kept until its mtime or size changes."""
    stat = path.stat()
    key, stamp = (kind, str(path)), (stat.st_mtime_ns, stat.st_size)
    with _stat_lock:
        cached = _stat_cache.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    value = compute(path.read_bytes())
    with _stat_lock:
        _stat_cache[key] = (stamp, value)
    return value


def file_hash(path: Path) -> str:
    """Short sha256 of a file's content, cached on (path, mtime_ns, size)."""
    return _cached_on_stat("hash", path, content_hash)


def _parse_imports(body: bytes) -> tuple[str, ...]:
    """The relative specifiers a module's text imports statically."""
    text = body.decode("utf-8", "replace")
    found = [a or b for a, b in STATIC_IMPORT.findall(text)] + LITERAL_IMPORT.findall(text)
    return tuple(spec for spec in found if spec.startswith((".", "/")))


def module_imports(path: Path) -> tuple[str, ...]:
    """The relative specifiers a module imports statically, cached like file_hash."""
    return _cached_on_stat("imports", path, _parse_imports)


def rules_module(pwa_dir: Path) -> bytes:
    """/js/rules.js: every domain's served rules as the module's default export, made from
    the registry at each call (the domains registered when the app was built)."""
    document = json.dumps(rules.document(), ensure_ascii=False, separators=(",", ":"))
    return f"{RULES_HEADER}export default {document};\n".encode()


def _phone_messages(pwa_dir: Path, lang: str) -> dict[str, str]:
    """The catalogue of lang without the keys only the server's pages use (kept until the
    file changes)."""
    return _cached_on_stat("catalogue", pwa_dir / "i18n" / f"{lang}.json", _for_phones)


def _for_phones(body: bytes) -> dict[str, str]:
    return {k: v for k, v in json.loads(body).items() if not k.startswith(SERVER_ONLY_KEYS)}


def _catalogue_json(messages: dict[str, str]) -> bytes:
    return json.dumps(messages, ensure_ascii=False, separators=(",", ":")).encode()


def phone_catalogue(lang: str):
    """The maker of /i18n/<lang>.json as phones get it."""
    return lambda pwa_dir: _catalogue_json(_phone_messages(pwa_dir, lang))


def start_catalogue(pwa_dir: Path) -> bytes:
    """/i18n/zh-CN.start.json: the messages the modules that start the app can show (every
    key their code names, and every key under a prefix it completes at run time); the whole
    catalogue follows in the idle stage, before any other screen is drawn (i18n.js)."""
    messages = _phone_messages(pwa_dir, "zh-CN")
    named, prefixes = set(), set()
    for url in module_graph(pwa_dir, [ENTRY_MODULE, *START_VIEWS], {}):
        path = pwa_dir / url.lstrip("/")
        if path.is_file():
            found = _cached_on_stat("keys", path, _message_keys)
            named |= found[0]
            prefixes |= found[1]
    kept = {k: v for k, v in messages.items() if k in named or k.startswith(tuple(prefixes))}
    return _catalogue_json(kept)


def _message_keys(body: bytes):
    """(keys named as strings, prefixes completed at run time as `prefix.${...}`) in code."""
    text = body.decode("utf-8", "replace")
    return set(MESSAGE_KEY.findall(text)), set(KEY_PREFIX.findall(text))


# Every quoted dotted name in a module (a key passed on to t() later counts too), and the
# start of a key a template literal completes.
MESSAGE_KEY = re.compile(r"""["'`]([a-z][\w-]*(?:\.[\w-]+)+)["'`]""")
KEY_PREFIX = re.compile(r"`([a-z][\w-]*(?:\.[\w-]+)*\.)\$\{")
# Keys of the one catalogue that only the server's own pages show (the public side's, made
# on the server): left out of the phones' copies.
SERVER_ONLY_KEYS = ("public.",)
START_CATALOGUE_URL = "/i18n/zh-CN.start.json"
# Files the server makes, by URL; each is served and precached as if it were a file.
GENERATED = {RULES_MODULE: rules_module, START_CATALOGUE_URL: start_catalogue,
             **{f"/i18n/{lang}.json": phone_catalogue(lang) for lang in ("zh-CN", "en")}}
# The whole catalogue of the default language: cached right after the start.
IDLE_FILES = {"/i18n/zh-CN.json"}


def generated_files(pwa_dir: Path) -> dict[str, bytes]:
    """The bytes of every generated file, as they are now."""
    return {url: make(pwa_dir) for url, make in GENERATED.items()}


def shell_files(pwa_dir: Path) -> dict[str, Path]:
    """Map each precached URL to its file, in a stable order."""
    files = {url: pwa_dir / name for url, name in ROOT_FILES.items()}
    for folder in SHELL_FOLDERS:
        base = pwa_dir / folder
        for root, dirs, names in os.walk(base):
            dirs.sort()
            for name in sorted(names):
                path = Path(root) / name
                if path.suffix in SHELL_SUFFIXES and not name.startswith("."):
                    files["/" + path.relative_to(pwa_dir).as_posix()] = path
    return files


def module_graph(pwa_dir: Path, roots, generated: dict[str, bytes] | None = None) -> set[str]:
    """URLs of the modules roots import statically, directly or not, roots included; a
    generated module (generated_files()) is a module like the files."""
    generated = generated_files(pwa_dir) if generated is None else generated
    seen: set[str] = set()
    queue = deque("/" + root for root in roots)
    while queue:
        url = queue.popleft()
        path = pwa_dir / url.lstrip("/")
        if url in seen or (url not in generated and not path.is_file()):
            continue
        seen.add(url)
        specs = _parse_imports(generated[url]) if url in generated else module_imports(path)
        for spec in specs:
            target = spec if spec.startswith("/") else posixpath.join(posixpath.dirname(url), spec)
            queue.append(posixpath.normpath(target))
    return seen


def start_urls(pwa_dir: Path, generated: dict[str, bytes] | None = None) -> set[str]:
    """What the app needs to start offline: the page, its styles, code, catalogue and logo."""
    urls = {"/"} | module_graph(pwa_dir, [ENTRY_MODULE, *START_VIEWS], generated)
    urls |= {"/" + name for name in (START_CATALOGUE, *START_IMAGES)}
    urls |= {"/" + p.relative_to(pwa_dir).as_posix() for p in (pwa_dir / "css").rglob("*.css")}
    return urls


def stage_of(url: str, starting: set[str], on_screens: set[str]) -> str:
    """When the worker caches a file: at install, when idle after it, with the screens of
    the user that need it, or on first use."""
    if url in starting:
        return "install"
    if url in on_screens:
        return "screen"
    # The manifest is asked for by the browser, not the app: it need not hold back the install.
    if url in ROOT_FILES or url in IDLE_FILES or posixpath.splitext(url)[1] in CODE_SUFFIXES:
        return "idle"
    return "use"


def screen_needs(pwa_dir: Path, urls, starting: set[str],
                 generated: dict[str, bytes]) -> dict[str, list[str]]:
    """For each screen's module: the modules it needs that the install stage does not hold,
    itself included."""
    return {url: sorted(module_graph(pwa_dir, [url.lstrip("/")], generated) - starting)
            for url in urls if url.startswith(VIEWS_FOLDER) and url.endswith(".js")}


def precache_manifest(pwa_dir: Path) -> list[dict]:
    """The list of {url, hash, at} the service worker caches, at the stage `at`; a screen's
    module also has `needs`."""
    generated = generated_files(pwa_dir)
    starting = start_urls(pwa_dir, generated)
    hashes = {url: file_hash(path) for url, path in shell_files(pwa_dir).items()}
    # A generated module is what its URL serves, even beside a file of that name.
    hashes.update((url, content_hash(body)) for url, body in generated.items())
    needs = screen_needs(pwa_dir, hashes, starting, generated)
    on_screens = {url for needed in needs.values() for url in needed}
    entries = []
    for url, digest in hashes.items():
        entry = {"url": url, "hash": digest, "at": stage_of(url, starting, on_screens)}
        if url in needs:
            entry["needs"] = needs[url]
        entries.append(entry)
    return entries


def shell_version(pwa_dir: Path, manifest: list[dict[str, str]] | None = None) -> str:
    """A short hash over every precached file's hash and stage (generated modules included)
    and the worker template."""
    manifest = precache_manifest(pwa_dir) if manifest is None else manifest
    lines = [f"{entry['url']} {entry['hash']} {entry['at']}" for entry in manifest]
    lines.append(f"{SW_TEMPLATE} {file_hash(pwa_dir / SW_TEMPLATE)}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:HASH_LENGTH]


def render_service_worker(pwa_dir: Path) -> str:
    """The service worker template with its version and precache list filled in."""
    manifest = precache_manifest(pwa_dir)
    template = (pwa_dir / SW_TEMPLATE).read_text(encoding="utf-8")
    body = template.replace(VERSION_MARK, shell_version(pwa_dir, manifest))
    return body.replace(PRECACHE_MARK, json.dumps(manifest, separators=(",", ":")))
