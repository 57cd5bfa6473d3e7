"""0017: community duty 双报到 (F5), its first part: members' registrations with a community,
the community's service posts and the members' claims of them, dated shifts of a post and
the members' sign-ups (with the waiting list), and each community's settings.

Members write registrations, claims and sign-ups (created_by is the member); community staff
write posts and shifts. A status the server decides (a registration's, a sign-up's) is a
column the phone never sets. Times of shifts are Beijing time with their offset
(2026-11-26T08:30:00+08:00), so that they compare as text."""
from . import migrations
from .columns import SYNC_COLUMNS


@migrations(name="0017_duty_posts_shifts")
def duty_posts_shifts(db):
    """Create duty_registrations, duty_posts, duty_claims, duty_shifts, duty_signups and
    duty_settings."""
    db.executescript(
        f"""
        -- A member reports to a residential community (node_id); staff decide: pending,
        -- approved, declined (with a reason the member sees), ended (the member moved: their
        -- next registration was approved).
        CREATE TABLE duty_registrations (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            status TEXT NOT NULL,
            reason TEXT,
            decided_by INTEGER REFERENCES users(id),
            decided_at TEXT,
            ended_at TEXT,{SYNC_COLUMNS}
        );
        -- A member's registrations; a community's by status, oldest first (the staff's list).
        CREATE INDEX duty_registrations_member ON duty_registrations(created_by, status);
        CREATE INDEX duty_registrations_node ON duty_registrations(node_id, status, created_at);

        -- A service post (岗位) a community publishes for a year.
        CREATE TABLE duty_posts (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            year INTEGER NOT NULL,
            title TEXT NOT NULL,
            description TEXT,
            place TEXT,
            lat REAL,
            lng REAL,
            radius_m INTEGER NOT NULL,
            capacity INTEGER NOT NULL,
            skills TEXT,
            contact_role TEXT,
            active INTEGER NOT NULL DEFAULT 1,{SYNC_COLUMNS}
        );
        CREATE INDEX duty_posts_node ON duty_posts(node_id, year);

        -- A member's claim of a post for its year: one a member, as many as its capacity.
        CREATE TABLE duty_claims (
            id TEXT PRIMARY KEY,
            post_id TEXT NOT NULL REFERENCES duty_posts(id),
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            year INTEGER NOT NULL,{SYNC_COLUMNS}
        );
        CREATE UNIQUE INDEX duty_claims_once ON duty_claims(post_id, created_by)
            WHERE deleted = 0;
        -- Who claimed what in a year (the yearly rule of the seed, §3).
        CREATE INDEX duty_claims_member ON duty_claims(created_by, year);

        -- A dated time slot of a post; a team's (duty_teams) when team_id is set.
        CREATE TABLE duty_shifts (
            id TEXT PRIMARY KEY,
            post_id TEXT NOT NULL REFERENCES duty_posts(id),
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            capacity INTEGER NOT NULL,
            team_id TEXT,
            note TEXT,
            cancelled INTEGER NOT NULL DEFAULT 0,{SYNC_COLUMNS}
        );
        CREATE INDEX duty_shifts_node ON duty_shifts(node_id, starts_at);
        CREATE INDEX duty_shifts_post ON duty_shifts(post_id, starts_at);

        -- A member's sign-up for a shift. The server decides status when it arrives:
        -- confirmed while places remain, else waiting (position: the place in the waiting
        -- list, in order of arrival = queued); cancelled by the member or with the shift
        -- (cancel_reason). The shift's times are copied so that a member's overlaps are one
        -- range of an index.
        CREATE TABLE duty_signups (
            id TEXT PRIMARY KEY,
            shift_id TEXT NOT NULL REFERENCES duty_shifts(id),
            post_id TEXT NOT NULL REFERENCES duty_posts(id),
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            status TEXT NOT NULL,
            position INTEGER,
            queued INTEGER NOT NULL,
            cancel_reason TEXT,
            cancelled_at TEXT,{SYNC_COLUMNS}
        );
        CREATE INDEX duty_signups_shift ON duty_signups(shift_id, status, queued);
        CREATE INDEX duty_signups_member ON duty_signups(created_by, starts_at);
        CREATE INDEX duty_signups_node ON duty_signups(node_id, starts_at);

        -- A community's own settings (staff set them online); a community without a row has
        -- the defaults (qzapp/duty/rules.py).
        CREATE TABLE duty_settings (
            node_id INTEGER PRIMARY KEY REFERENCES org_nodes(id),
            signup_cutoff_hours INTEGER NOT NULL,
            checkin_tolerance_minutes INTEGER NOT NULL,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL
        );
        """
    )
