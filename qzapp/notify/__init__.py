"""Notifications (F7): every notice is first an entry in its user's inbox, a synced record
that arrives with the next pull and reads offline; Web Push is an extra nudge where it works.
Features declare their kinds (kinds.declare) and call emit(); this domain calls none of them."""
import datetime as dt

from flask import Blueprint, current_app

from .. import tick
from ..clock import iso, now
from ..i18n import t
from ..sync.registry import register
from . import inbox, prefs, push, queries
from .kinds import KINDS, declare  # noqa: F401  (features declare their kinds)

bp = Blueprint("notify", __name__, url_prefix="/api")
register(inbox.NOTICE)

# Notices are kept this long (configurable: NOTICE_KEEP_DAYS), then dropped from phones too.
KEEP_DAYS = 90


def emit(db, name, subject, key, once=False):
    """Tell whoever kind `name` says of subject: an inbox entry each (none for a user told of
    key before), and a push queued for those who take it. once: key is told once ever, to
    whoever is concerned the first time (a deadline warned, a rotation due); a repeated or
    concurrent tick finds it taken. In the caller's transaction; returns the notices."""
    if once and queries.taken(db, key):
        return []
    kind = KINDS[name]
    user_ids = {u for u in kind.who(db, subject) if u is not None}
    if not user_ids:
        return []
    values = kind.values(db, subject)
    lang = current_app.config["DEFAULT_LANGUAGE"]
    title = t(f"notice.{name}.title", lang=lang, **values)
    body = t(f"notice.{name}.body", lang=lang, **values)
    link = kind.link(subject)
    notices = inbox.write(db, name, user_ids, key, title, body, link)
    if notices:
        push.enqueue(db, kind, notices, prefs.of_many(db, [n["user_id"] for n in notices]),
                     title, body, link)
    return notices


def untold(db, keys):
    """The keys among keys not told yet (emit(once=True) takes them)."""
    return set(keys) - queries.told_keys(db, list(keys))


@tick.job("notify")
def _expire(db, today):
    """Drop notices older than the time they are kept."""
    days = current_app.config.get("NOTICE_KEEP_DAYS", KEEP_DAYS)
    return {"expired": inbox.expire(db, iso(now() - dt.timedelta(days=days)))}


@tick.job("push", transaction=False)
def _push(db, today):
    """Send the pushes that are due."""
    return push.drain(db)


from . import routes  # noqa: E402,F401
