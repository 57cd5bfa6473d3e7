"""Failed-login limits per account and per client address, kept in the database
so that every worker process sees the same counts."""
import time

from flask import current_app

from ..db import execute, fetch_tuples, savepoint


def _window_start():
    return time.time() - current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"]


def _retry_after(db, column, value, limit):
    """Seconds until the oldest counted failure leaves the window, when over limit."""
    rows = fetch_tuples(
        db, f"SELECT at FROM login_failures WHERE {column} = ? AND at > ? ORDER BY at DESC LIMIT ?",
        [value, _window_start(), limit],
    )
    if len(rows) < limit:
        return 0
    window = current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"]
    return max(1, int(rows[-1][0] + window - time.time()) + 1)


def retry_after(db, username, address):
    """0 when a login may be tried, else the seconds to wait."""
    cfg = current_app.config
    return max(
        _retry_after(db, "username", username, cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        _retry_after(db, "address", address, cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    )


def record_failure(db, username, address):
    """Count one failed login; forget failures older than the window."""
    with savepoint(db):
        execute(db, "DELETE FROM login_failures WHERE at <= ?", [_window_start()])
        execute(db, "INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)",
                [username, address, time.time()])


def clear_account(db, username):
    """A successful login forgives the account's failures."""
    execute(db, "DELETE FROM login_failures WHERE username = ?", [username])
