"""What the phases of the county benchmark share: the closing table, signed-in clients,
the server's peak memory, and the run's context (database, gunicorn, clients)."""
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
results = []   # (phase, figure, detail) for the closing table


def report(phase, figure, detail=""):
    """Print a figure and keep it for the closing table."""
    results.append((phase, figure, detail))
    print(f"{phase:<40} {figure:<32} {detail}", flush=True)


def percentiles(seconds):
    """'p50 x s, p95 y s' of a list of durations."""
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered):.3f} s  p95 {p95:.3f} s"


class Client:
    """One signed-in browser: a keep-alive connection and its session cookie."""

    def __init__(self, port, username, password):
        self.port, self.cookie = port, ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
        status, body = self.call("POST", "/api/auth/login",
                                 json.dumps({"username": username, "password": password}))
        assert status == 200, body[:300]

    def call(self, method, path, body=None, content_type="application/json"):
        """(status, body bytes) of a request."""
        headers = {"X-Requested-With": "qzapp", "Cookie": self.cookie,
                   "Content-Type": content_type}
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # gunicorn closes a connection left idle past its keepalive (5 s): open another
            # (the request never reached a worker that had closed it)
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=3600)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, data

    def json(self, method, path, body=None):
        """(status, decoded JSON) of a request."""
        status, data = self.call(method, path, body)
        return status, json.loads(data)

    def finished(self, status, answer):
        """The answer of a route, or of its job when it answered 202 (polled until done)."""
        if status != 202:
            return status, answer
        job = answer["job"]
        while job["state"] not in ("done", "failed"):
            time.sleep(0.25)
            job = self.json("GET", f"/api/jobs/{job['id']}")[1]["job"]
        return (200, job) if job["state"] == "done" else (400, job)


class Memory:
    """The peak memory of the gunicorn processes during a block, the largest process's:
    VmHWM (reset before) and RssAnon, sampled every 20 ms."""

    def __init__(self, pid):
        self.pid, self.anon, self.running = pid, 0, False

    def processes(self):
        """The server's process and its descendants."""
        pids, i = [self.pid], 0
        while i < len(pids):
            try:
                with open(f"/proc/{pids[i]}/task/{pids[i]}/children") as f:
                    pids += [int(p) for p in f.read().split()]
            except OSError:   # it ended meanwhile
                pass
            i += 1
        return pids

    def status(self, field):
        """The largest value (MB) of a field of /proc/<pid>/status among the processes."""
        values = [0]
        for pid in self.processes():
            try:
                with open(f"/proc/{pid}/status") as f:
                    values += [int(line.split()[1]) for line in f if line.startswith(field)]
            except OSError:
                pass
        return max(values) / 1024

    def __enter__(self):
        for pid in self.processes():
            with open(f"/proc/{pid}/clear_refs", "w") as f:
                f.write("5")   # resets VmHWM to the current RSS
        self.before, self.running = self.status("VmRSS:"), True
        threading.Thread(target=self._sample, daemon=True).start()
        return self

    def _sample(self):
        while self.running:
            self.anon = max(self.anon, self.status("RssAnon:"))
            time.sleep(0.02)

    def __exit__(self, *exc):
        self.running = False
        self.peak = self.status("VmHWM:")

    def __str__(self):
        return (f"peak RSS {self.peak:,.0f} MB (from {self.before:,.0f}),"
                f" anon {self.anon:,.0f} MB")


class Context:
    """The run's arguments, database, server and signed-in clients."""

    def __init__(self, args, folder, path, reused):
        self.args, self.folder, self.path, self.reused = args, folder, path, reused
        self.server, self.port, self.clients, self._db = None, None, {}, None

    def db(self):
        """A connection to the county's database (for choosing whom to measure)."""
        from qzapp.db import connect
        if self._db is None:
            self._db = connect(self.path)
        return self._db

    def query(self, sql, params=()):
        """The rows of a read, as tuples."""
        from qzapp.db import fetch_tuples
        return fetch_tuples(self.db(), sql, params)

    def client(self, username):
        """A client signed in as username (made once per server)."""
        from qzapp.county import PASSWORD
        if username not in self.clients:
            self.clients[username] = Client(self.port, username, PASSWORD)
        return self.clients[username]

    def start_server(self):
        """gunicorn on the county, as bench/sync_bench.py starts it (stopping any before)."""
        if self.server is not None:
            self.server.terminate()
            self.server.wait(30)
            self.clients = {}
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = {**os.environ, "QZ_DATABASE": self.path, "QZ_SECRET_KEY": "bench",
               "QZ_MEDIA_DIR": os.path.join(self.folder, "media"),
               "QZ_MAX_CONTENT_LENGTH": str(256 * 1024 * 1024)}
        self.server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        """Close the database and stop the server."""
        if self._db is not None:
            self._db.close()
        if self.server is not None:
            self.server.terminate()
            self.server.wait(30)
