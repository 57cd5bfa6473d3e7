"""0015: the public side (民情公开栏, F4): what of a case is on its village's board, the
residents' private tracking links, each village's desk (who receives online appeals, when
the office is open), and the hits the public forms count against their limits."""
from . import migrations


@migrations(name="0015_public_side")
def public_side(db):
    """Add the cases' board columns; create public_tracks, public_desks and public_hits."""
    db.executescript(
        """
        ALTER TABLE cases ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cases ADD COLUMN public_summary TEXT;
        ALTER TABLE cases ADD COLUMN published_at TEXT;
        -- A village's board: the latest change of its cases is the board's version (its
        -- ETag), read without reading a case; its published cases, newest first.
        CREATE INDEX cases_node_rev ON cases(node_id, rev);
        CREATE INDEX cases_published ON cases(node_id, received_at) WHERE published = 1;

        -- A resident's private link to a case they sent: the SHA-256 of its 128-bit token
        -- (the token itself is only ever in the resident's hands), and the short code they
        -- may quote on the telephone.
        CREATE TABLE public_tracks (
            token_hash TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL REFERENCES cases(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX public_tracks_case ON public_tracks(case_id);

        -- A village's desk: who receives its online appeals (else its first secretary, else
        -- its township), and the office hours its poster gives.
        CREATE TABLE public_desks (
            node_id INTEGER PRIMARY KEY REFERENCES org_nodes(id),
            receiver_id INTEGER REFERENCES users(id),
            office_hours TEXT,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL
        );

        -- Submissions counted against the public forms' limits, by what they are limited by
        -- (a keyed hash of an address, a phone, a device: never the address itself).
        CREATE TABLE public_hits (
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX public_hits_key ON public_hits(bucket, key, at);
        CREATE INDEX public_hits_at ON public_hits(at);
        """
    )
