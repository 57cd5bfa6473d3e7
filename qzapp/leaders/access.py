"""Who reads a leader and their records: the leader themself, and the administrators and
supervisors whose scope holds the leader's node (the node a record was written at)."""
from . import rules


def may_read(db, user, record):
    """Whether the user reads a leader's record (a row or dict with created_by, node_id)."""
    if record["created_by"] == user.id:
        return True
    return user.has_role(*rules.READERS) and user.scope.contains(db, record["node_id"])


def may_read_leader(db, user, leader):
    """Whether the user reads a leader (a user row with id, node_id) and their progress."""
    return may_read(db, user, {"created_by": leader["id"], "node_id": leader["node_id"]})
