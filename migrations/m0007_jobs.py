"""0007: background jobs (imports that run longer than a request may), and an index on the
households' ID numbers for the duplicate checks of imports and pushes."""
from . import migrations


@migrations(name="0007_jobs")
def jobs(db):
    """Create jobs; index households.id_number."""
    db.executescript(
        """
        -- One row per job: who started it, on which subtree, how far it got and how it ended.
        -- heartbeat (Unix seconds) is renewed while the job runs: a job whose heartbeat is
        -- old belongs to a worker that died or restarted, and reads as failed.
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            user_id INTEGER NOT NULL REFERENCES users(id),
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            node_path TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
            phase TEXT,
            total INTEGER,
            checked INTEGER NOT NULL DEFAULT 0,
            prepared INTEGER NOT NULL DEFAULT 0,
            written INTEGER NOT NULL DEFAULT 0,
            result TEXT,  -- JSON: the work's answer when done, its error when failed
            created_at TEXT NOT NULL,
            finished_at TEXT,
            heartbeat REAL NOT NULL
        );
        CREATE INDEX jobs_unfinished ON jobs(kind, state) WHERE state IN ('queued', 'running');
        CREATE INDEX jobs_user ON jobs(user_id);

        -- A household's twin is looked up by its ID number: without this index each lookup
        -- read every household of its village, and an import slowed down as they grew.
        CREATE INDEX households_id_number ON households(id_number) WHERE id_number IS NOT NULL;
        """
    )
