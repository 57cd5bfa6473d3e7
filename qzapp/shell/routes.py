"""HTTP routes of the shell: the index page, the service worker, the manifest and assets.

Every file is sent with a strong ETag made from its content hash (the one the worker's
precache list carries), and text is sent brotli- or gzip-compressed when the client
accepts it, each compressed copy made once per content hash (compress.py). A module the
server makes (assets.GENERATED: /js/rules.js) is sent the same way as the files.
"""
import mimetypes
from pathlib import Path

from flask import Response, abort, current_app, request

from . import bp, compress
from .assets import GENERATED, content_hash, default_pwa_dir, render_service_worker

# A hashed URL (?v=<content hash>) never changes, so it may be kept for a year.
IMMUTABLE = "public, max-age=31536000, immutable"
# Plain URLs must be revalidated (ETag) so a browser without the worker stays current.
REVALIDATE = "no-cache"
# The shell loads nothing from elsewhere: no CDN, no inline script.
SHELL_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])
# Types of the shell's files, so they do not depend on the machine's mime.types.
TYPES = {
    ".html": "text/html", ".js": "text/javascript", ".css": "text/css",
    ".json": "application/json", ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/vnd.microsoft.icon",
    ".md": "text/markdown",
}


def pwa_dir() -> Path:
    """Where the front-end files live (config PWA_DIR, else the repo's pwa/)."""
    configured = current_app.config.get("PWA_DIR")
    return Path(configured) if configured else default_pwa_dir()


def send_bytes(body: bytes, mimetype: str, cache_control: str) -> Response:
    """Send a file's bytes, compressed when it is text and the client accepts it."""
    digest = content_hash(body)
    text = compress.is_text(mimetype)
    encoding = compress.choose_encoding(request.accept_encodings) if text else None
    payload = compress.compressed(body, digest, encoding) if encoding else body
    if len(payload) >= len(body):  # a tiny file may grow: send it as it is
        payload, encoding = body, None
    response = Response(payload, mimetype=mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    if text:
        response.vary.add("Accept-Encoding")
    # One tag per representation: the worker checks the hash part against its precache list.
    response.set_etag(f"{digest}-{encoding}" if encoding else digest)
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


def shell_body(relative: str) -> tuple[bytes, str]:
    """(bytes, file name) of one file of the shell: made now for a generated module, else
    read from the PWA folder."""
    make = GENERATED.get("/" + relative)
    if make:
        return make(pwa_dir()), Path(relative).name
    folder = pwa_dir().resolve()
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        abort(404)
    return path.read_bytes(), path.name


def serve(relative: str) -> Response:
    """Send one file of the shell with cache headers that fit its URL."""
    body, name = shell_body(relative)
    versioned = request.args.get("v")
    cache_control = IMMUTABLE if versioned and versioned == content_hash(body) else REVALIDATE
    mimetype = (TYPES.get(Path(name).suffix) or mimetypes.guess_type(name)[0]
                or "application/octet-stream")
    return send_bytes(body, mimetype, cache_control)


@bp.get("/")
def index():
    """The single page of the app; views are chosen by the #/hash route."""
    response = serve("index.html")
    response.headers["Content-Security-Policy"] = SHELL_CSP
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker, its version and precache list computed from the files."""
    body = render_service_worker(pwa_dir()).encode("utf-8")
    response = send_bytes(body, "text/javascript", "no-cache")
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest (name, icons, colours)."""
    return serve("manifest.webmanifest")


@bp.get("/<any(js, css, i18n, icons, vendor):folder>/<path:filename>")
def asset(folder: str, filename: str):
    """A front-end asset under one of the shell's folders."""
    return serve(f"{folder}/{filename}")


@bp.get("/apple-touch-icon.png")
def apple_touch_icon():
    """The icon iOS looks for at the site root."""
    return serve("icons/apple-touch-icon.png")


@bp.get("/favicon.ico")
def favicon():
    """The icon desktop browsers look for at the site root."""
    return serve("icons/favicon.ico")
