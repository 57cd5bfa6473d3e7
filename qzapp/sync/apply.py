"""One mutation: its envelope, its entity's rules, the conflict check, and the write.

The checks that need no database (the envelope, and an entity's clean()) run in
precheck(), before the push takes the write lock; the rest run under it.
"""
import json
import math
import re

from ..audit import record_many
from ..clock import now_iso
from ..db import fetch_one, fetch_tuples, rows_in
from ..i18n import t
from . import changes, registry, store
from .registry import Reject

OPS = ("put", "delete")
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
                     r"-[0-9a-fA-F]{12}")
MAX_RECORD_BYTES = 64 * 1024


class Writes:
    """What one push writes besides the records: audit entries, gathered and written at
    once (nothing reads them during the batch)."""

    def __init__(self, db, user, device_id, mutations, checked):
        self.db, self.user, self.device_id = db, user, device_id
        self.checked = checked   # mid -> precheck() outcome
        self.audit = []
        self.stamp = now_iso()   # one transaction, one moment
        self.stored = self._stored_ids(mutations)

    def _stored_ids(self, mutations):
        """(entity, id) of the batch's records that exist already: one query per entity,
        so that a new record costs no lookup."""
        wanted = {}
        for m in mutations:
            entity = registry.get(m.get("entity"))
            if entity is not None and isinstance(m.get("id"), str):
                wanted.setdefault(entity.name, set()).add(m["id"].lower())
        found = set()
        for name, ids in wanted.items():
            table = registry.get(name).table
            found.update((name, r["id"]) for r in rows_in(
                self.db, f"SELECT id FROM [{table}] WHERE id IN ({{marks}})", list(ids)))
        return found

    def flush(self):
        """Write the gathered audit entries."""
        record_many(self.db, self.audit)
        self.audit = []


def precheck(user, mutation, large=True):
    """The checks that need no database: a Reject, or the data as its entity's clean()
    leaves it (the data as sent when the entity has none; None for a delete)."""
    problems = envelope_problems(mutation, large)
    if problems:
        return Reject(t("sync.bad_mutation"), problems, "bad_mutation")
    entity = registry.get(mutation["entity"])
    if mutation["op"] != "put" or entity.clean is None:
        return mutation.get("data")
    try:
        return entity.clean(user, mutation["data"])
    except Reject as reject:
        return reject


def apply_one(writes, mutation):
    """Apply one prechecked mutation: applied, conflict, or rejected. Every check that can
    reject runs before the first write, so a rejected mutation leaves nothing behind."""
    mid = mutation["mid"]
    checked = writes.checked[mid]
    try:
        if isinstance(checked, Reject):
            raise checked
        return {"mid": mid, **_apply(writes, mutation, checked)}
    except Reject as reject:
        return {"mid": mid, "status": "rejected", "code": reject.code,
                "reason": reject.reason, "errors": reject.errors, **reject.extra}


