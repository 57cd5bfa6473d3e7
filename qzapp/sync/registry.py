"""The registry of syncable entities: what each stores, validates, and who may write or see it.

A feature plugs into sync by registering an Entity; the engine never names a feature.
"""
from dataclasses import dataclass
from typing import Callable


class Reject(Exception):
    """A mutation the server refuses: a reason, and the fields it concerns."""

    def __init__(self, reason, errors=None, code="rejected"):
        super().__init__(reason)
        self.reason = reason
        self.errors = errors or []
        self.code = code


@dataclass
class Entity:
    """One kind of synced record.

    prepare(db, user, data, existing) -> the row's own columns (validated; node_id included),
        or raises Reject. existing is the stored row on update, None on create.
    may_write(user, existing) -> whether the user may change or delete an existing record.
    owner_of(db, row) -> the user id who handles the record (sees it whatever their scope).
    serialize(db, row) -> the record as the phone stores it (as its handlers see it),
        without its rev (which travels beside it).
    redact(db, user, record) -> the serialized record as a user sees it who may read but
        does not handle it (personal data masked); None when everyone sees the same.
    node_readers: roles that see every record of this kind in their scope.
    media(row) -> the media hashes a prepared (not deleted) record refers to.
    Lists and dicts in a prepared row are stored as JSON text.
    """

    name: str
    table: str
    prepare: Callable
    may_write: Callable
    serialize: Callable
    node_readers: frozenset = frozenset()
    redact: Callable = None
    owner_of: Callable = lambda db, row: row.get("created_by")
    media: Callable = lambda row: []
    ops: tuple = ("put", "delete")


REGISTRY: dict[str, Entity] = {}


def register(entity):
    """Add an entity to the registry (once, at import of its feature)."""
    if entity.name in REGISTRY and REGISTRY[entity.name] is not entity:
        raise ValueError(f"sync entity {entity.name!r} registered twice")
    REGISTRY[entity.name] = entity
    return entity


def get(name):
    """The entity called name, or None."""
    return REGISTRY.get(name)
