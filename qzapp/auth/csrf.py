"""CSRF defence: unsafe /api requests must carry a header no cross-site form can set.

Together with SameSite=Lax cookies and no CORS, a custom header is enough: browsers
only let same-origin scripts add it. An Origin header, when present, must be ours.
"""
from flask import request

from ..errors import ApiError
from ..i18n import t

HEADER = "X-Requested-With"
VALUE = "qzapp"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def check_request():
    """Refuse unsafe API requests without the header or from another origin."""
    if request.method in SAFE_METHODS or not request.path.startswith("/api/"):
        return
    if request.headers.get(HEADER) != VALUE:
        raise ApiError(403, t("error.csrf"), "csrf")
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
        raise ApiError(403, t("error.csrf"), "csrf")


def init_app(app):
    """Run the check before every request."""
    app.before_request(check_request)
