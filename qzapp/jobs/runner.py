"""Jobs: work longer than a request may take (an import of a county's register) runs in a
background thread of the worker that took the upload, saving its progress with a heartbeat.
A job whose heartbeat stops (its worker died or restarted) reads as failed, never as running
for ever; and its one write transaction is refused once it has been given up, so a job
answered as failed has written nothing."""
import atexit
import datetime as dt
import functools
import json
import logging
import shutil
import sqlite3
import threading
import time
from pathlib import Path

from flask import current_app

from ..clock import iso, now
from ..db import WriterBusy, connect, execute, get_db, immediate
from ..errors import ApiError
from ..i18n import request_language, t
from ..ids import new_id
from . import queries

log = logging.getLogger(__name__)
# A running job saves its progress, and so its heartbeat, at most this often.
HEARTBEAT_SECONDS = 1.0
# Past this without a heartbeat a job's worker is taken for dead. A job beats every second
# except in its write transaction, which waits at most 2 x WRITER_WAIT_SECONDS for its turn
# and then writes for a few seconds: well inside the bound.
STALE_SECONDS = 60
# The temporary passwords of imported accounts are shown to their owner for this long,
# then dropped from the job (they were never meant to be stored).
PASSWORDS_KEPT_SECONDS = 15 * 60
KEPT = dt.timedelta(days=7)   # finished jobs are forgotten after this
# An upload older than this belongs to no job any more (its process died before the job
# began, or could not delete it).
ORPHAN = dt.timedelta(days=1)
UNFINISHED = ("queued", "running")
# Messages of failures that no work reported, by code.
MESSAGES = {"job_interrupted": "job.interrupted", "writer_busy": "job.writer_busy",
            "server_error": "job.failed"}
LIVE = {}   # job id -> the Progress of a job running in this process (finer than the saved)


class JobLost(Exception):
    """The job was given up (marked failed by a sweep) while it ran."""


class Progress:
    """What a job reports as it works: its phase and counts, saved with a heartbeat at most
    every HEARTBEAT_SECONDS. Raises JobLost when the job was given up meanwhile."""

    def __init__(self, db, job_id):
        self.db, self.job_id, self.phase, self.finished = db, job_id, None, False
        self.writing = False   # inside the write transaction: counts stay in this process
        self.counts = {"total": None, "checked": 0, "prepared": 0, "written": 0}
        self._saved_at = 0.0

    def start(self, phase, total=None):
        """Enter a phase (read, check, hash, write), saved at once."""
        self.phase = phase
        if total is not None:
            self.counts["total"] = total
        self.save()

    def add(self, count, n=1):
        """Count n more rows checked, prepared or written."""
        self.counts[count] += n
        if not self.writing and time.monotonic() - self._saved_at >= HEARTBEAT_SECONDS:
            self.save()

    def set_total(self, total):
        """How many rows the job has, once it knows."""
        self.counts["total"] = total

    def save(self):
        """Save the progress with a new heartbeat; a busy writer lock only delays it."""
        try:
            with immediate(self.db):
                alive = queries.beat(self.db, self.job_id, self.phase, self.counts)
        except (WriterBusy, sqlite3.OperationalError) as err:
            log.warning("job %s: no heartbeat this time: %s", self.job_id, err)
            return
        if not alive:
            raise JobLost(self.job_id)
        self._saved_at = time.monotonic()

    def write(self, work):
        """Run work(db) -> result in the job's one write transaction, which also marks the
        job done: refused (rolled back) when the job was given up meanwhile."""
        self.start("write")
        self.writing = True
        try:
            with immediate(self.db):
                result = work(self.db)
                if not queries.finish(self.db, self.job_id, "done", result, self.counts):
                    raise JobLost(self.job_id)
        finally:
            self.writing = False
        self.finished = True
        # The job's connection never checkpoints on commit (see run): copying a big write
        # from the log into the database waits until the writer lock is free for others.
        execute(self.db, "PRAGMA wal_checkpoint(PASSIVE)")
        return result

    def end(self, state, result):
        """Mark the job done or failed outside a write (a check that found errors)."""
        with immediate(self.db):
            queries.finish(self.db, self.job_id, state, result, self.counts)
        self.finished = True


def folder():
    """Where uploads wait for their job: jobs/ beside the database (the instance folder)."""
    path = Path(current_app.config["DATABASE"]).parent / "jobs"
    path.mkdir(exist_ok=True)
    return path


def start(kind, user, work, upload, check=None):
    """Save the upload, create the job (409 while one of its kind runs on an overlapping
    subtree) and run work(db, progress, path) -> result in a background thread; returns the
    job as the API shows it."""
    job_id = new_id()
    path = folder() / f"{job_id}.xlsx"   # openpyxl reads a file by its extension
    try:
        with open(path, "wb") as out:
            shutil.copyfileobj(upload, out, 1024 * 1024)
        if check is not None:
            check(path)   # a clear 4xx at once for a file that is no use
        db = get_db()
        with immediate(db):
            sweep(db)
            if queries.overlapping(db, kind, user.node["path"]) is not None:
                raise ApiError(409, t("job.busy"), "job_busy")
            queries.insert(db, job_id, kind, user.id, user.node)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    launch(current_app._get_current_object(), job_id, request_language(),
           lambda db, progress: work(db, progress, path))
    return view(queries.get(db, job_id))


