"""What every answer carries, and path arguments that SQLite can hold."""
from flask import request
from werkzeug.routing import IntegerConverter

from .validate import INT_MAX


def _at_most(limit):
    """A regular expression of the decimal numbers from 0 to limit (leading zeros allowed):
    any with fewer digits, or as many with a smaller digit after a common start."""
    digits = str(limit)
    shorter = [rf"0*\d{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        if digit != "0":
            rest = len(digits) - i - 1
            shorter.append(f"0*{digits[:i]}[0-{int(digit) - 1}]" + (rf"\d{{{rest}}}" if rest
                                                                      else ""))
    return "|".join([*shorter, f"0*{digits}"])


class SqliteInt(IntegerConverter):
    """<int:...> path arguments within SQLite's 64-bit integers: a bigger one matches no route
    (a 404, whatever other methods the path has), never a number that fails the query."""

    regex = _at_most(INT_MAX)

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
