"""Sign-in sessions: each login opens one, logging out ends it, so a copied session or
remember-me cookie stops working the moment its owner signs out."""
import datetime as dt
import secrets

from ..clock import iso, now, now_iso
from ..db import execute, fetch_value


def open_session(db, user_id, remember_days):
    """Start a session for the account (inside the caller's write); returns its id. Sessions
    older than the remember-me lifetime are forgotten on the way."""
    cutoff = iso(now() - dt.timedelta(days=remember_days))
    execute(db, "DELETE FROM user_sessions WHERE user_id = ? AND created_at < ?",
            [user_id, cutoff])
    sid = secrets.token_urlsafe(24)
    execute(db, "INSERT INTO user_sessions (id, user_id, created_at) VALUES (?, ?, ?)",
            [sid, user_id, now_iso()])
    return sid


def end_session(db, sid):
    """End one session (logging out)."""
    execute(db, "DELETE FROM user_sessions WHERE id = ?", [sid])


def end_all_sessions(db, user_id):
    """End every session of the account (a new password, deactivation)."""
    execute(db, "DELETE FROM user_sessions WHERE user_id = ?", [user_id])


def session_is_open(db, user_id, sid):
    """Whether sid is an open session of the account."""
    return bool(sid) and fetch_value(
        db, "SELECT 1 FROM user_sessions WHERE id = ? AND user_id = ?", [sid, user_id]
    ) is not None
