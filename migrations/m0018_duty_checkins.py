"""0018: check-ins and hours of community duty (双报到, F5): a member's check-in and check-out
at a post, written on the phone (offline) and verified by the server when they arrive, and the
hours the server writes from each pair for the community's staff to confirm or reject."""
from . import migrations
from .columns import SYNC_COLUMNS


@migrations(name="0018_duty_checkins")
def duty_checkins(db):
    """Create duty_checkins and duty_hours."""
    db.executescript(
        f"""
        -- A check-in (kind 'in') or check-out ('out') at a post. at: when the phone says it
        -- happened (never later than the server's time of arrival; created_at is that time);
        -- code: what was scanned or typed, kept as it came; node_id: the post's community;
        -- checkin_id: for a check-out, the check-in it closes; flags: JSON list of what the
        -- staff should look at (far, no_gps, outside_shift, no_shift, too_long); distance_m:
        -- from the post's point, when both are known.
        CREATE TABLE duty_checkins (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            post_id TEXT NOT NULL,
            shift_id TEXT,
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            year INTEGER NOT NULL,
            code TEXT NOT NULL,
            lat REAL,
            lng REAL,
            accuracy REAL,
            distance_m REAL,
            checkin_id TEXT,
            flags TEXT NOT NULL DEFAULT '[]',{SYNC_COLUMNS}
        );
        -- A member's open check-in at a post (the latest first); the check-out of a check-in.
        CREATE INDEX duty_checkins_member ON duty_checkins(created_by, post_id, kind, at);
        CREATE UNIQUE INDEX duty_checkins_closes ON duty_checkins(checkin_id)
            WHERE checkin_id IS NOT NULL AND deleted = 0;

        -- Hours served: one row per check-out, written by the server. status pending,
        -- confirmed or rejected (reason, which the member sees); minutes from the pair's
        -- times; flags: both ends' flags together.
        CREATE TABLE duty_hours (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            member_id INTEGER NOT NULL REFERENCES users(id),
            post_id TEXT NOT NULL,
            post_title TEXT NOT NULL,
            shift_id TEXT,
            checkin_id TEXT NOT NULL,
            checkout_id TEXT NOT NULL UNIQUE,
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            year INTEGER NOT NULL,
            flags TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'pending',
            reason TEXT,
            decided_by INTEGER REFERENCES users(id),
            decided_at TEXT,{SYNC_COLUMNS}
        );
        -- The staff's list of a community's hours by status, newest first; a member's year;
        -- the totals of a year.
        CREATE INDEX duty_hours_node ON duty_hours(node_id, status, started_at);
        CREATE INDEX duty_hours_member ON duty_hours(member_id, year);
        CREATE INDEX duty_hours_year ON duty_hours(year, node_id);
        """)
