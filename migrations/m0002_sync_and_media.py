"""0002: the change feed, devices and their acknowledged mutations, media, diaries."""
from . import migrations


@migrations(name="0002_sync_and_media")
def sync_and_media(db):
    """Create the sync tables, the media register and the diaries table."""
    db.executescript(
        """
        -- One 'upsert' row per record (its latest change) and one 'drop' row each time a
        -- record leaves an audience; seq is the global change counter (records' rev).
        CREATE TABLE changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('upsert', 'drop')),
            node_id INTEGER,
            owner_id INTEGER,
            deleted INTEGER NOT NULL DEFAULT 0,
            at TEXT NOT NULL,
            data TEXT  -- the record as pulled (JSON), written with it; NULL: build it on pull
        );
        CREATE UNIQUE INDEX changes_current ON changes(entity, record_id) WHERE kind = 'upsert';
        -- Pulls walk the feed by seq and test each change's audience: no other index.

        CREATE TABLE sync_devices (
            user_id INTEGER NOT NULL REFERENCES users(id),
            device_id TEXT NOT NULL,
            last_mid INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            last_push_at TEXT,
            PRIMARY KEY (user_id, device_id)
        );
        CREATE TABLE sync_results (
            user_id INTEGER NOT NULL,
            device_id TEXT NOT NULL,
            mid INTEGER NOT NULL,
            result TEXT NOT NULL,
            PRIMARY KEY (user_id, device_id, mid)
        ) WITHOUT ROWID;
        CREATE TABLE sync_meta (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        INSERT INTO sync_meta (key, value) VALUES ('horizon_seq', 0);

        CREATE TABLE media (
            sha256 TEXT PRIMARY KEY,
            bytes INTEGER NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL
        );
        CREATE TABLE media_refs (
            sha256 TEXT NOT NULL REFERENCES media(sha256),
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            PRIMARY KEY (sha256, entity, record_id)
        ) WITHOUT ROWID;
        CREATE INDEX media_refs_record ON media_refs(entity, record_id);

        CREATE TABLE diaries (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            kind TEXT NOT NULL,
            activity_type TEXT,
            occurred_at TEXT NOT NULL,
            place TEXT,
            lat REAL,
            lng REAL,
            accuracy REAL,
            household_id TEXT REFERENCES households(id),
            people_met TEXT,
            heard TEXT,
            done TEXT,
            topic TEXT,
            attendance INTEGER,
            photos TEXT NOT NULL DEFAULT '[]',
            follow_up_date TEXT,
            rev INTEGER NOT NULL,
            created_by INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL,
            device_id TEXT,
            deleted INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX diaries_node ON diaries(node_id, occurred_at);
        CREATE INDEX diaries_author ON diaries(created_by, occurred_at);
        CREATE INDEX diaries_household ON diaries(household_id, occurred_at);

        -- The last writer: a device's own consecutive writes never conflict with each other.
        ALTER TABLE households ADD COLUMN updated_by INTEGER REFERENCES users(id);

        -- Households loaded before the change feed existed join it now.
        INSERT INTO changes (entity, record_id, kind, node_id, deleted, at)
            SELECT 'household', id, 'upsert', node_id, deleted, updated_at FROM households
            ORDER BY created_at, id;
        UPDATE households SET rev = (SELECT seq FROM changes WHERE entity = 'household'
                                     AND record_id = households.id AND kind = 'upsert');
        """
    )
