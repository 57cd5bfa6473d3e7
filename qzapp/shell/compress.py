"""Brotli and gzip copies of the shell's text files, made once per content hash.

Compressing at the highest level costs tens of milliseconds per file, so each copy is made
the first time a hash is asked for and kept in memory (least recently used first out);
every later request, from any client, is a dictionary look-up.
"""
import gzip
import threading
from collections import Counter, OrderedDict

import brotli

# What is worth compressing: PNG and ICO are compressed already.
TEXT_TYPES = frozenset({
    "text/html", "text/css", "text/javascript", "application/javascript", "application/json",
    "application/manifest+json", "image/svg+xml", "text/plain", "text/markdown",
})
# Preferred first: brotli is 10-15 % smaller than gzip on this code.
ENCODINGS = ("br", "gzip")
# The whole shell compressed both ways is well under a megabyte; old versions age out.
CACHE_LIMIT_BYTES = 8 * 1024 * 1024

_copies: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_cached_bytes = 0
_lock = threading.Lock()
_key_locks: dict[tuple[str, str], threading.Lock] = {}
# How many times each (content hash, encoding) was compressed: once, unless it aged out.
compressions: Counter[tuple[str, str]] = Counter()


def is_text(mimetype: str) -> bool:
    """Whether a file of this type is sent compressed."""
    return mimetype in TEXT_TYPES


def choose_encoding(accept_encodings) -> str | None:
    """The best encoding the client accepts (werkzeug's Accept), or None for the plain file."""
    qualities = {name: accept_encodings.quality(name) for name in ENCODINGS}
    best = max(ENCODINGS, key=lambda name: qualities[name])
    return best if qualities[best] > 0 else None


def _compress(body: bytes, encoding: str) -> bytes:
    """One file compressed at the highest level (mtime 0 so gzip's bytes depend on content)."""
    if encoding == "br":
        return brotli.compress(body, quality=11, mode=brotli.MODE_TEXT)
    return gzip.compress(body, compresslevel=9, mtime=0)


def compressed(body: bytes, digest: str, encoding: str) -> bytes:
    """body in encoding, made on the first request for this content hash and kept."""
    key = (digest, encoding)
    with _lock:
        if key in _copies:
            _copies.move_to_end(key)
            return _copies[key]
        key_lock = _key_locks.setdefault(key, threading.Lock())
    # Requests for one new file at once wait for a single compression, not one each.
    with key_lock:
        with _lock:
            if key in _copies:
                return _copies[key]
        copy = _compress(body, encoding)
        _keep(key, copy)
    with _lock:
        _key_locks.pop(key, None)
    return copy


def _keep(key: tuple[str, str], copy: bytes) -> None:
    """Store a copy, dropping the least recently used ones beyond the limit."""
    global _cached_bytes
    with _lock:
        compressions[key] += 1
        _copies[key] = copy
        _cached_bytes += len(copy)
        while _cached_bytes > CACHE_LIMIT_BYTES and len(_copies) > 1:
            _, dropped = _copies.popitem(last=False)
            _cached_bytes -= len(dropped)
