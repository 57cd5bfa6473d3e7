"""Major-situation reports (重大情况报告, F10): written on the phone (offline) at the writer's node,
synced as `situation_report`. A report goes up the tree a level at a time: it awaits the
writer's parent node, whose supervisors, leaders or admins acknowledge it online (with a note),
then the next level up, up to and including the city (市州; the top of the tree where there is
none above). A level with nobody to acknowledge is passed (skipped). Every acknowledgement is
kept in the report's chain (who, when, note, node), and the report is saved again through the
sync engine so that phones receive its new state. The level it reaches is told, and so is the
writer each time a level acknowledges."""
import datetime as dt
import json

from .. import clock, notify
from ..auth.queries import active_users_at
from ..errors import ApiError
from ..i18n import t
from ..ledger import rules as ledger
from ..sync import store
from ..sync.registry import Entity, fields_clean, register
from ..validate import DateTime, HashList, Str
from . import warning_rules as rules
from .queries import situations as queries
from .queries import warnings as nodes

FIELDS = {
    "title": Str(max_len=rules.TITLE_MAX, min_len=1),
    "body": Str(max_len=rules.BODY_MAX, min_len=1, lines=True),
    "occurred_at": DateTime(),
    "category": Str(choices=ledger.CATEGORIES),
    "severity": Str(choices=rules.SEVERITIES),
    "photos": HashList(required=False, default=[], max_items=rules.PHOTOS_MAX),
}
SHOWN = ("id", "node_id", *FIELDS, "status", "awaiting_node_id", "chain", "created_by",
         "created_at", "updated_at")
# What the phone is sent but never writes (a put merged after a conflict carries it).
SERVER_SIDE = frozenset(SHOWN) - frozenset(FIELDS) | {"rev", "deleted", "updated_by",
                                                      "device_id", "node_name", "writer_name"}
# A phone's clock a little ahead is not a report of the future.
CLOCK_SKEW = dt.timedelta(minutes=10)


def own_rules(report):
    """A report's own rules: it did not happen in the future."""
    if dt.datetime.fromisoformat(report["occurred_at"]) > clock.now() + CLOCK_SKEW:
        return [{"field": "occurred_at", "message": t("situation.future")}]
    return []


_CLEAN = fields_clean(FIELDS, rules.SITUATION_WRITERS, own_rules)


def clean(user, data):
    """The phone's fields, checked (what the server adds to a report is dropped first)."""
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k not in SERVER_SIDE}
    return _CLEAN(user, data)


def chain_of(db, node):
    """The levels a report written at node goes up through: each node above it, up to the
    first city (or the top); each {node_id, name, kind, state: later}."""
    levels = []
    for above in nodes.ancestors(db, node["path"])[1:]:
        levels.append({"node_id": above["id"], "name": above["name"], "kind": above["kind"],
                       "state": "later"})
        if above["kind"] == rules.TOP_KIND:
            break
    return levels


def advance(db, chain, stamp):
    """Make the next level with someone to acknowledge it the awaited one (levels with
    nobody are skipped); the node it awaits, or None when the top is passed."""
    for level in chain:
        if level["state"] != "later":
            continue
        if active_users_at(db, level["node_id"], rules.SITUATION_ACKNOWLEDGERS):
            level["state"] = "awaiting"
            return level["node_id"]
        level.update(state="skipped", at=stamp)
    return None


def _chain(row):
    chain = row.get("chain") or []
    return json.loads(chain) if isinstance(chain, str) else chain


def prepare(db, user, cleaned, existing):
    """A new report starts up the chain from the writer's node; an edit keeps its place."""
    if existing is not None:
        return {**cleaned, **{k: existing[k] for k in ("node_id", "status", "awaiting_node_id")},
                "chain": _chain(existing)}
    node = nodes.node(db, user.node["id"])
    chain = chain_of(db, node)
    awaiting = advance(db, chain, clock.now_iso())
    return {**cleaned, "node_id": node["id"], "chain": chain, "awaiting_node_id": awaiting,
            "status": "awaiting" if awaiting else "done"}


def may_write(user, existing):
    """Its writer changes or withdraws it until a level has acknowledged it."""
    return existing["created_by"] == user.id and not any(
        level["state"] == "acknowledged" for level in _chain(existing))


def photos_of(row):
    """The photos a report shows (a stored row holds them as JSON text)."""
    photos = row.get("photos")
    return json.loads(photos) if isinstance(photos, str) else (photos or [])


def serialize(db, row):
    """A report as phones store it and lists show it, with its writer's and node's names."""
    record = {k: row.get(k) for k in SHOWN}
    record["chain"] = _chain(row)
    record["photos"] = photos_of(row)
    if "writer_name" in row:
        record.update(node_name=row["node_name"], writer_name=row["writer_name"])
    elif db is not None:
        record["node_name"], record["writer_name"] = queries.names_of(
            db, row["node_id"], row.get("created_by"))
    return record


def tell_level(db, row, existing):
    """After a report is stored: the level it now awaits is told (once per level)."""
    if not row["deleted"] and row.get("awaiting_node_id"):
        notify.emit(db, "situation_awaiting", {"report": row},
                    f"situation_awaiting:{row['id']}:{row['awaiting_node_id']}", once=True)


SITUATION = register(Entity(
    name="situation_report", table="situation_reports", clean=clean, prepare=prepare,
    may_write=may_write, serialize=serialize, node_readers=rules.SITUATION_READERS,
    media=photos_of, after_save=tell_level,
    shows={"user": "created_by"},
))


def acknowledge(db, user, report, note):
    """The awaited level's acknowledgement (inside the caller's write): kept in the chain,
    the report sent on to the next level (or done) and saved through the engine; the writer
    is told. Returns the stored row."""
    if report["status"] != "awaiting" or report["deleted"]:
        raise ApiError(409, t("situation.not_awaiting"), "transition")
    chain = _chain(report)
    level = next(level for level in chain if level["node_id"] == report["awaiting_node_id"])
    if user.node["id"] != level["node_id"] or not user.has_role(*rules.SITUATION_ACKNOWLEDGERS):
        raise ApiError(403, t("situation.not_your_level", level=level["name"]), "forbidden")
    stamp = clock.now_iso()
    level.update(state="acknowledged", by=user.id, by_name=user.row["name"], at=stamp,
                 note=note)
    awaiting = advance(db, chain, stamp)
    row = {**report, "chain": chain, "awaiting_node_id": awaiting,
           "status": "awaiting" if awaiting else "done"}
    store.save(db, user, SITUATION, report["id"], report, row)
    notify.emit(db, "situation_acknowledged", {"report": row, "level": level},
                f"situation_acknowledged:{report['id']}:{level['node_id']}", once=True)
    return row


def _short(text, size=30):
    return text if len(text) <= size else text[:size - 1] + "…"


def _values(db, subject):
    report = subject["report"]
    level = subject.get("level") or {}
    place, writer = queries.names_of(db, report["node_id"], report.get("created_by"))
    return {"title": _short(report["title"]), "place": place or "", "writer": writer or "",
            "severity": t(f"situation.severity.{report['severity']}"),
            "level": level.get("name") or "", "note": level.get("note") or t("situation.no_note")}


def _link(subject):
    return f"#/situations?id={subject['report']['id']}"


notify.declare("situation_awaiting", link=_link, values=_values, urgency="high",
               who=lambda db, s: active_users_at(db, s["report"]["awaiting_node_id"],
                                                 rules.SITUATION_ACKNOWLEDGERS))
notify.declare("situation_acknowledged", link=_link, values=_values,
               who=lambda db, s: [s["report"]["created_by"]])

