"""Content hashes of the front-end files and the service worker built from them.

The service worker's bytes change whenever any precached file changes, so a deploy
makes every browser see an update without anyone editing a version number.
"""
import hashlib
import json
import os
import threading
from pathlib import Path

import qzapp

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

_hash_cache: dict[str, tuple[tuple[int, int], str]] = {}
_hash_lock = threading.Lock()


def default_pwa_dir() -> Path:
    """The repository's pwa/ folder, used when PWA_DIR is not configured."""
    return Path(qzapp.__file__).resolve().parent.parent / "pwa"


def file_hash(path: Path) -> str:
    """Short sha256 of a file's content, cached on (path, mtime_ns, size)."""
    stat = path.stat()
    key, stamp = str(path), (stat.st_mtime_ns, stat.st_size)
    with _hash_lock:
        cached = _hash_cache.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
    with _hash_lock:
        _hash_cache[key] = (stamp, digest)
    return digest


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


def precache_manifest(pwa_dir: Path) -> list[dict[str, str]]:
    """The list of {url, hash} the service worker precaches."""
    return [{"url": url, "hash": file_hash(path)} for url, path in shell_files(pwa_dir).items()]


def shell_version(pwa_dir: Path, manifest: list[dict[str, str]] | None = None) -> str:
    """A short hash over every precached file's hash and the worker template itself."""
    manifest = precache_manifest(pwa_dir) if manifest is None else manifest
    lines = [f"{entry['url']} {entry['hash']}" for entry in manifest]
    lines.append(f"{SW_TEMPLATE} {file_hash(pwa_dir / SW_TEMPLATE)}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:HASH_LENGTH]


def render_service_worker(pwa_dir: Path) -> str:
    """The service worker template with its version and precache list filled in."""
    manifest = precache_manifest(pwa_dir)
    template = (pwa_dir / SW_TEMPLATE).read_text(encoding="utf-8")
    body = template.replace(VERSION_MARK, shell_version(pwa_dir, manifest))
    return body.replace(PRECACHE_MARK, json.dumps(manifest, separators=(",", ":")))
