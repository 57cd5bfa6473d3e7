"""Notification benchmark: fanning one escalation out to many inboxes, and sending the push
queue to a push service on loopback.

    .venv/bin/python bench/notify_bench.py [--users 500] [--pushes 2000] [--runs 5]

In process, on a fresh database in a temporary folder (the work runs in the tick's process,
so in process is what it costs):
- fan-out: a case escalated to a county office where --users readers of cases work; the time
  of notify.emit writing their inbox entries (each a synced record with its change) and
  queueing their pushes, inside one write transaction, best and median of --runs;
- push queue: --pushes devices of distinct users (each with its own P-256 key and secret)
  subscribed at a local push service (a threaded HTTP server on 127.0.0.1 answering 201), one
  notice each, then push.drain: pushes per second, every one encrypted (RFC 8291, aes128gcm)
  and signed (VAPID ES256) by pywebpush, as in production.
"""
import argparse
import base64
import datetime as dt
import http.server
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qzapp import create_app, notify  # noqa: E402
from qzapp.db import connect, execute_many, immediate  # noqa: E402
from qzapp.notify import push  # noqa: E402
from qzapp.org import service  # noqa: E402


class PushService(http.server.ThreadingHTTPServer):
    """Answers every push 201 and counts them."""

    daemon_threads = True
    received = 0

    def __init__(self):
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                server.received += 1
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def users(db, node, count, roles, prefix):
    """count accounts on node (inserted in bulk: hashing passwords is not what is measured)."""
    execute_many(db, "INSERT INTO users (username, name, node_id, password_hash, session_token,"
                 " active, must_change_password, created_at, updated_at) VALUES (?, ?, ?, 'x',"
                 " 'x', 1, 0, '2026-01-01', '2026-01-01')",
                 [(f"{prefix}{i}", f"用户{i}", node["id"]) for i in range(count)])
    ids = [r[0] for r in db.execute("SELECT id FROM users WHERE username LIKE ?", [f"{prefix}%"])]
    execute_many(db, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
                 [(i, role) for i in ids for role in roles])
    return ids


def fan_out(app, db, count, runs):
    """Seconds to tell `count` users of one escalation, per run."""
    root = service.create_node(db, None, None, {"name": "省", "kind": "province"})
    county = service.create_node(db, None, root, {"name": "县", "kind": "county"})
    village = service.create_node(db, None, county, {"name": "村", "kind": "village"})
    db.conn.commit()
    users(db, county, count, ("leader",), "office")
    db.conn.commit()
    times = []
    for run in range(runs):
        case = {"id": f"case-{run}", "owner_id": None, "node_id": village["id"],
                "text": "村道塌方，群众出行困难"}
        started = time.perf_counter()
        with immediate(db):
            told = notify.emit(db, "case_escalated", {"case": case, "level": 2,
                                                      "to_node_id": county["id"]},
                               f"bench-escalation-{run}")
        times.append(time.perf_counter() - started)
        assert len(told) == count, len(told)
    return times


def push_rate(app, db, count):
    """(pushes sent, seconds) draining a queue of `count` pushes to a local service."""
    server = PushService()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = service.create_node(db, None, None, {"name": "省2", "kind": "province"})
    ids = users(db, root, count, ("cadre",), "device")
    rows = []
    for user_id in ids:
        key = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        rows.append((user_id, f"http://127.0.0.1:{server.server_port}/push/{user_id}", b64(key),
                     b64(b"0123456789abcdef"), "2026-01-01"))
    execute_many(db, "INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth,"
                 " created_at) VALUES (?, ?, ?, ?, ?)", rows)
    execute_many(db, "INSERT INTO notify_prefs (user_id, push_kinds, quiet_start, quiet_end,"
                 " updated_at) VALUES (?, NULL, '00:00', '00:00', '2026-01-01')",
                 [(i,) for i in ids])
    db.conn.commit()
    with immediate(db):
        for user_id in ids:
            notify.emit(db, "sync_refused", {"user_id": user_id, "reason": "测试"},
                        f"bench-push-{user_id}")
    # sync_refused does not push by default: queue one push per device as a pushed kind would.
    with immediate(db):
        execute_many(db, "INSERT INTO push_queue (subscription_id, notice_id, payload, urgency,"
                     " ttl, not_before) SELECT s.id, n.id, '{\"title\":\"测试\"}', 'normal',"
                     " 3600, 0 FROM push_subscriptions s JOIN notices n ON n.user_id = s.user_id"
                     " WHERE s.user_id = ?", [(i,) for i in ids])
    started = time.perf_counter()
    totals = push.drain(db, app, rounds=count // push.BATCH + 2)
    seconds = time.perf_counter() - started
    server.shutdown()
    assert totals["sent"] == count == server.received, (totals, server.received)
    return totals["sent"], seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--pushes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qz-notify-bench-"))
    app = create_app({"DATABASE": str(folder / "q.db"), "MEDIA_DIR": str(folder / "media"),
                      "SECRET_KEY": "bench", "PUSH_ALLOW_LOOPBACK": True,
                      "VAPID_KEY_FILE": str(folder / "vapid.pem")})
    db = connect(app.config["DATABASE"])
    with app.app_context():
        times = fan_out(app, db, args.users, args.runs)
        print(f"fan-out of one escalation to {args.users} users: best"
              f" {min(times) * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms")
        sent, seconds = push_rate(app, db, args.pushes)
        print(f"push queue: {sent} pushes in {seconds:.2f} s = {sent / seconds:.0f} pushes/s"
              f" ({push.SENDERS} senders)")
    print(f"({dt.datetime.now():%Y-%m-%d %H:%M}, {folder})")


if __name__ == "__main__":
    main()
