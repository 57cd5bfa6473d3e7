"""0009: the ledger's cases (民情台账) as events: case_events is append-only, cases is what
folding a case's events gives. Every appeal stored so far becomes a case with one receive
event; the tick folds the cases of events that have none, giving such an event the deadlines
the table has for it before anyone has seen it (ledger/engine.py fold_unfolded)."""
import datetime as dt
import json
import uuid

from . import migrations
from .columns import SYNC_COLUMNS

# The receive event of an appeal stored before cases existed: a name made from its id, so
# that the event is the same whoever migrates.
APPEAL_EVENTS = uuid.UUID("5a1c7e0e-3b1f-4c33-9d43-0b8f5f1a0c09")
# Events carry Beijing time (the day a deadline counts from); rows were stored in UTC.
BEIJING = dt.timezone(dt.timedelta(hours=8))


def _beijing(stamp):
    """A stored UTC stamp (2026-11-26T20:41:51.123Z) as an event's moment."""
    moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment.astimezone(BEIJING).isoformat(timespec="seconds")


@migrations(name="0009_cases")
def cases(db):
    """Create cases, case_events and deadline_rules; turn the appeals into receive events."""
    db.executescript(
        f"""
        CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            channel TEXT NOT NULL,
            category TEXT NOT NULL,
            urgency TEXT NOT NULL,
            text TEXT NOT NULL,
            person_name TEXT,
            person_phone TEXT,
            household_id TEXT,
            diary_id TEXT,
            photos TEXT NOT NULL DEFAULT '[]',
            backlog INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL,
            received_at TEXT NOT NULL,
            received_by INTEGER,
            first_handler_id INTEGER,
            owner_id INTEGER,
            handler_id INTEGER,
            handler_node_id INTEGER,
            leader_id INTEGER,
            pending TEXT,
            days TEXT NOT NULL,
            accept_by TEXT,
            close_by TEXT,
            accepted_at TEXT,
            closed_at TEXT,
            result TEXT,
            done TEXT,
            escalation_level INTEGER NOT NULL DEFAULT 0,
            escalated_node_id INTEGER,
            satisfaction TEXT,
            rated INTEGER NOT NULL DEFAULT 0,
            reopens INTEGER NOT NULL DEFAULT 0,
            auto_reopens INTEGER NOT NULL DEFAULT 0,
            mediations INTEGER NOT NULL DEFAULT 0,
            replies INTEGER NOT NULL DEFAULT 0,
            last_event_at TEXT,
            events_n INTEGER NOT NULL DEFAULT 0,{SYNC_COLUMNS}
        );
        -- The ledger's list: a subtree's cases newest first, by status; my cases; the tick's
        -- open cases by deadline.
        CREATE INDEX cases_node ON cases(node_id, received_at);
        CREATE INDEX cases_owner ON cases(owner_id, status);
        CREATE INDEX cases_handler ON cases(handler_id) WHERE handler_id IS NOT NULL;
        CREATE INDEX cases_open ON cases(status, close_by) WHERE status != 'closed';
        CREATE INDEX cases_household ON cases(household_id) WHERE household_id IS NOT NULL;

        -- Append-only: an event is never updated but for its rev when its case moves (and its
        -- readers with it). n orders a case's events; superseded names why an event that was
        -- valid where its phone stood was no longer so when it arrived (kept, not applied).
        CREATE TABLE case_events (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            n INTEGER NOT NULL,
            kind TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{{}}',
            at TEXT NOT NULL,
            base_n INTEGER,
            superseded TEXT,
            once TEXT,{SYNC_COLUMNS}
        );
        CREATE UNIQUE INDEX case_events_order ON case_events(case_id, n);
        -- What the tick writes once only (an escalation to a level): a repeated or concurrent
        -- run finds its key taken.
        CREATE UNIQUE INDEX case_events_once ON case_events(once) WHERE once IS NOT NULL;

        -- Deadlines an admin sets for their subtree, by category (NULL: every category) and
        -- urgency, in working days.
        CREATE TABLE deadline_rules (
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            category TEXT NOT NULL DEFAULT '',
            urgency TEXT NOT NULL,
            accept_days INTEGER NOT NULL,
            close_days INTEGER NOT NULL,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (node_id, category, urgency)
        );
        """
    )
    rows = db.execute("SELECT id, node_id, household_id, diary_id, channel, category, text,"
                      " created_by, created_at, device_id FROM appeals WHERE deleted = 0"
                      " ORDER BY rowid").fetchall()
    db.conn.executemany(
        "INSERT INTO case_events (id, case_id, node_id, n, kind, data, at, rev, created_by,"
        " created_at, updated_by, updated_at, device_id) VALUES (?, ?, ?, 1, 'receive', ?, ?,"
        " 0, ?, ?, ?, ?, ?)",
        [(str(uuid.uuid5(APPEAL_EVENTS, r[0])), r[0], r[1], json.dumps(
            {k: v for k, v in {"kind": "appeal", "channel": r[4], "category": r[5],
                               "urgency": "normal", "text": r[6], "node_id": r[1],
                               "household_id": r[2], "diary_id": r[3],
                               "backlog": False}.items() if v is not None},
            ensure_ascii=False), _beijing(r[8]), r[7], r[8], r[7], r[8], r[9]) for r in rows])
