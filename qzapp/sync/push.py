"""Applying a device's batch of mutations: in order, exactly once, in one transaction."""
import json
import uuid

from .. import audit
from ..clock import now_iso
from ..db import immediate
from ..i18n import t
from . import changes, registry
from .registry import Reject

OPS = ("put", "delete")
MAX_RECORD_BYTES = 64 * 1024


def apply_batch(db, user, device_id, mutations):
    """Apply mutations in mid order; returns (results, last_mid). A gap stops the batch."""
    with immediate(db):
        last_mid = _device_last_mid(db, user.id, device_id)
        known = _stored_results(db, user.id, device_id, mutations, last_mid)
        results = []
        for mutation in mutations:
            mid = mutation.get("mid")
            if isinstance(mid, int) and not isinstance(mid, bool) and mid <= last_mid:
                results.append(known.get(mid) or {"mid": mid, "status": "applied"})
                continue
            if mid != last_mid + 1:
                break  # a gap (or a bad mid): the device resends from last_mid + 1
            result = apply_one(db, user, device_id, mutation)
            _store_result(db, user.id, device_id, result)
            results.append(result)
            last_mid = mid
        db.execute("UPDATE sync_devices SET last_mid = ?, last_push_at = ? WHERE user_id = ?"
                   " AND device_id = ?", [last_mid, now_iso(), user.id, device_id])
    return results, last_mid


def _device_last_mid(db, user_id, device_id):
    row = db.execute("SELECT last_mid FROM sync_devices WHERE user_id = ? AND device_id = ?",
                     [user_id, device_id]).fetchone()
    if row is None:
        db.execute("INSERT INTO sync_devices (user_id, device_id, created_at) VALUES (?, ?, ?)",
                   [user_id, device_id, now_iso()])
        return 0
    return row[0]


def _stored_results(db, user_id, device_id, mutations, last_mid):
    """The results already given for the replayed mids in this batch."""
    mids = [m.get("mid") for m in mutations if isinstance(m.get("mid"), int)
            and not isinstance(m.get("mid"), bool) and m.get("mid") <= last_mid]
    if not mids:
        return {}
    rows = db.execute(
        "SELECT mid, result FROM sync_results WHERE user_id = ? AND device_id = ?"
        " AND mid BETWEEN ? AND ?", [user_id, device_id, min(mids), max(mids)])
    return {mid: json.loads(result) for mid, result in rows}


def _store_result(db, user_id, device_id, result):
    db.execute("INSERT INTO sync_results (user_id, device_id, mid, result) VALUES (?, ?, ?, ?)",
               [user_id, device_id, result["mid"], json.dumps(result, ensure_ascii=False)])


def apply_one(db, user, device_id, mutation):
    """Apply one mutation inside a savepoint; a Reject undoes only this mutation."""
    mid = mutation["mid"]
    try:
        with db.atomic():
            return {"mid": mid, **_apply(db, user, device_id, mutation)}
    except Reject as reject:
        return {"mid": mid, "status": "rejected", "code": reject.code,
                "reason": reject.reason, "errors": reject.errors}


def envelope_problems(mutation):
    """What is wrong with a mutation's envelope, as [{field, message}]."""
    problems = []
    entity = registry.get(mutation.get("entity")) if isinstance(mutation.get("entity"), str) \
        else None
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
    elif len(json.dumps(data, ensure_ascii=False).encode()) > MAX_RECORD_BYTES:
        problems.append({"field": "data",
                         "message": t("sync.record_too_large", kb=MAX_RECORD_BYTES // 1024)})
    return problems


def _is_uuid(value):
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _apply(db, user, device_id, mutation):
    problems = envelope_problems(mutation)
    if problems:
        raise Reject(t("sync.bad_mutation"), problems, "bad_mutation")
    entity = registry.get(mutation["entity"])
    record_id = mutation["id"].lower()
    existing = next(db.query(f"SELECT * FROM [{entity.table}] WHERE id = ?", [record_id]), None)
    if existing is not None:
        if not changes.may_see(db, user, entity.name, record_id) \
                or not entity.may_write(user, existing):
            raise Reject(t("sync.not_allowed"), code="forbidden")
        if existing["deleted"] or not _based_on_current(mutation, existing, user, device_id):
            return {"status": "conflict", "server": entity.serialize(db, user, existing)}
    elif mutation.get("base_rev") or mutation["op"] == "delete":
        raise Reject(t("sync.record_missing"), code="missing")
    if mutation["op"] == "delete":
        row = {**existing, "deleted": 1}
    else:
        row = {**(existing or {}), **entity.prepare(db, user, mutation["data"], existing)}
    return _write(db, user, device_id, entity, record_id, existing, row)


def _based_on_current(mutation, existing, user, device_id):
    """Whether the change was made on top of the stored version: its base_rev is the
    current rev, or the current version is this device's own earlier write (a phone's
    queued edits follow each other before it has heard back about the first)."""
    if mutation.get("base_rev") == existing["rev"]:
        return True
    return existing["device_id"] == device_id and existing["updated_by"] == user.id


def _write(db, user, device_id, entity, record_id, existing, row):
    """Store the row with its new rev, its place in the feed, media refs and audit entry."""
    _check_media_uploaded(db, entity, row)
    stamp = now_iso()
    previous = changes.audience(db, entity.name, record_id) if existing else None
    row.update(id=record_id, updated_at=stamp, updated_by=user.id, device_id=device_id)
    if existing is None:
        row.update(created_by=user.id, created_at=stamp, deleted=0)
    rev = changes.record_change(db, entity.name, record_id, row["node_id"],
                                entity.owner_of(db, row), bool(row["deleted"]), previous)
    row["rev"] = rev
    stored = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
              for k, v in row.items()}
    db[entity.table].upsert(stored, pk="id")
    _record_media(db, entity, record_id, row)
    audit.record(db, user.id, "delete" if row["deleted"] else ("update" if existing else "create"),
                 entity.name, record_id, before=existing, after=stored, device_id=device_id)
    return {"status": "applied", "rev": rev}


def _check_media_uploaded(db, entity, row):
    """Photos travel before the record that refers to them; refuse a record whose did not."""
    shas = [] if row.get("deleted") else entity.media(row)
    if not shas:
        return
    marks = ",".join("?" * len(shas))
    found = {r[0] for r in db.execute(f"SELECT sha256 FROM media WHERE sha256 IN ({marks})", shas)}
    if set(shas) - found:
        raise Reject(t("sync.media_missing"), code="media_missing")


def _record_media(db, entity, record_id, row):
    db.execute("DELETE FROM media_refs WHERE entity = ? AND record_id = ?",
               [entity.name, record_id])
    for sha in [] if row["deleted"] else entity.media(row):
        db.execute("INSERT OR IGNORE INTO media_refs (sha256, entity, record_id) VALUES (?, ?, ?)",
                   [sha, entity.name, record_id])
