"""0020: leaders' grassroots work (F8, seed §2): the villages, communities and enterprises a
leader keeps in touch with (联系点), the yearly targets set per node, and the records a leader
writes on the phone: days at the grassroots, research visits with their entourage, research
reports (text, or a document uploaded with a connection)."""
from . import migrations
from .columns import SYNC_COLUMNS


@migrations(name="0020_leaders")
def leaders(db):
    """Create the leaders' tables."""
    db.executescript(
        f"""
        -- A leader's contact point: set by an administrator of both.
        CREATE TABLE leader_contacts (
            user_id INTEGER NOT NULL REFERENCES users(id),
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            assigned_by INTEGER REFERENCES users(id),
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (user_id, node_id)
        );
        CREATE INDEX leader_contacts_node ON leader_contacts(node_id);

        -- The targets of the leaders of one level (city, county, township …) whose node lies
        -- under node_id: days at the grassroots a year, public receptions a month. NULL: the
        -- seed's default for the level (or none). The deepest node's setting wins.
        CREATE TABLE leader_targets (
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            level TEXT NOT NULL,
            days_per_year INTEGER,
            receptions_per_month INTEGER,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (node_id, level)
        );

        -- A day at the grassroots as the leader logged it: the date, where (a node of the
        -- tree, and the place in words), the position where allowed, what was done, photos.
        -- node_id: the leader's own node (who reads it: the leader's unit and above);
        -- place_node_id: where it was.
        CREATE TABLE grassroots_days (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            place_node_id INTEGER REFERENCES org_nodes(id),
            day TEXT NOT NULL,
            year INTEGER NOT NULL,
            place TEXT,
            lat REAL,
            lng REAL,
            accuracy REAL,
            done TEXT NOT NULL,
            photos TEXT NOT NULL DEFAULT '[]',{SYNC_COLUMNS}
        );
        CREATE INDEX grassroots_days_leader ON grassroots_days(created_by, year, day);
        CREATE INDEX grassroots_days_place ON grassroots_days(place_node_id, day);

        -- A research visit (蹲点/专题/随机调研): its days, where, the topic, the people who came
        -- along counted by where they came from; over_limit when they exceed the seed's rule for
        -- the leader's level (recorded with the reason, never refused).
        CREATE TABLE research_visits (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            place_node_id INTEGER REFERENCES org_nodes(id),
            kind TEXT NOT NULL,
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            year INTEGER NOT NULL,
            places TEXT NOT NULL,
            topic TEXT NOT NULL,
            entourage_provincial INTEGER NOT NULL DEFAULT 0,
            entourage_city INTEGER NOT NULL DEFAULT 0,
            entourage_county INTEGER NOT NULL DEFAULT 0,
            over_limit INTEGER NOT NULL DEFAULT 0,
            over_reason TEXT,
            findings TEXT,
            photos TEXT NOT NULL DEFAULT '[]',{SYNC_COLUMNS}
        );
        CREATE INDEX research_visits_leader ON research_visits(created_by, year, starts_on);
        CREATE INDEX research_visits_place ON research_visits(place_node_id, starts_on);

        -- A research report: its text, or a document (documents.sha256), and the visits it
        -- draws on (JSON list of ids).
        CREATE TABLE research_reports (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            year INTEGER NOT NULL,
            title TEXT NOT NULL,
            body TEXT,
            document TEXT,
            document_name TEXT,
            visit_ids TEXT NOT NULL DEFAULT '[]',{SYNC_COLUMNS}
        );
        CREATE INDEX research_reports_leader ON research_reports(created_by, year);

        -- Uploaded documents (PDF, Word), by their SHA-256, and who has sent their bytes.
        CREATE TABLE documents (
            sha256 TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL
        );
        CREATE TABLE document_owners (
            sha256 TEXT NOT NULL REFERENCES documents(sha256),
            user_id INTEGER NOT NULL REFERENCES users(id),
            PRIMARY KEY (sha256, user_id)
        );
        """)
