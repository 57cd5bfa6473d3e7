"""What notifies whom: each kind of notice is one declaration, made by the feature it belongs
to (who is told, the texts, the screen it opens); the notify domain knows none of them."""
from collections.abc import Callable
from dataclasses import dataclass

# Web Push urgencies (RFC 8030): how soon a phone asleep should be woken for it.
URGENCIES = ("very-low", "low", "normal", "high")


@dataclass(frozen=True)
class Kind:
    """One kind of notice.

    who(db, subject) -> the ids of the users told (only those who may see what it is about).
    link(subject) -> the screen it opens on the phone (#/case/<id>).
    values(db, subject) -> the values its catalogue texts notice.<name>.title / .body name.
    push: whether it is pushed unless a user says otherwise; urgency: its Web Push urgency.
    """

    name: str
    who: Callable
    link: Callable
    values: Callable
    push: bool = True
    urgency: str = "normal"


KINDS: dict[str, Kind] = {}


def declare(name, who, link, values=lambda db, subject: {}, push=True, urgency="normal"):
    """Declare a kind of notice (once, at import of its feature)."""
    if urgency not in URGENCIES:
        raise ValueError(f"unknown push urgency {urgency!r}")
    kind = Kind(name, who, link, values, push, urgency)
    if name in KINDS and KINDS[name].who is not who:
        raise ValueError(f"notice kind {name!r} declared twice")
    KINDS[name] = kind
    return kind
