"""What every answer carries, and path arguments that SQLite can hold."""
from flask import request
from werkzeug.routing import IntegerConverter

from .validate import INT_MAX


class SqliteInt(IntegerConverter):
    """<int:...> path arguments within SQLite's 64-bit integers: a bigger one is a 404,
    never a number that fails the query."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=INT_MAX, signed=False):
        super().__init__(url_map, fixed_digits, min, max, signed)


def _headers(response):
    """No answer is sniffed into another type; no API answer (personal data, initial
    passwords, a register) is kept by a browser or proxy cache."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app):
    """Register the converter (before any route uses it) and the headers."""
    app.url_map.converters["int"] = SqliteInt
    app.after_request(_headers)
