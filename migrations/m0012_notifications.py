"""0012: notifications (F7): each user's inbox (a synced record the server writes and the
phone marks read or dismissed), the devices that take Web Push, the queue of pushes the tick
sends, and each user's preferences."""
from . import migrations
from .columns import SYNC_COLUMNS


@migrations(name="0012_notifications")
def notifications(db):
    """Create notices, notify_keys, push_subscriptions, push_queue and notify_prefs."""
    db.executescript(
        f"""
        -- One entry of one user's inbox. key says what it is about, once: a repeated or
        -- concurrent tick finds it taken and tells nobody twice.
        CREATE TABLE notices (
            id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            link TEXT,
            read_at TEXT,
            dismissed_at TEXT,{SYNC_COLUMNS}
        );
        CREATE UNIQUE INDEX notices_key ON notices(user_id, key);
        CREATE INDEX notices_age ON notices(created_at) WHERE deleted = 0;

        -- What has been told once and never again: a deadline warned, a rotation due.
        CREATE TABLE notify_keys (
            key TEXT PRIMARY KEY,
            at TEXT NOT NULL
        ) WITHOUT ROWID;

        -- A device that takes Web Push: its push service's endpoint and keys.
        CREATE TABLE push_subscriptions (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            endpoint TEXT NOT NULL UNIQUE,
            p256dh TEXT NOT NULL,
            auth TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_sent_at TEXT
        );
        CREATE INDEX push_subscriptions_user ON push_subscriptions(user_id);

        -- A push waiting to be sent (after quiet hours, or a retry after a 429 or 5xx).
        -- claimed_until: a tick sending it holds it until then, so no other sends it too.
        CREATE TABLE push_queue (
            id INTEGER PRIMARY KEY,
            subscription_id INTEGER NOT NULL REFERENCES push_subscriptions(id)
                ON DELETE CASCADE,
            notice_id TEXT NOT NULL,
            payload TEXT NOT NULL,
            urgency TEXT NOT NULL,
            ttl INTEGER NOT NULL,
            not_before REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            claimed_until REAL,
            last_error TEXT
        );
        CREATE INDEX push_queue_due ON push_queue(not_before);

        -- What a user wants pushed (kinds as JSON; NULL: the kinds' defaults) and when not.
        CREATE TABLE notify_prefs (
            user_id INTEGER PRIMARY KEY REFERENCES users(id),
            push_kinds TEXT,
            quiet_start TEXT NOT NULL,
            quiet_end TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """
    )
