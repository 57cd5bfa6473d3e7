"""Request validation: every error at once, in the request's language, with its field."""
import datetime as dt
import json
import math
import re

from flask import request

from .errors import ApiError, invalid
from .i18n import t


class Field:
    """A field of a JSON body: required or optional, with a default."""

    def __init__(self, required=True, default=None):
        self.required = required
        self.default = default

    def clean(self, value):
        """Return the cleaned value or raise ValueError(message)."""
        return value


# What phone keyboards and copied text leave at the ends: spaces of every width, zero-width
# marks and byte-order marks.
EDGE_SPACE = " \t\r\n\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" \
    "\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
# Control characters (a newline or tab only in text of several lines), and the bidirectional
# embeddings, overrides and isolates that make text read otherwise than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("[\t\n]")


def trimmed(value):
    """Text without what a keyboard adds at its ends; line breaks as \\n."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip(EDGE_SPACE)


def text_problem(value, lines=False):
    """None for text a person typed; the message for text with control characters or
    bidirectional overrides (newlines and tabs only where lines are allowed)."""
    if _CONTROL.search(value) or (not lines and _LINE_BREAK.search(value)):
        return t("field.control_characters")
    return None


class Str(Field):
    """A string, trimmed, with length limits and optional choices; lines=True lets it hold
    line breaks (the text of a diary or an appeal)."""

    def __init__(self, max_len=200, min_len=0, choices=None, lines=False, **kw):
        super().__init__(**kw)
        self.max_len, self.min_len, self.choices, self.lines = max_len, min_len, choices, lines

    def clean(self, value):
        if not isinstance(value, str):
            raise ValueError(t("field.not_string"))
        value = trimmed(value)
        problem = text_problem(value, self.lines)
        if problem:
            raise ValueError(problem)
        if len(value) > self.max_len:
            raise ValueError(t("field.too_long", max=self.max_len))
        if len(value) < self.min_len:
            raise ValueError(t("field.too_short", min=self.min_len))
        if self.choices is not None and value not in self.choices:
            raise ValueError(t("field.not_a_choice"))
        return value


# What SQLite's INTEGER holds: a bigger number never reaches a query.
INT_MAX = 2 ** 63 - 1


class Int(Field):
    """An integer (not a boolean) with bounds; always within SQLite's 64 bits."""

    def __init__(self, min_value=-INT_MAX, max_value=INT_MAX, **kw):
        super().__init__(**kw)
        self.min_value, self.max_value = min_value, max_value

    def clean(self, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(t("field.not_integer"))
        if self.min_value is not None and value < self.min_value:
            raise ValueError(t("field.too_small", min=self.min_value))
        if self.max_value is not None and value > self.max_value:
            raise ValueError(t("field.too_big", max=self.max_value))
        return value


class Bool(Field):
    """A JSON true or false."""

    def clean(self, value):
        if not isinstance(value, bool):
            raise ValueError(t("field.not_boolean"))
        return value


class StrList(Field):
    """A list of distinct strings, each from choices when given."""

    def __init__(self, choices=None, min_items=0, **kw):
        super().__init__(**kw)
        self.choices, self.min_items = choices, min_items

    def clean(self, value):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(t("field.not_list"))
        if self.choices is not None and any(v not in self.choices for v in value):
            raise ValueError(t("field.not_a_choice"))
        if len(set(value)) < self.min_items:
            raise ValueError(t("field.too_few", min=self.min_items))
        return sorted(set(value))


class Float(Field):
    """A number (integers accepted) within bounds."""

    def __init__(self, min_value=None, max_value=None, **kw):
        super().__init__(**kw)
        self.min_value, self.max_value = min_value, max_value

    def clean(self, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):   # JSON parsers take NaN and Infinity
            raise ValueError(t("field.not_number"))
        if self.min_value is not None and value < self.min_value:
            raise ValueError(t("field.too_small", min=self.min_value))
        if self.max_value is not None and value > self.max_value:
            raise ValueError(t("field.too_big", max=self.max_value))
        return float(value)


class Date(Field):
    """A calendar date as YYYY-MM-DD."""

    def clean(self, value):
        if isinstance(value, str) and len(value) == 10:
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        raise ValueError(t("field.not_date"))


class DateTime(Field):
    """A moment as ISO 8601 with its offset (2026-11-26T08:30:00+08:00); kept as given."""

    def clean(self, value):
        try:
            moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ValueError(t("field.not_datetime"))
        return moment.isoformat(timespec="seconds")


class HashList(Field):
    """A list of distinct SHA-256 hex digests (photos), at most max_items."""

    HEX = re.compile(r"[0-9a-f]{64}")

    def __init__(self, max_items=9, **kw):
        super().__init__(**kw)
        self.max_items = max_items

    def clean(self, value):
        if not isinstance(value, list) or not all(
                isinstance(v, str) and self.HEX.fullmatch(v) for v in value):
            raise ValueError(t("field.not_hash_list"))
        if len(value) > self.max_items:
            raise ValueError(t("field.too_many", max=self.max_items))
        return list(dict.fromkeys(value))


def check(data, schema, partial=False):
    """Clean data against schema: (cleaned, [{field, message}, ...])."""
    cleaned, errors = {}, []
    for name, field in schema.items():
        value = data.get(name)
        if value is None or (value.__class__ is str and not value.strip(EDGE_SPACE)):
            if partial and name not in data:
                continue
            if field.required:
                errors.append({"field": name, "message": t("field.required")})
            else:
                cleaned[name] = None if partial else field.default
            continue
        try:
            cleaned[name] = field.clean(value)
        except ValueError as exc:
            errors.append({"field": name, "message": str(exc)})
    if not data.keys() <= schema.keys():
        unknown = sorted(set(data) - set(schema))
        errors += [{"field": name, "message": t("field.unknown")} for name in unknown]
    return cleaned, errors


def validate(data, schema, partial=False):
    """Clean data against schema; raise one 400 ApiError listing every bad field."""
    if not isinstance(data, dict):
        raise ApiError(400, t("error.body_not_object"), "bad_request")
    cleaned, errors = check(data, schema, partial)
    if errors:
        raise ApiError(400, t("error.validation"), "validation", errors)
    return cleaned


def json_body():
    """The request's JSON object, or a clear 400/415."""
    if not request.is_json:
        raise ApiError(415, t("error.not_json"), "unsupported_media_type")
    try:
        data = request.get_json(silent=True)
    except RecursionError:   # nested deeper than the parser goes
        data = None
    if data is None or not _utf8_clean(data):
        raise ApiError(400, t("error.malformed_json"), "malformed_json")
    if not isinstance(data, dict):
        raise ApiError(400, t("error.body_not_object"), "bad_request")
    return data


def _utf8_clean(data):
    """False when the body holds half of a UTF-16 pair (a "\\ud83d" escape on its own), which
    no text column or answer can carry. Only bodies with such escapes are checked."""
    raw = request.get_data(cache=True)
    if b"\\ud" not in raw and b"\\uD" not in raw:
        return True
    try:
        json.dumps(data, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return False
    return True


# The years a ?year= argument may name.
YEARS = (2000, 2100)


def int_arg(name, default=None, low=0, high=INT_MAX, message_key="field.not_integer"):
    """The whole-number query argument ?name= from low to high (default when absent or
    empty), or a 400 naming it with the message of message_key."""
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and low <= int(raw) <= high):
        raise invalid(name, t(message_key))
    return int(raw)


def year_arg(default=None):
    """The ?year= argument (default when absent), or a 400."""
    return int_arg("year", default, *YEARS, message_key="field.year_invalid")
