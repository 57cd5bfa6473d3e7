"""0006: the change feed indexed by audience, so that a pull reads the ranges of what its user
may see (what they own, what they handle, their subtree's nodes) instead of walking the feed."""
from . import migrations


@migrations(name="0006_changes_audience_indexes")
def changes_audience_indexes(db):
    """Index the changes by owner, by handler and by node and entity, each range in seq order."""
    # A change without that audience has no entry. kind and deleted ride along so that a
    # first pull (no drops, no tombstones) tells them apart without reading the changes.
    db.execute("CREATE INDEX changes_owner ON changes(owner_id, seq, kind, deleted)"
               " WHERE owner_id IS NOT NULL")
    db.execute("CREATE INDEX changes_handler ON changes(handler_id, seq, kind, deleted)"
               " WHERE handler_id IS NOT NULL")
    db.execute("CREATE INDEX changes_node ON changes(node_id, entity, seq, kind, deleted)"
               " WHERE node_id IS NOT NULL")
