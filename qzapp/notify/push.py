"""Web Push, an extra nudge where it reaches the phone: VAPID keys made once into the instance
folder, devices' subscriptions, and a queue the tick sends from with pywebpush (encrypted per
RFC 8291), so that no request waits for a push service. A push service answering 404 or 410
has forgotten the device (its subscription goes); 429 and 5xx are tried again later, longer
each time; quiet hours hold a push until they end."""
import base64
import binascii
import concurrent.futures
import datetime as dt
import json
import logging
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from flask import current_app
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from .. import clock
from ..db import immediate
from ..i18n import t
from . import queries

log = logging.getLogger(__name__)

KEY_FILE = "vapid_private.pem"
LOOPBACK = ("localhost", "127.0.0.1", "[::1]", "::1")
# A push service keeps an undelivered push this long (a phone off for a day still gets it).
TTL_SECONDS = 24 * 3600
SEND_TIMEOUT_SECONDS = 10
SENDERS = 16            # pushes in flight at once
BATCH = 500             # pushes claimed by one round
CLAIM_SECONDS = 120     # a claimed push is the claimer's this long (then another may send it)
MAX_ATTEMPTS = 8
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 6 * 3600


def vapid(app=None):
    """The server's VAPID key, made once into the instance folder."""
    app = app or current_app
    cached = app.extensions.get("qz_vapid")
    if cached is not None:
        return cached
    path = Path(app.config.get("VAPID_KEY_FILE") or Path(app.instance_path) / KEY_FILE)
    if path.exists():
        key = Vapid02.from_file(str(path))
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Vapid02()
        key.generate_keys()
        key.save_key(str(path))
        path.chmod(0o600)
    app.extensions["qz_vapid"] = key
    return key


def public_key(app=None):
    """The application server key phones subscribe with (base64url, uncompressed point)."""
    raw = vapid(app).public_key.public_bytes(serialization.Encoding.X962,
                                             serialization.PublicFormat.UncompressedPoint)
    return _b64(raw)


def _b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text):
    """Bytes of base64url text (padding optional), or None."""
    if not isinstance(text, str) or not text or len(text) > 200:
        return None
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def subscription_problems(body):
    """[{field, message}] of a subscription a phone sends ({endpoint, keys: {p256dh,
    auth}}, as PushSubscription.toJSON gives it)."""
    errors = []
    endpoint = body.get("endpoint") if isinstance(body, dict) else None
    parts = urlsplit(endpoint) if isinstance(endpoint, str) and len(endpoint) <= 1000 else None
    loopback_ok = current_app.config.get("PUSH_ALLOW_LOOPBACK")
    if parts is None or not parts.hostname or not (
            parts.scheme == "https" or (loopback_ok and parts.scheme == "http"
                                        and parts.hostname in LOOPBACK)):
        errors.append({"field": "endpoint", "message": t("push.bad_endpoint")})
    keys = body.get("keys") if isinstance(body, dict) else None
    keys = keys if isinstance(keys, dict) else {}
    p256dh, auth = _unb64(keys.get("p256dh")), _unb64(keys.get("auth"))
    if p256dh is None or len(p256dh) != 65 or p256dh[0] != 4:
        errors.append({"field": "keys.p256dh", "message": t("push.bad_key")})
    if auth is None or len(auth) != 16:
        errors.append({"field": "keys.auth", "message": t("push.bad_auth")})
    return errors


def enqueue(db, kind, notices, prefs, title, body, link, now=None):
    """Queue a push of each notice to every device of its user who takes pushes of this kind,
    held until their quiet hours end; in the caller's transaction."""
    wanted = {n["user_id"]: n for n in notices if prefs[n["user_id"]].pushes(kind.name)}
    if not wanted:
        return 0
    now = now or clock.now()
    rows = []
    for sub in queries.subscriptions_of(db, list(wanted)):
        notice = wanted[sub["user_id"]]
        payload = json.dumps({"id": notice["id"], "title": title, "body": body, "link": link},
                             ensure_ascii=False)
        release = prefs[sub["user_id"]].release_at(now)
        rows.append((sub["id"], notice["id"], payload, kind.urgency, TTL_SECONDS,
                     release.timestamp()))
    queries.enqueue(db, rows)
    return len(rows)


def drain(db, app=None, now=None, rounds=20):
    """Send what is due, a batch at a time: claimed in a short write, sent without holding
    the writer lock, the outcome written after. Returns {sent, retried, gone, dropped}."""
    app = app or current_app
    key = vapid(app)
    subject = app.config.get("VAPID_SUBJECT", "mailto:admin@localhost")
    totals = {"sent": 0, "retried": 0, "gone": 0, "dropped": 0}
    with requests.Session() as session, concurrent.futures.ThreadPoolExecutor(SENDERS) as pool:
        adapter = requests.adapters.HTTPAdapter(pool_connections=SENDERS, pool_maxsize=SENDERS)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        for _ in range(rounds):
            moment = now if now is not None else time.time()
            with immediate(db):
                batch = queries.claim(db, moment, moment + CLAIM_SECONDS, BATCH)
            if not batch:
                break
            outcomes = list(pool.map(lambda row: _send(row, key, subject, session), batch))
            _record(db, batch, outcomes, moment, totals)
            if now is not None:   # a given moment: one pass (tests, the benchmark's rounds)
                break
    return totals


def _send(row, key, subject, session):
    """Send one push: (status, retry_after seconds or None, error text or None)."""
    try:
        response = webpush(
            {"endpoint": row["endpoint"], "keys": {"p256dh": row["p256dh"], "auth": row["auth"]}},
            data=row["payload"], vapid_private_key=key, vapid_claims={"sub": subject},
            ttl=row["ttl"], timeout=SEND_TIMEOUT_SECONDS, headers={"Urgency": row["urgency"]},
            requests_session=session)
        return response.status_code, None, None
    except WebPushException as exc:
        response = exc.response
        if response is None:
            return None, None, str(exc)[:200]
        return response.status_code, _retry_after(response), response.text[:200]
    except requests.RequestException as exc:   # timeouts, refused connections
        return None, None, f"{type(exc).__name__}: {exc}"[:200]


def _retry_after(response):
    value = response.headers.get("Retry-After", "")
    return int(value) if value.isdigit() else None


def _record(db, batch, outcomes, moment, totals):
    """Write what became of a batch."""
    done, dead, again, dropped = [], [], [], []
    for row, (status, retry_after, error) in zip(batch, outcomes):
        if status is not None and 200 <= status < 300:
            done.append(row)
        elif status in (404, 410):
            dead.append(row["subscription_id"])
        elif status is None or status == 429 or status >= 500:
            if row["attempts"] + 1 >= MAX_ATTEMPTS:
                dropped.append(row["id"])
                log.warning("push %s given up after %s attempts: %s", row["id"],
                            row["attempts"] + 1, error)
                continue
            wait = retry_after or min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** row["attempts"])
            again.append((moment + wait, f"{status}: {error}", row["id"]))
        else:   # the push service refused this push itself (400, 413): no use sending it again
            log.warning("push %s refused with %s: %s", row["id"], status, error)
            dropped.append(row["id"])
    stamp = dt.datetime.fromtimestamp(moment, dt.UTC).isoformat()
    with immediate(db):
        queries.sent(db, [r["id"] for r in done], [r["subscription_id"] for r in done], stamp)
        queries.gone(db, dead)
        queries.retry(db, again)
        queries.drop(db, dropped)
    totals["sent"] += len(done)
    totals["gone"] += len(dead)
    totals["retried"] += len(again)
    totals["dropped"] += len(dropped)
