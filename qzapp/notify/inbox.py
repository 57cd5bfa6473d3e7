"""The inbox: a notice is a synced record the server writes for one user; their phone marks
it read or dismissed, offline, and the marks sync back like any write."""
from ..clock import now_iso
from ..i18n import t
from ..ids import new_id
from ..sync import store
from ..sync.changes import Audience
from ..sync.registry import Entity, Reject, fields_clean
from ..validate import DateTime
from . import queries

FIELDS = ("id", "kind", "title", "body", "link", "read_at", "dismissed_at", "created_at")
MARKS = {"read_at": DateTime(required=False), "dismissed_at": DateTime(required=False)}


def prepare(db, user, cleaned, existing):
    """A read or dismissed mark on the user's own notice; a mark once made stays."""
    if existing is None:
        raise Reject(t("notice.unknown"), code="missing")
    return {"read_at": existing["read_at"] or cleaned["read_at"],
            "dismissed_at": existing["dismissed_at"] or cleaned["dismissed_at"]}


NOTICE = Entity(
    name="notice", table="notices", ops=("put",), clean=fields_clean(MARKS), prepare=prepare,
    may_write=lambda user, existing: existing["user_id"] == user.id,
    serialize=lambda db, row: {k: row[k] for k in FIELDS},
    audience=lambda db, row: Audience(None, row["user_id"]),
)


def write(db, kind, user_ids, key, title, body, link):
    """A notice of kind for each user not told of key before, in the caller's transaction;
    returns the notices written ({id, user_id})."""
    fresh = sorted(set(user_ids) - queries.told_already(db, key, user_ids))
    stamp, audit, written = now_iso(), [], []
    for user_id in fresh:
        notice_id = new_id()
        store.save(db, None, NOTICE, notice_id, None, {
            "user_id": user_id, "kind": kind, "key": key, "title": title, "body": body,
            "link": link, "read_at": None, "dismissed_at": None}, audit=audit, stamp=stamp)
        written.append({"id": notice_id, "user_id": user_id})
    return written


def expire(db, before, limit=5000):
    """Delete the notices created before `before` (phones are told to drop them); how many."""
    rows = queries.expired_notices(db, before, limit)
    for row in rows:
        store.save(db, None, NOTICE, row["id"], row, {**row, "deleted": 1}, audit=[])
    return len(rows)
