"""Limits on the public forms, kept in the database so that every worker counts alike: so many
submissions per address, per phone, per device in a window. What is limited is stored as a
keyed hash, never as the address or number itself."""
import hashlib
import hmac
import time

from flask import current_app

from . import queries
from .page import PublicError

# Hits are kept this long (the longest window of any limit), then the tick forgets them.
KEEP_SECONDS = 7 * 86400


def _key(value):
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, str(value).encode(), hashlib.sha256).hexdigest()[:32]


def retry_after(db, bucket, value, limit, window):
    """0 when value may be counted once more in bucket within `window` seconds, else the
    seconds until its oldest counted hit leaves the window."""
    hits = queries.recent_hits(db, bucket, _key(value), time.time() - window, limit)
    if len(hits) < limit:
        return 0
    return max(1, int(hits[-1] + window - time.time()) + 1)


def check(db, limits):
    """Refuse (429, a page saying when to come back) when any of limits — (bucket, value,
    limit, window) each — is reached; a value that is None is not limited."""
    wait = max((retry_after(db, *limit) for limit in limits if limit[1] is not None),
               default=0)
    if wait:
        raise PublicError(429, "public.rate_limited", minutes=max(1, (wait + 59) // 60))


def count(db, limits):
    """Count one hit against each of limits (inside the caller's write)."""
    now = time.time()
    queries.add_hits(db, [(bucket, _key(value), now) for bucket, value, _limit, _window
                          in limits if value is not None])


def prune(db):
    """Forget hits older than any window (the tick's daily work); how many."""
    return queries.prune_hits(db, time.time() - KEEP_SECONDS)
