"""Sync benchmark: push, concurrent push, replay and pull against gunicorn on 127.0.0.1.

    .venv/bin/python bench/sync_bench.py [--records 10000] [--batch 100] [--clients 8]
                                         [--json orjson|stdlib] [--households N]

Starts gunicorn (2 workers) on a fresh database in a temporary folder, then measures:
push from one client, push from N concurrent clients, replay of the first phase's
batches, and a pull of everything back. Prints records/s and p50/p95 per request, and
checks after every phase that each acknowledged record is stored exactly once.

The client parses answers with orjson (the phone parses with the browser's JSON.parse); with
--json stdlib it uses Python's json module, whose parsing then bounds the pull.
"""
import argparse
import http.client
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "bench2026x"
PULL_PAGE = 1000
loads = json.loads   # the client's JSON parser (see --json)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(path, households=0):
    """A village with one first secretary per client, made through the app's own services,
    and households of it (their ids), stored as the sync engine stores them."""
    from qzapp import create_app
    from qzapp.db import connect
    from qzapp.households.entity import HOUSEHOLD
    from qzapp.ids import new_id
    from qzapp.org import service
    from qzapp.sync import store
    create_app({"SECRET_KEY": "bench", "DATABASE": path})
    db = connect(path)
    ids = [new_id() for _ in range(households)]
    with db.atomic():
        province = service.create_node(db, None, None, {"name": "省", "kind": "province"})
        village = service.create_node(db, None, province, {"name": "村", "kind": "village"})
        for i in range(16):
            service.create_user(db, None, {"username": f"bench{i}", "name": "测试",
                                           "node_id": village["id"], "roles": ["first_secretary"],
                                           "password": PASSWORD})
        for household_id in ids:
            store.save(db, None, HOUSEHOLD, household_id, None, {
                "node_id": village["id"], "head_name": "张三", "members": [],
                "difficulty_type": "low_income", "needs": None, "address": None,
                "phone": None, "id_number": None})
    db.close()
    return ids


class Client:
    """One phone: a keep-alive connection with its session cookie."""

    def __init__(self, port, username=None, cookie=""):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.port, self.cookie = port, cookie
        if username is not None:
            response = self.request("POST", "/api/auth/login",
                                    json.dumps({"username": username, "password": PASSWORD}))
            assert response["ok"], response

    def second_connection(self):
        """The same phone (same session) on another connection, as a browser opens."""
        return Client(self.port, cookie=self.cookie)

    def request(self, method, path, body=None):
        self.send(method, path, body)
        return loads(self.receive()[1])

    def send(self, method, path, body=None):
        headers = {"Content-Type": "application/json", "X-Requested-With": "qzapp",
                   "Cookie": self.cookie}
        self.conn.request(method, path, body=body, headers=headers)

    def receive(self):
        """The answer to the request sent: (headers, body bytes)."""
        response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        if response.status != 200:
            raise RuntimeError(f"{response.status} {data[:300]!r}")
        return response.headers, data


def diary(i):
    """A diary-sized record: about 500 bytes of JSON."""
    return {"kind": "visit", "occurred_at": "2026-11-20T09:30:00+08:00",
            "place": f"青山村{i % 12 + 1}组", "people_met": "户主及其家人",
            "heard": "反映村道路灯损坏，夜间出行不便，希望尽快修复；另询问医保缴费时间。" * 2,
            "done": "现场查看并登记，联系乡镇电工，答复一周内修复。", "photos": [],
            "follow_up_date": "2026-11-27"}


def make_batches(device, count, batch, households=()):
    """Pre-encoded push bodies and the ids they carry (UUID v7, as the PWA makes them); each
    diary about one of households in turn, when there are any."""
    from qzapp.ids import new_id
    bodies, ids = [], []
    for start in range(0, count, batch):
        mutations = []
        for mid in range(start + 1, min(start + batch, count) + 1):
            record_id = new_id()
            ids.append(record_id)
            data = diary(mid)
            if households:
                data["household_id"] = households[mid % len(households)]
            mutations.append({"mid": mid, "op": "put", "entity": "diary", "id": record_id,
                              "base_rev": None, "data": data})
        bodies.append(json.dumps({"device_id": device, "mutations": mutations},
                                 ensure_ascii=False).encode())
    return bodies, ids


def push_all(client, bodies):
    """Send the bodies in order; returns (latencies, acknowledged mids)."""
    latencies, acked = [], []
    for body in bodies:
        started = time.perf_counter()
        answer = client.request("POST", "/api/sync/push", body)
        latencies.append(time.perf_counter() - started)
        acked += [r["mid"] for r in answer["results"] if r["status"] == "applied"]
    return latencies, acked


def concurrent_client(port, username, bodies, start, results):
    """One of the concurrent phones: signs in, waits for the others, pushes its bodies."""
    client = Client(port, username)
    start.wait(120)
    results.put(push_all(client, bodies))


