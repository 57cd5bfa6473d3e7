"""Lists a page at a time: `?limit=` rows (a default and a maximum) after `?cursor=` (opaque,
from the page before). The cursor holds the last row's sort key, so a page starts where the
one before ended whatever rows are added meanwhile: none is skipped or repeated."""
import base64
import binascii
import json
from dataclasses import dataclass

from flask import request

from .errors import invalid
from .i18n import t

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


@dataclass(frozen=True)
class Page:
    """What a list request asks for: how many rows, after which sort key (None: the first)."""

    limit: int
    after: tuple | None


def requested_page(default=DEFAULT_LIMIT, maximum=MAX_LIMIT):
    """The page the request's ?limit= and ?cursor= ask for, or a 400 naming the bad one."""
    raw = request.args.get("limit", "")
    if raw and not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= maximum):
        raise invalid("limit", t("field.page_limit", max=maximum))
    cursor = request.args.get("cursor") or None
    return Page(int(raw) if raw else default, None if cursor is None else _decode(cursor))


def _decode(cursor):
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        key = None
    if not isinstance(key, list) or not key or not all(
            isinstance(v, str | int) and not isinstance(v, bool) for v in key):
        raise invalid("cursor", t("field.bad_cursor"))
    return tuple(key)


def encode(key):
    """The cursor of a sort key (a tuple of strings and integers)."""
    text = json.dumps(list(key), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode("ascii")


def after_sql(columns, page, descending=False):
    """A WHERE fragment keeping the rows that sort after the page's cursor (columns in the
    list's sort order, ascending or all descending), with its parameters; ("1", []) for a
    first page."""
    if page.after is None:
        return "1", []
    if len(page.after) != len(columns):
        raise invalid("cursor", t("field.bad_cursor"))
    return (f"({', '.join(columns)}) {'<' if descending else '>'}"
            f" ({', '.join('?' * len(columns))})", list(page.after))


def answer(rows, page, key, total):
    """A page's part of the answer: its rows (asked for limit + 1), whether more follow, the
    cursor of the next page and how many rows the whole list has."""
    more = len(rows) > page.limit
    rows = rows[:page.limit]
    return {"items": rows, "more": more, "total": total,
            "next_cursor": encode(key(rows[-1])) if more else None}
