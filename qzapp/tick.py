"""The one command for time-based work (`flask --app wsgi tick`): deadlines, escalations and,
as features add theirs, reminders. Safe to run every minute from cron or a systemd timer, by
two hosts at once, or twice: each job runs inside one write transaction (writers take turns)
and writes what it owes once only (its own unique keys)."""
import datetime as dt
import json

import click
from flask import current_app
from flask.cli import with_appcontext

from .clock import today
from .db import connect, execute, fetch_value, immediate

# name -> job(db, today) -> a JSON-able summary of what it did; features add theirs at import.
JOBS = {}


# Jobs that take their own write transactions (sending pushes must not hold the writer
# lock while a push service answers).
OWN_TRANSACTIONS = set()


def job(name, transaction=True):
    """Register a tick job under name (once, at import of its feature); transaction=False for
    a job that takes short write transactions of its own."""
    def register(fn):
        if name in JOBS and JOBS[name] is not fn:
            raise ValueError(f"tick job {name!r} registered twice")
        JOBS[name] = fn
        if not transaction:
            OWN_TRANSACTIONS.add(name)
        return fn
    return register


def run(db, day=None, only=None):
    """Run every job (or those named in only), each in its own write transaction unless it
    takes its own; {name: summary}."""
    day = day or today()
    done = {}
    for name, fn in sorted(JOBS.items()):
        if only is not None and name not in only:
            continue
        if name in OWN_TRANSACTIONS:
            done[name] = fn(db, day)
            continue
        with immediate(db):
            done[name] = fn(db, day)
    return done


def days_since_last(db, job, day, first_look_back=30):
    """(after, day): the days a daily job has yet to cover, after the day it last covered
    (first_look_back days back the first time), up to day; marks day covered (in the
    caller's transaction). after == day when there is nothing new."""
    last = fetch_value(db, "SELECT day FROM tick_marks WHERE job = ?", [job])
    after = dt.date.fromisoformat(last) if last else day - dt.timedelta(days=first_look_back)
    execute(db, "INSERT INTO tick_marks (job, day) VALUES (?, ?) ON CONFLICT (job) DO UPDATE"
            " SET day = max(day, excluded.day)", [job, day.isoformat()])
    return min(after, day), day


@click.command("tick")
@with_appcontext
def tick_command():
    """Run the time-based work once (deadline escalations and the rest)."""
    db = connect(current_app.config["DATABASE"])
    try:
        click.echo(json.dumps(run(db), ensure_ascii=False))
    finally:
        db.close()
