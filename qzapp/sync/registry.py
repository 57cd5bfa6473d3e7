"""The registry of syncable entities: what each stores, validates, and who may write or see it.

A feature plugs into sync by registering an Entity; the engine never names a feature.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from ..i18n import t
from ..validate import check


class Reject(Exception):
    """A mutation the server refuses: a reason, and the fields it concerns."""

    def __init__(self, reason, errors=None, code="rejected", **extra):
        super().__init__(reason)
        self.reason = reason
        self.errors = errors or []
        self.code = code
        self.extra = extra  # more for the phone, e.g. duplicate_of: the record that exists


@dataclass
class Entity:
    """One kind of synced record.

    clean(user, data) -> optional (fields_clean makes one): the checks of a put's data
        that need neither the database nor the stored record (fields, their own rules);
        returns the cleaned data or raises Reject. The engine runs it before taking the
        write lock.
    prepare(db, user, data, existing) -> the row's own columns (validated; node_id included),
        or raises Reject. data is what clean() returned, when the entity has one.
        existing is the stored row on update, None on create.
    may_write(user, existing) -> whether the user may change or delete an existing record.
    audience(db, row) -> changes.Audience: its node, owner and handler (who see it whatever
        their scope); by default the row's node and its author.
    serialize(db, row) -> the record as the phone stores it (as its handlers see it),
        without its rev (which travels beside it).
    redact(db, user, record) -> the serialized record as seen by a reader who is neither
        its owner nor its handler (personal data masked unless the reader handles it
        otherwise); None when everyone sees the same.
    node_readers: roles that see every record of this kind in their scope.
    media(row) -> the media hashes a prepared (not deleted) record refers to.
    after_save(db, row, existing) -> optional: bring records that follow this one up to
        date (a household's pairings go where it goes); inside the write's transaction.
    follows: {entity: column naming its record} for records whose audience follows another
        record's (a diary about a household reaches the household's cadre); when that
        record's audience changes, sync.store.touch_followers re-addresses them.
    shows: {kind of another record: column naming it} for what a record shows of others
        (a pairing shows its cadre's name: {"user": "cadre_id"}); when that record changes,
        sync.store.refresh_referrers sends the phones a new copy.
    Lists and dicts in a prepared row are stored as JSON text.
    """

    name: str
    table: str
    prepare: Callable
    may_write: Callable
    serialize: Callable
    node_readers: frozenset = frozenset()
    clean: Callable = None
    redact: Callable = None
    audience: Callable = None
    media: Callable = lambda row: []
    after_save: Callable = None
    ops: tuple = ("put", "delete")
    follows: dict = field(default_factory=dict)
    shows: dict = field(default_factory=dict)

    def view(self, db, user, row, handles=None):
        """A stored row as this user may see it, with its rev. handles: whether the user is
        its owner or handler, when the caller knows already (the change feed says)."""
        record = self.serialize(db, row)
        if self.redact is not None:
            if handles is None:
                handles = user.id in self.audience(db, row)[1:]
            if not handles:
                record = self.redact(db, user, record)
        return {**record, "rev": row["rev"]}


def fields_clean(fields, writers=None, rules=None):
    """An Entity.clean: the writer holds one of writers (when given), the data passes the
    fields' checks, then rules(cleaned) -> [{field, message}], the record's own rules."""
    def clean(user, data):
        if writers is not None and not user.has_role(*writers):
            raise Reject(t("sync.not_allowed"), code="forbidden")
        cleaned, errors = check(data, fields)
        if not errors and rules is not None:
            errors = rules(cleaned)
        if errors:
            raise Reject(t("error.validation"), errors, "validation")
        return cleaned
    return clean


REGISTRY: dict[str, Entity] = {}


def default_audience(db, row):
    """The row's node and its author."""
    from .changes import Audience
    return Audience(row["node_id"], row.get("created_by"))


def register(entity):
    """Add an entity to the registry (once, at import of its feature)."""
    if entity.audience is None:
        entity.audience = default_audience
    if entity.name in REGISTRY and REGISTRY[entity.name] is not entity:
        raise ValueError(f"sync entity {entity.name!r} registered twice")
    REGISTRY[entity.name] = entity
    return entity


def get(name):
    """The entity called name, or None (for anything else a phone may send as a name)."""
    return REGISTRY.get(name) if isinstance(name, str) else None
