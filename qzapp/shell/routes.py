"""HTTP routes of the shell: the index page, the service worker, the manifest and assets."""
from pathlib import Path

from flask import Response, abort, current_app, request, send_from_directory

from . import bp
from .assets import default_pwa_dir, file_hash, render_service_worker

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


def pwa_dir() -> Path:
    """Where the front-end files live (config PWA_DIR, else the repo's pwa/)."""
    configured = current_app.config.get("PWA_DIR")
    return Path(configured) if configured else default_pwa_dir()


def serve(relative: str, mimetype: str | None = None) -> Response:
    """Send one file from the PWA folder with cache headers that fit its URL."""
    folder = pwa_dir()
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        abort(404)
    response = send_from_directory(folder, relative, mimetype=mimetype, max_age=0)
    versioned = request.args.get("v")
    if versioned and versioned == file_hash(path):
        response.headers["Cache-Control"] = IMMUTABLE
    else:
        response.headers["Cache-Control"] = REVALIDATE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/")
def index():
    """The single page of the app; views are chosen by the #/hash route."""
    response = serve("index.html", mimetype="text/html")
    response.headers["Content-Security-Policy"] = SHELL_CSP
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker, its version and precache list computed from the files."""
    body = render_service_worker(pwa_dir())
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest (name, icons, colours)."""
    return serve("manifest.webmanifest", mimetype="application/manifest+json")


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
