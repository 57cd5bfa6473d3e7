"""0021: leaders' receptions (F9, seed §4): public receptions a leader schedules and holds
(定期接访) and visits with cases (带案下访); the cases received at one name it in their receive
event. Also what the leaders' day count asks of the ledger: the cases a user received."""
from . import migrations
from .columns import SYNC_COLUMNS


@migrations(name="0021_receptions")
def receptions(db):
    """Create receptions and the indexes that find the cases of a reception and of a receiver."""
    db.executescript(
        f"""
        -- A reception: planned (announced on the public board when public = 1), then held
        -- (with how many people came and what was done) or cancelled (with the reason).
        -- node_id: the leader's own node; place_node_id: where it is held; month: YYYY-MM of
        -- starts_at, for the monthly quota.
        CREATE TABLE receptions (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            place_node_id INTEGER REFERENCES org_nodes(id),
            kind TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            year INTEGER NOT NULL,
            month TEXT NOT NULL,
            place TEXT NOT NULL,
            topic TEXT,
            public INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'planned',
            visitors INTEGER,
            summary TEXT,
            cancel_reason TEXT,
            photos TEXT NOT NULL DEFAULT '[]',{SYNC_COLUMNS}
        );
        CREATE INDEX receptions_leader ON receptions(created_by, year, starts_at);
        -- The public boards' coming receptions, by where they are held.
        CREATE INDEX receptions_place ON receptions(place_node_id, starts_at)
            WHERE public = 1 AND status = 'planned' AND deleted = 0;

        CREATE INDEX case_events_reception ON case_events(json_extract(data, '$.reception_id'))
            WHERE kind = 'receive';
        CREATE INDEX cases_received_by ON cases(received_by, received_at);
        """)
