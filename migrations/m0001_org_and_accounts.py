"""0001: the org tree, accounts with roles, login throttling, the audit trail, households.

Every scoped row names the org node it belongs to in `node_id` (a household: its grid,
or its village when it has no grid); scope is always "node_id in the user's subtree".
"""
from . import migrations


@migrations(name="0001_org_and_accounts")
def org_and_accounts(db):
    """Create the org tree, users, roles, login failures and audit tables."""
    db.executescript(
        """
        CREATE TABLE org_nodes (
            id INTEGER PRIMARY KEY,
            parent_id INTEGER REFERENCES org_nodes(id),
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('province', 'city', 'county', 'township',
                                               'village', 'grid', 'party_org')),
            subtype TEXT,
            code TEXT,
            path TEXT NOT NULL UNIQUE,
            depth INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by INTEGER,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX org_nodes_parent ON org_nodes(parent_id);
        CREATE UNIQUE INDEX org_nodes_sibling_name ON org_nodes(parent_id, name);
        CREATE UNIQUE INDEX org_nodes_code ON org_nodes(code) WHERE code IS NOT NULL;

        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            phone TEXT,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            password_hash TEXT NOT NULL,
            session_token TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            must_change_password INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            created_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL,
            last_login_at TEXT
        );
        CREATE INDEX users_node ON users(node_id);

        CREATE TABLE user_roles (
            user_id INTEGER NOT NULL REFERENCES users(id),
            role TEXT NOT NULL,
            PRIMARY KEY (user_id, role)
        );

        CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL COLLATE NOCASE,
            address TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX login_failures_username ON login_failures(username, at);
        CREATE INDEX login_failures_address ON login_failures(address, at);

        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            device_id TEXT,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_entity ON audit(entity, entity_id);

        CREATE TABLE households (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            head_name TEXT NOT NULL,
            members TEXT NOT NULL DEFAULT '[]',
            difficulty_type TEXT NOT NULL,
            needs TEXT,
            address TEXT,
            phone TEXT,
            id_number TEXT,
            rev INTEGER NOT NULL DEFAULT 0,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            device_id TEXT,
            deleted INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX households_node ON households(node_id);
        """
    )
