"""0010: service windows (F14, the ledger's engine with kind 办事事项): the time limit of each
matter type a unit sets, and the log of unannounced inspections (暗访) of its windows."""
from . import migrations
from .columns import SYNC_COLUMNS


@migrations(name="0010_service_windows")
def service_windows(db):
    """Create matter_types and inspections; a case names its matter type."""
    db.executescript(
        f"""
        ALTER TABLE cases ADD COLUMN matter_type TEXT;

        -- Working days to settle a matter of a type at a unit's windows, set by an admin;
        -- the nearest node up the tree that names the type wins.
        CREATE TABLE matter_types (
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            name TEXT NOT NULL,
            close_days INTEGER NOT NULL,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (node_id, name)
        );

        -- An unannounced inspection of a service window: where, when, what was found.
        CREATE TABLE inspections (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            visited_at TEXT NOT NULL,
            window TEXT NOT NULL,
            result TEXT NOT NULL,
            findings TEXT NOT NULL,
            follow_up TEXT,
            photos TEXT NOT NULL DEFAULT '[]',{SYNC_COLUMNS}
        );
        CREATE INDEX inspections_node ON inspections(node_id, visited_at);
        """
    )
