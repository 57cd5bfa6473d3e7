"""How a public page is answered: rendered once per version and kept, compressed, with an ETag
and a short max-age, and a policy that lets nothing run on it."""
import functools
import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

from flask import Response, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from ..errors import STATUS_MESSAGES
from ..i18n import t
from ..shell import compress

# No script runs on a public page, whatever a resident typed into it; its forms post only
# here; it is never framed.
PUBLIC_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
              "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
STATIC = Path(__file__).resolve().parent / "static"
# A board is read by many and changes rarely: browsers and WeChat keep it this long, then ask
# again with its ETag.
BOARD_MAX_AGE = 60
# Rendered pages kept per version (a county's villages' boards, each a few KB).
KEEP_PAGES = 2000

_pages: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


class PublicError(Exception):
    """A refusal answered as a page: its status, and the catalogue key of what it says."""

    def __init__(self, status, key, back=None, **values):
        super().__init__(key)
        self.status, self.key, self.back, self.values = status, key, back, values

    @property
    def message(self):
        """What the page says, in Chinese."""
        return t(self.key, **self.values)


def stylesheet_url():
    """The public pages' one stylesheet, by the hash of its content (cached for a year)."""
    return url_for("public.stylesheet", v=stylesheet_version())


def stylesheet_version():
    """The short hash of the stylesheet's content (read again when the file changes)."""
    stat = (STATIC / "public.css").stat()
    return _version(stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _version(_mtime, _size):
    return hashlib.sha256((STATIC / "public.css").read_bytes()).hexdigest()[:12]


def send(body, etag, cache_control, status=200):
    """Send a page's bytes compressed as the client accepts, with its tag and caching, and
    the public pages' headers; a 304 when the client holds this version."""
    encoding = compress.choose_encoding(request.accept_encodings)
    payload = compress.compressed(body, etag, encoding) if encoding else body
    response = Response(payload, status=status, mimetype="text/html")
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.set_etag(f"{etag}-{encoding}" if encoding else etag)
    response.headers["Cache-Control"] = cache_control
    protect(response)
    return response.make_conditional(request) if status == 200 else response


def protect(response):
    """The headers every public answer carries."""
    response.headers["Content-Security-Policy"] = PUBLIC_CSP
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def page(template, status=200, **context):
    """A page that is nobody else's (a form, a tracking link): rendered now, never cached."""
    body = render_template(template, css=stylesheet_url(), **context).encode()
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return protect(response)


def cached_page(version, template, context):
    """A page everyone sees alike (a board, the index): the client's copy when its ETag is
    this version, else the page rendered once per version (context() gives what it shows)
    and kept."""
    etag = hashlib.sha256(f"{template}:{version}:{stylesheet_version()}".encode()).hexdigest()[:20]
    cache_control = f"public, max-age={BOARD_MAX_AGE}"
    if etag in request.if_none_match or any(
            tag.startswith(etag + "-") for tag in request.if_none_match.as_set()):
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Cache-Control"] = cache_control
        response.vary.add("Accept-Encoding")
        return protect(response)
    with _lock:
        body = _pages.get(etag)
        if body is not None:
            _pages.move_to_end(etag)
    if body is None:
        body = render_template(template, css=stylesheet_url(), **context()).encode()
        with _lock:
            _pages[etag] = body
            while len(_pages) > KEEP_PAGES:
                _pages.popitem(last=False)
    return send(body, etag, cache_control)


def public_url(endpoint, **values):
    """The full address of a public page, as a poster or a survey's QR code prints it:
    under PUBLIC_BASE_URL when set (the address residents reach), else this request's."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def answer_refusals(blueprint):
    """Answer the refusals of a blueprint's pages (ours, and HTTP's own) as pages in Chinese,
    not as the API's JSON."""
    def refused(err):
        return page("public/error.html", status=err.status, message=err.message,
                    back=err.back)

    def http(err):
        key = STATUS_MESSAGES.get(err.code, "error.bad_request")
        return page("public/error.html", status=err.code, message=t(key), back=None)

    blueprint.register_error_handler(PublicError, refused)
    blueprint.register_error_handler(HTTPException, http)
