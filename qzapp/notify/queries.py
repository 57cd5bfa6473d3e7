"""The SQL of notifications: the inbox, the keys told once, subscriptions, the push queue and
preferences."""
from ..db import execute, execute_many, fetch_all, fetch_one, fetch_tuples, rows_in


def taken(db, key):
    """Take key (what is told once); False when it was taken before."""
    return execute(db, "INSERT OR IGNORE INTO notify_keys (key, at) VALUES (?, datetime('now'))",
                   [key]).rowcount == 0


def told_keys(db, keys):
    """The keys among keys told already."""
    return {r["key"] for r in rows_in(db, "SELECT key FROM notify_keys WHERE key IN ({marks})",
                                      keys)}


def told_already(db, key, user_ids):
    """The users among user_ids who have a notice of this key."""
    return {r["user_id"] for r in rows_in(
        db, "SELECT user_id FROM notices WHERE key = ? AND user_id IN ({marks})", list(user_ids),
        prefix=[key])}


def prefs_of(db, user_ids):
    """{user_id: prefs row} of those who set any."""
    return {r["user_id"]: r for r in rows_in(
        db, "SELECT * FROM notify_prefs WHERE user_id IN ({marks})", list(user_ids))}


def prefs(db, user_id):
    """One user's preferences, or None."""
    return fetch_one(db, "SELECT * FROM notify_prefs WHERE user_id = ?", [user_id])


def save_prefs(db, user_id, push_kinds, quiet_start, quiet_end, stamp):
    """Store a user's preferences."""
    execute(db, "INSERT INTO notify_prefs (user_id, push_kinds, quiet_start, quiet_end,"
            " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " push_kinds = excluded.push_kinds, quiet_start = excluded.quiet_start,"
            " quiet_end = excluded.quiet_end, updated_at = excluded.updated_at",
            [user_id, push_kinds, quiet_start, quiet_end, stamp])


def subscriptions_of(db, user_ids):
    """The push subscriptions of these users."""
    return rows_in(db, "SELECT id, user_id FROM push_subscriptions WHERE user_id IN ({marks})",
                   list(user_ids))


def subscribe(db, user_id, endpoint, p256dh, auth, stamp):
    """Keep a device's subscription (an endpoint moves to whoever subscribes it last)."""
    execute(db, "INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET user_id ="
            " excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth",
            [user_id, endpoint, p256dh, auth, stamp])


def unsubscribe(db, user_id, endpoint):
    """Forget a device's subscription; how many were forgotten."""
    return execute(db, "DELETE FROM push_subscriptions WHERE user_id = ? AND endpoint = ?",
                   [user_id, endpoint]).rowcount


def count_subscriptions(db, user_id):
    return fetch_tuples(db, "SELECT count(*) FROM push_subscriptions WHERE user_id = ?",
                        [user_id])[0][0]


def enqueue(db, rows):
    """Queue pushes: (subscription_id, notice_id, payload, urgency, ttl, not_before)."""
    execute_many(db, "INSERT INTO push_queue (subscription_id, notice_id, payload, urgency, ttl,"
                 " not_before) VALUES (?, ?, ?, ?, ?, ?)", rows)


def claim(db, now, until, limit):
    """Claim up to limit due pushes (none claimed by another sender): theirs until `until`;
    each with its subscription."""
    rows = fetch_all(
        db, "SELECT q.*, s.endpoint, s.p256dh, s.auth FROM push_queue q JOIN push_subscriptions s"
        " ON s.id = q.subscription_id WHERE q.not_before <= ? AND (q.claimed_until IS NULL OR"
        " q.claimed_until < ?) ORDER BY q.not_before LIMIT ?", [now, now, limit])
    execute_many(db, "UPDATE push_queue SET claimed_until = ? WHERE id = ?",
                 [(until, r["id"]) for r in rows])
    return rows


def sent(db, queue_ids, subscription_ids, stamp):
    """Pushes delivered: off the queue, their subscriptions alive."""
    execute_many(db, "DELETE FROM push_queue WHERE id = ?", [(i,) for i in queue_ids])
    execute_many(db, "UPDATE push_subscriptions SET last_sent_at = ? WHERE id = ?",
                 [(stamp, i) for i in set(subscription_ids)])


def gone(db, subscription_ids):
    """Subscriptions the push service no longer knows (404/410): forgotten, with their queue."""
    execute_many(db, "DELETE FROM push_queue WHERE subscription_id = ?",
                 [(i,) for i in set(subscription_ids)])
    execute_many(db, "DELETE FROM push_subscriptions WHERE id = ?",
                 [(i,) for i in set(subscription_ids)])


def retry(db, rows):
    """Pushes to try again: (not_before, error, queue id)."""
    execute_many(db, "UPDATE push_queue SET attempts = attempts + 1, not_before = ?,"
                 " claimed_until = NULL, last_error = ? WHERE id = ?", rows)


def drop(db, queue_ids):
    """Pushes given up."""
    execute_many(db, "DELETE FROM push_queue WHERE id = ?", [(i,) for i in queue_ids])


def expired_notices(db, before, limit):
    """Notices created before `before`, not yet deleted (oldest first)."""
    return fetch_all(db, "SELECT * FROM notices WHERE deleted = 0 AND created_at < ? ORDER BY"
                         " created_at LIMIT ?", [before, limit])


def queue_size(db):
    return fetch_tuples(db, "SELECT count(*) FROM push_queue")[0][0]