def launch(app, job_id, lang, work):
    """Start the job's thread (tests replace this to run a job where they choose)."""
    _fail_at_exit(app)
    threading.Thread(target=run, args=(app, job_id, lang, work), name=f"job-{job_id}",
                     daemon=True).start()


@functools.cache
def _fail_at_exit(app):
    """When this process exits (a worker restarted), fail the jobs still running in it at
    once, rather than when their heartbeat is found stale. Should one be writing, the writer
    lock orders the two: it ends done, or its write is refused."""
    def fail_running():
        if not LIVE:
            return
        db = connect(app.config["DATABASE"], app.config["WRITER_WAIT_SECONDS"])
        try:
            with immediate(db):
                for job_id in list(LIVE):
                    queries.finish(db, job_id, "failed", {"code": "job_interrupted"})
        except (WriterBusy, sqlite3.OperationalError):
            log.exception("could not fail this process's jobs at exit")
        finally:
            db.close()
    atexit.register(fail_running)


def run(app, job_id, lang, work):
    """Run a job to its end in this thread: done with its result, or failed with its error.
    Messages speak the uploader's language: the job runs in a request context of its own."""
    with app.test_request_context("/api/jobs", headers={"Accept-Language": lang}):
        db = connect(app.config["DATABASE"], app.config["WRITER_WAIT_SECONDS"])
        execute(db, "PRAGMA wal_autocheckpoint = 0")   # Progress.write checkpoints instead
        progress = LIVE[job_id] = Progress(db, job_id)
        try:
            _work(progress, work)
        finally:
            LIVE.pop(job_id, None)
            db.close()
            for path in folder().glob(f"{job_id}.*"):
                path.unlink(missing_ok=True)


def _work(progress, work):
    """Run the work and record how it ended."""
    try:
        progress.start("read")
        result = work(progress.db, progress)
        if not progress.finished:
            progress.end("done", result)
        return
    except JobLost:
        return   # already failed by a sweep, which told the owner why
    except ApiError as err:
        failure = {"error": err.message, "code": err.code, "errors": err.errors, **err.extra}
    except WriterBusy:
        failure = {"code": "writer_busy"}
    except Exception:
        log.exception("job %s failed", progress.job_id)
        failure = {"code": "server_error"}
    try:
        progress.end("failed", failure)
    except (WriterBusy, sqlite3.OperationalError):   # the sweep will fail it later
        log.exception("job %s: could not record its failure", progress.job_id)


def sweep(db):
    """Inside a write transaction: fail the jobs whose worker died, drop passwords shown
    long enough, forget old jobs."""
    for job_id in queries.stale_ids(db, time.time() - STALE_SECONDS):
        queries.finish(db, job_id, "failed", {"code": "job_interrupted"})
        for path in folder().glob(f"{job_id}.*"):
            path.unlink(missing_ok=True)
    shown = iso(now() - dt.timedelta(seconds=PASSWORDS_KEPT_SECONDS))
    for row in queries.finished_with_secrets(db, shown):
        queries.set_result(db, row["id"], _without_passwords(json.loads(row["result"])))
    queries.prune(db, iso(now() - KEPT))
    orphaned = time.time() - ORPHAN.total_seconds()
    for path in folder().iterdir():
        if path.stat().st_mtime < orphaned:
            path.unlink(missing_ok=True)


def _without_passwords(result):
    accounts = [{k: v for k, v in a.items() if k != "password"} for a in result["accounts"]]
    return {**result, "accounts": accounts, "passwords_expired": True}


def current(db, job_id):
    """The job's row, a dead one marked failed first; None when there is none."""
    row = queries.get(db, job_id)
    if row is not None and _needs_sweep(row):
        with immediate(db):
            sweep(db)
        row = queries.get(db, job_id)
    return row


def _needs_sweep(row):
    if row["state"] in UNFINISHED:
        return row["heartbeat"] < time.time() - STALE_SECONDS
    return row["state"] == "done" and '"password"' in (row["result"] or "") and \
        row["finished_at"] < iso(now() - dt.timedelta(seconds=PASSWORDS_KEPT_SECONDS))


def view(row):
    """A job as its owner sees it: state, phase, counts, and the result or the error."""
    job = {k: row[k] for k in ("id", "kind", "state", "phase", *queries.COUNTS,
                               "created_at", "finished_at")}
    live = LIVE.get(row["id"]) if row["state"] in UNFINISHED else None
    if live is not None and live.phase is not None:
        job.update(live.counts, phase=live.phase)
    result = json.loads(row["result"]) if row["result"] else None
    job["result"] = result if row["state"] == "done" else None
    job["error"] = _error(result) if row["state"] == "failed" else None
    return job


def _error(failure):
    """A failure in the API's error shape: message, code, errors and their total."""
    code = failure.get("code") or "server_error"
    message = failure.get("error") or t(MESSAGES.get(code, "job.failed"))
    return {**failure, "error": message, "code": code, "errors": failure.get("errors") or []}

