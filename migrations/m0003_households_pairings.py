"""0003: pairings, stationed cadres, appeals raised from diaries, reveals of personal data;
the change feed learns a record's handler (a household's paired cadre)."""
from . import migrations

SYNC_COLUMNS = """
            rev INTEGER NOT NULL,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL,
            device_id TEXT,
            deleted INTEGER NOT NULL DEFAULT 0
"""


@migrations(name="0003_households_pairings")
def households_pairings(db):
    """Create pairings, stationings, appeals and reveals; add changes.handler_id."""
    db.executescript(
        f"""
        ALTER TABLE changes ADD COLUMN handler_id INTEGER;

        CREATE TABLE pairings (
            id TEXT PRIMARY KEY,
            household_id TEXT NOT NULL REFERENCES households(id),
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            cadre_id INTEGER NOT NULL REFERENCES users(id),
            start_date TEXT NOT NULL,
            planned_end_date TEXT,
            end_date TEXT,
            handover_note TEXT,{SYNC_COLUMNS}
        );
        CREATE INDEX pairings_household ON pairings(household_id, end_date);
        CREATE INDEX pairings_cadre ON pairings(cadre_id, end_date);

        CREATE TABLE stationings (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            cadre_id INTEGER NOT NULL REFERENCES users(id),
            post TEXT,
            start_date TEXT NOT NULL,
            planned_end_date TEXT,
            end_date TEXT,{SYNC_COLUMNS}
        );
        CREATE INDEX stationings_cadre ON stationings(cadre_id, end_date);

        CREATE TABLE appeals (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            household_id TEXT REFERENCES households(id),
            diary_id TEXT REFERENCES diaries(id),
            channel TEXT NOT NULL,
            category TEXT NOT NULL,
            text TEXT NOT NULL,{SYNC_COLUMNS}
        );
        CREATE INDEX appeals_node ON appeals(node_id);

        CREATE TABLE reveals (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            household_id TEXT NOT NULL REFERENCES households(id),
            field TEXT NOT NULL,
            revealed_at TEXT NOT NULL,{SYNC_COLUMNS}
        );
        CREATE INDEX reveals_household ON reveals(household_id);
        """
    )
