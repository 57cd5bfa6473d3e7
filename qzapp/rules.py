"""Rules the server and the phone both apply, defined once in Python and served to the phone.

A domain registers, at import, a function that returns its rules as a JSON-able dict:

    @rules.served("households")
    def _served():
        return {"rotation_due_months": ROTATION_DUE_MONTHS, ...}

The shell sends document() to the phone as the module /js/rules.js (qzapp/shell/assets.py),
precached like a file of the shell: a changed rule changes the service worker's version, so
every phone gets it with the next update. The functions are called each time the document is
made, so it always says what the constants say now.
"""
from collections.abc import Callable

from .validate import INT_MAX, HashList, Int, Str

_REGISTRY: dict[str, Callable[[], dict]] = {}


def served(name: str):
    """Register a zero-argument function returning a JSON-able dict of rules under name."""
    def register(fn: Callable[[], dict]) -> Callable[[], dict]:
        known = _REGISTRY.get(name)
        # Two domains under one name would hide one's rules; the same function again is a
        # module imported twice (a reload), which replaces it.
        if known is not None and _qualified(known) != _qualified(fn):
            raise ValueError(f"rules {name!r} are served by {_qualified(known)} already")
        _REGISTRY[name] = fn
        return fn
    return register


def _qualified(fn: Callable) -> str:
    """A function's module and name, which say where it is defined."""
    return f"{fn.__module__}.{fn.__qualname__}"


def names() -> list[str]:
    """The names rules are served under, sorted."""
    return sorted(_REGISTRY)


def document() -> dict:
    """Every domain's served rules, {name: rules}, sorted by name so the bytes are stable."""
    return {name: _REGISTRY[name]() for name in names()}


def limits(fields: dict) -> dict[str, int]:
    """The most each of a record's fields holds, as its form on the phone checks it:
    characters of free text, the largest number, how many photos."""
    found = {}
    for name, field in fields.items():
        if isinstance(field, Str) and field.choices is None:
            found[name] = field.max_len
        elif isinstance(field, Int) and field.max_value < INT_MAX:
            found[name] = field.max_value
        elif isinstance(field, HashList):
            found[name] = field.max_items
    return found
