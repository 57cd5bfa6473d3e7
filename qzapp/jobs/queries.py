"""The SQL of jobs: creating one (one per kind and subtree at a time), its progress and
heartbeat, how it ended, and the sweep that fails the jobs whose worker died."""
import json
import time

from ..clock import now_iso
from ..db import execute, fetch_all, fetch_one

# The counts a job's progress reports.
COUNTS = ("total", "checked", "prepared", "written")


def overlapping(db, kind, path):
    """The unfinished job of this kind whose subtree holds path or lies under it, or None."""
    return fetch_one(
        db, "SELECT * FROM jobs WHERE kind = ? AND state IN ('queued', 'running') AND"
            " (substr(?, 1, length(node_path)) = node_path OR"
            " substr(node_path, 1, length(?)) = ?)", [kind, path, path, path])


def insert(db, job_id, kind, user_id, node):
    """A new queued job on node's subtree."""
    execute(db, "INSERT INTO jobs (id, kind, user_id, node_id, node_path, state, created_at,"
                " heartbeat) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)",
            [job_id, kind, user_id, node["id"], node["path"], now_iso(), time.time()])


def get(db, job_id):
    """The jobs row, or None."""
    return fetch_one(db, "SELECT * FROM jobs WHERE id = ?", [job_id])


def beat(db, job_id, phase, counts):
    """Save a running job's progress with a new heartbeat; False when the job is no longer
    running (a sweep gave it up)."""
    return execute(
        db, "UPDATE jobs SET state = 'running', phase = ?, total = ?, checked = ?,"
            " prepared = ?, written = ?, heartbeat = ? WHERE id = ? AND state IN"
            " ('queued', 'running')",
        [phase, *(counts[c] for c in COUNTS), time.time(), job_id]).rowcount == 1


def finish(db, job_id, state, result, counts=None):
    """End a job as done or failed with its result (JSON-able); False when it had ended
    already (a sweep failed it meanwhile)."""
    counts = counts or {}
    return execute(
        db, "UPDATE jobs SET state = ?, result = ?, finished_at = ?, heartbeat = ?,"
            " total = coalesce(?, total), checked = coalesce(?, checked),"
            " prepared = coalesce(?, prepared), written = coalesce(?, written)"
            " WHERE id = ? AND state IN ('queued', 'running')",
        [state, json.dumps(result, ensure_ascii=False), now_iso(), time.time(),
         *(counts.get(c) for c in COUNTS), job_id]).rowcount == 1


def stale_ids(db, older_than):
    """Unfinished jobs whose last heartbeat came before older_than (Unix seconds)."""
    return [r["id"] for r in fetch_all(
        db, "SELECT id FROM jobs WHERE state IN ('queued', 'running') AND heartbeat < ?",
        [older_than])]


def finished_with_secrets(db, finished_before):
    """Jobs finished before finished_before (ISO) whose result still holds passwords."""
    return fetch_all(db, "SELECT id, result FROM jobs WHERE state = 'done' AND finished_at < ?"
                         " AND result LIKE '%\"password\"%'", [finished_before])


def set_result(db, job_id, result):
    """Replace a job's result (JSON-able)."""
    execute(db, "UPDATE jobs SET result = ? WHERE id = ?",
            [json.dumps(result, ensure_ascii=False), job_id])


def prune(db, finished_before):
    """Forget the jobs that finished before finished_before (ISO)."""
    execute(db, "DELETE FROM jobs WHERE finished_at < ?", [finished_before])