def pull_all(client):
    """Pull every page from the start, as the PWA does: while this page is read and parsed,
    the next one (named by the Link header) is already asked for on a second connection.
    Returns (changes pulled, latencies)."""
    connections, turn = [client, client.second_connection()], 0
    connections[0].send("GET", f"/api/sync/pull?since=0&limit={PULL_PAGE}")
    sent, pulled, latencies = time.perf_counter(), 0, []
    while True:
        headers, data = connections[turn].receive()
        latencies.append(time.perf_counter() - sent)
        link = re.match(r"<([^>]+)>; rel=\"next\"", headers.get("Link") or "")
        if link:
            turn = 1 - turn
            connections[turn].send("GET", link.group(1))
            sent = time.perf_counter()
        page = loads(data)
        pulled += len(page["changes"])
        assert bool(link) == page["more"]
        if not page["more"]:
            return pulled, latencies
        assert link.group(1).startswith(f"/api/sync/pull?since={page['next']}&")


def report(name, records, seconds, latencies):
    lat = sorted(latencies)
    p50 = statistics.median(lat) * 1000
    p95 = lat[max(0, int(len(lat) * 0.95) - 1)] * 1000
    print(f"{name:<28} {records / seconds:>10,.0f} records/s   p50 {p50:7.1f} ms"
          f"   p95 {p95:7.1f} ms   ({len(lat)} requests, {seconds:.2f} s)")


def stored_once(path, ids):
    """Every acknowledged id is stored exactly once (and nothing else is)."""
    from qzapp.db import connect
    db = connect(path)
    try:
        rows = db.execute("SELECT count(*), count(DISTINCT id) FROM diaries").fetchone()
        found = 0
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            found += db.execute(f"SELECT count(*) FROM diaries WHERE id IN"
                                f" ({','.join('?' * len(chunk))})", chunk).fetchone()[0]
        return rows[0] == rows[1] == found == len(ids)
    finally:
        db.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", choices=("orjson", "stdlib"), default="orjson",
                        help="the client's JSON parser")
    parser.add_argument("--households", type=int, default=0,
                        help="diaries about this many households of the village, in turn"
                             " (0: about none)")
    args = parser.parse_args()
    global loads
    if args.json == "orjson":
        import orjson  # pip install -e '.[bench]'
        loads = orjson.loads
    tmp = tempfile.mkdtemp(prefix="qz-bench-")
    path = os.path.join(tmp, "bench.db")
    args.household_ids = prepare_database(path, args.households)
    port = free_port()
    env = {**os.environ, "QZ_DATABASE": path, "QZ_SECRET_KEY": "bench",
           "QZ_MEDIA_DIR": os.path.join(tmp, "media")}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    try:
        wait_for(port)
        run_phases(port, path, args)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


def wait_for(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def run_phases(port, path, args):
    n, batch = args.records, args.batch
    print(f"{n:,} records, batches of {batch}, gunicorn -w {args.workers}, SQLite WAL,"
          f" client parsing JSON with {args.json}"
          + (f", about {args.households:,} households" if args.households else ""))
    bodies, ids = make_batches("bench-device-one", n, batch, args.household_ids)
    client = Client(port, "bench0")   # signing in is not part of any phase
    started = time.perf_counter()
    latencies, acked = push_all(client, bodies)
    report("push, 1 client", n, time.perf_counter() - started, latencies)
    assert len(acked) == n and stored_once(path, ids), "phase 1: not stored exactly once"

    per_client = n // args.clients
    work = [make_batches(f"bench-device-{c}", per_client, batch, args.household_ids)
            for c in range(args.clients)]
    start, results = multiprocessing.Barrier(args.clients + 1), multiprocessing.Queue()
    phones = [multiprocessing.Process(target=concurrent_client,
                                      args=(port, f"bench{c + 1}", work[c][0], start, results))
              for c in range(args.clients)]
    for phone in phones:
        phone.start()
    start.wait(120)   # every phone has signed in (a phone that fails breaks the barrier)
    started = time.perf_counter()
    outcomes = [results.get(timeout=600) for _ in phones]
    elapsed = time.perf_counter() - started
    for phone in phones:
        phone.join()
    report(f"push, {args.clients} clients", per_client * args.clients, elapsed,
           [x for lat, _ in outcomes for x in lat])
    all_ids = ids + [i for _, c_ids in work for i in c_ids]
    assert sum(len(a) for _, a in outcomes) == per_client * args.clients
    assert stored_once(path, all_ids), "phase 2: not stored exactly once"

    started = time.perf_counter()
    latencies, replayed = push_all(client, bodies)
    report("replay, 1 client", n, time.perf_counter() - started, latencies)
    assert len(replayed) == n and stored_once(path, all_ids), "replay changed the store"

    started = time.perf_counter()
    pulled, latencies = pull_all(client)
    report("pull, 1 client", pulled, time.perf_counter() - started, latencies)
    expected = len(all_ids) + len(args.household_ids)   # the households come too
    assert pulled == expected, f"pulled {pulled} of {expected}"
    print("exactly once: every acknowledged record stored once in every phase")


if __name__ == "__main__":
    main()