def envelope_problems(mutation, large=True):
    """What is wrong with a mutation's envelope, as [{field, message}]."""
    problems = []
    entity = registry.get(mutation.get("entity"))
    if entity is None:
        problems.append({"field": "entity", "message": t("sync.unknown_entity")})
    if mutation.get("op") not in (entity.ops if entity else OPS):
        problems.append({"field": "op", "message": t("sync.unknown_op")})
    if not _is_uuid(mutation.get("id")):
        problems.append({"field": "id", "message": t("sync.id_not_uuid")})
    base_rev = mutation.get("base_rev")
    if base_rev is not None and (isinstance(base_rev, bool) or not isinstance(base_rev, int)
                                 or base_rev < 0):
        problems.append({"field": "base_rev", "message": t("field.not_integer")})
    data = mutation.get("data")
    if mutation.get("op") == "put" and not isinstance(data, dict):
        problems.append({"field": "data", "message": t("error.body_not_object")})
    elif large and len(json.dumps(data, ensure_ascii=False).encode()) > MAX_RECORD_BYTES:
        problems.append({"field": "data",
                         "message": t("sync.record_too_large", kb=MAX_RECORD_BYTES // 1024)})
    return problems


def _is_uuid(value):
    return isinstance(value, str) and UUID_RE.fullmatch(value) is not None


def _apply(writes, mutation, data):
    """Apply a mutation whose envelope is sound; data is what precheck() left of its data."""
    db, user = writes.db, writes.user
    entity = registry.get(mutation["entity"])
    record_id = mutation["id"].lower()
    existing = None
    if (entity.name, record_id) in writes.stored:
        existing = fetch_one(db, f"SELECT * FROM [{entity.table}] WHERE id = ?", [record_id])
    if existing is not None:
        if not changes.may_see(db, user, entity.name, record_id) \
                or not entity.may_write(user, existing):
            raise Reject(t("sync.not_allowed"), code="forbidden")
        if existing["deleted"] or not _based_on_current(mutation, existing, user,
                                                        writes.device_id):
            return _conflict(writes, entity, existing, data)
    elif mutation.get("base_rev") or mutation["op"] == "delete":
        raise Reject(t("sync.record_missing"), code="missing")
    if mutation["op"] == "delete":
        row = {**existing, "deleted": 1}
    else:
        row = {**(existing or {}), **entity.prepare(db, user, data, existing)}
    _check_media_uploaded(db, user, entity, row)
    rev = store.save(db, user, entity, record_id, existing, row, writes.device_id, writes.audit,
                     writes.stamp)
    writes.stored.add((entity.name, record_id))
    return {"status": "applied", "rev": rev}


def _conflict(writes, entity, existing, data):
    """The answer to a change made on top of another version: the server's copy (and whether
    it was deleted). What the phone sent goes to the audit trail as a "conflict", beside the
    version it met, so that none of it is lost whichever side the user keeps."""
    db, user = writes.db, writes.user
    writes.audit.append((writes.stamp, user.id, writes.device_id, "conflict", entity.name,
                         existing["id"], store.pulled_json(entity.serialize(db, existing)),
                         _sent_json(data)))
    answer = {"status": "conflict", "server": entity.view(db, user, existing)}
    if existing["deleted"]:
        answer["deleted"] = True
    return answer


def _sent_json(data):
    """What a phone sent, as audit text: None for a delete; a number JSON cannot carry (NaN
    passes Python's parser, and an entity without clean() keeps it) becomes null."""
    if not isinstance(data, dict):
        return None
    try:
        return store.pulled_json(data)
    except ValueError:
        return store.pulled_json(_finite(data))


def _finite(value):
    """value with NaN and infinities replaced by None, at any depth."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _based_on_current(mutation, existing, user, device_id):
    """Whether the change was made on top of the stored version: its base_rev is the
    current rev, or the current version is this device's own earlier write (a phone's
    queued edits follow each other before it has heard back about the first)."""
    if mutation.get("base_rev") == existing["rev"]:
        return True
    return existing["device_id"] == device_id and existing["updated_by"] == user.id


def _check_media_uploaded(db, user, entity, row):
    """Photos travel before the record that refers to them: refuse a record naming one its
    writer has not sent (media_owners), unless a record they may see shows it already. A
    missing photo and someone else's get the same answer: a push tells nothing of either."""
    shas = set() if row.get("deleted") else set(entity.media(row))
    if not shas:
        return
    shas -= {r[0] for r in fetch_tuples(
        db, f"SELECT sha256 FROM media_owners WHERE user_id = ? AND sha256 IN"
        f" ({','.join('?' * len(shas))})", [user.id, *shas])}
    if shas:   # rare: photos the writer did not send; one more query
        where, params = changes.visible_sql(user)
        shas -= {r[0] for r in fetch_tuples(
            db, "SELECT r.sha256 FROM media_refs r JOIN changes c ON c.entity = r.entity AND"
            f" c.record_id = r.record_id AND c.kind = 'upsert' WHERE r.sha256 IN"
            f" ({','.join('?' * len(shas))}) AND {where}", [*shas, *params])}
    if shas:
        raise Reject(t("sync.media_missing"), code="media_missing")
