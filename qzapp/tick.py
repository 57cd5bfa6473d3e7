"""The one command for time-based work (`flask --app wsgi tick`): deadlines, escalations and,
as features add theirs, reminders. Safe to run every minute from cron or a systemd timer, by
two hosts at once, or twice: each job runs inside one write transaction (writers take turns)
and writes what it owes once only (its own unique keys)."""
import json

import click
from flask import current_app
from flask.cli import with_appcontext

from .clock import today
from .db import connect, immediate

# name -> job(db, today) -> a JSON-able summary of what it did; features add theirs at import.
JOBS = {}


def job(name):
    """Register a tick job under name (once, at import of its feature)."""
    def register(fn):
        if name in JOBS and JOBS[name] is not fn:
            raise ValueError(f"tick job {name!r} registered twice")
        JOBS[name] = fn
        return fn
    return register


def run(db, day=None):
    """Run every job, each in its own write transaction; {name: summary}."""
    day = day or today()
    done = {}
    for name, fn in sorted(JOBS.items()):
        with immediate(db):
            done[name] = fn(db, day)
    return done


@click.command("tick")
@with_appcontext
def tick_command():
    """Run the time-based work once (deadline escalations and the rest)."""
    db = connect(current_app.config["DATABASE"])
    try:
        click.echo(json.dumps(run(db), ensure_ascii=False))
    finally:
        db.close()
