"""0004: sign-in sessions that logging out ends; each account's access mark in the change
feed; who has shown they hold a photo; the server's time of receipt of a reveal."""
from . import migrations


@migrations(name="0004_sessions_access_media_owners")
def sessions_access_media_owners(db):
    """Create user_sessions and media_owners; add users.access_seq and reveals.received_at."""
    db.executescript(
        """
        -- One row per signed-in browser: its id travels in the session and remember-me
        -- cookies, and logging out deletes the row, so a copied cookie stops working.
        CREATE TABLE user_sessions (
            id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX user_sessions_user ON user_sessions(user_id);

        -- The change-feed seq at which what the account may see last changed (its roles or
        -- node): a phone whose cursor lies before it starts its pull again from zero.
        ALTER TABLE users ADD COLUMN access_seq INTEGER NOT NULL DEFAULT 0;

        -- Who has sent a photo's bytes (its uploader, and anyone who sent the same photo
        -- later): they may attach it and see it without a record that shows it.
        CREATE TABLE media_owners (
            sha256 TEXT NOT NULL REFERENCES media(sha256),
            user_id INTEGER NOT NULL REFERENCES users(id),
            PRIMARY KEY (sha256, user_id)
        ) WITHOUT ROWID;
        INSERT INTO media_owners (sha256, user_id)
            SELECT sha256, created_by FROM media WHERE created_by IS NOT NULL;

        -- revealed_at is the moment the phone claims; received_at the server's own stamp.
        ALTER TABLE reveals ADD COLUMN received_at TEXT;
        UPDATE reveals SET received_at = created_at;
        CREATE INDEX reveals_by_user ON reveals(created_by, received_at);
        """
    )
