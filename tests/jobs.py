"""Driving jobs in tests: run in the request that starts them, and read how they ended."""
import threading
import time

from qzapp.jobs import runner


def run_inline(monkeypatch):
    """Make jobs run to their end inside the upload's request (before its 202), where a
    server runs them in a background thread."""
    monkeypatch.setattr(runner, "launch", lambda app, job_id, lang, work: runner.run(
        app, job_id, lang, work))


def finished(api, response, timeout=30):
    """The job an upload started, as GET /api/jobs/<id> answers it once ended (polled, as
    the PWA polls, when it runs in a thread)."""
    assert response.status_code == 202, response.json
    deadline = time.monotonic() + timeout
    while True:
        answer = api.get(f"/api/jobs/{response.json['job']['id']}")
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
        job = answer.json["job"]
        if job["state"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.05)


def outcome(api, response):
    """(status, code) of an upload: the request's own error, else its job's (202 and the
    job's error code, or None when it is done)."""
    if response.status_code != 202:
        return response.status_code, response.json["code"]
    job = finished(api, response)
    return 202, job["error"]["code"] if job["error"] else None


class Answer:
    """An upload's outcome in the shape an import answered while it ran inside its request:
    a done job as 200 with its result, a failed one as 400 with its error."""

    def __init__(self, status_code, json, headers):
        self.status_code, self.json, self.headers = status_code, json, headers


def as_before(api, response):
    """The Answer of an upload (a refusal before any job is answered as it is)."""
    if response.status_code != 202:
        return response
    job = finished(api, response)
    headers = {"Cache-Control": "no-store"}   # as finished() checked
    if job["state"] == "done":
        return Answer(200, {"ok": True, **job["result"]}, headers)
    return Answer(400, {"ok": False, **job["error"]}, headers)


def hold_writes(monkeypatch, timeout=30):
    """Stop every job just before its write transaction (its phase already "write") until
    the Event returned is set, or timeout seconds pass."""
    gate, write = threading.Event(), runner.Progress.write

    def held(self, work):
        self.start("write")
        gate.wait(timeout)
        return write(self, work)
    monkeypatch.setattr(runner.Progress, "write", held)
    return gate
