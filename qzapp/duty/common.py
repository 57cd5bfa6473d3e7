"""What the parts of community duty share: time as shifts carry it, this year, who keeps a
community's books, who sees a member's record, and the refusal of one made at a community the
member is not approved with."""
import datetime as dt

from .. import clock
from ..i18n import t
from ..sync.changes import Audience
from ..sync.registry import Reject
from . import queries, rules


def beijing(moment):
    """A moment (ISO 8601 with its offset, or an aware datetime) as shifts carry it: Beijing
    time to the second, so that times compare as text."""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment.astimezone(clock.CHINA).isoformat(timespec="seconds")


def beijing_now(hours=0):
    """Now (moved by hours) in Beijing time, as shifts carry it."""
    return beijing(clock.now() + dt.timedelta(hours=hours))


def this_year():
    """The year it is in China: the year of the posts members claim now."""
    return clock.today().year


def span(starts_at, ends_at):
    """A shift's time as messages name it: 12-03 08:00–10:00."""
    return f"{starts_at[5:10]} {starts_at[11:16]}–{ends_at[11:16]}"


def keeps_books_of(db, user, node_id):
    """Whether the user is staff of the community node_id: holds a staff role and has the
    community in scope."""
    return user.has_role(*rules.STAFF) and user.scope.contains(db, node_id)


# What every synced record carries that only the server writes.
BOOKKEEPING = frozenset({"id", "rev", "created_by", "created_at", "updated_by", "updated_at",
                         "device_id", "deleted"})


def phone_clean(clean, shown, fields):
    """An Entity.clean that first drops what the server adds to a record — its columns the
    phone is sent (shown) but never writes (not in fields): a put the phone merged after a
    conflict carries the whole record as it was pulled."""
    server_side = (frozenset(shown) | BOOKKEEPING) - frozenset(fields)

    def cleaned(user, data):
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if k not in server_side}
        return clean(user, data)
    return cleaned


def member_audience(db, row):
    """Who sees a member's record: the community's staff (by scope) and the member."""
    return Audience(row["node_id"], row["created_by"])


def require_approved(db, user, node_id, key):
    """Refuse a member's record at a community they are not approved with; key: the catalogue
    message, which names the community."""
    if not queries.is_approved_with(db, user.id, node_id):
        community = queries.active_community(db, node_id)
        raise Reject(t(key, community=community["name"] if community else ""),
                     code="not_registered")
