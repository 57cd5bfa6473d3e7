"""0019: community duty's volunteer teams (党员志愿服务队) and pledges (承诺践诺, F5): the teams a
community's staff keep, a member's pledges for a year and the records of their fulfilment."""
from . import migrations
from .columns import SYNC_COLUMNS


@migrations(name="0019_duty_teams_pledges")
def duty_teams_pledges(db):
    """Create duty_teams, duty_pledges and duty_pledge_records."""
    db.executescript(
        f"""
        -- A volunteer team of a community (node_id): its leader and its members (a JSON list
        -- of user ids, the leader among them), each registered with that community.
        CREATE TABLE duty_teams (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            name TEXT NOT NULL,
            leader_id INTEGER NOT NULL REFERENCES users(id),
            members TEXT NOT NULL DEFAULT '[]',{SYNC_COLUMNS}
        );
        CREATE INDEX duty_teams_node ON duty_teams(node_id, name);

        -- A member's pledge (created_by) for a year, made where they are registered (node_id).
        -- status is the server's: open; fulfilled (a record of its fulfilment arrived, waiting
        -- for the staff); confirmed. A pledge the staff returned is open again with their
        -- reason, which the member reads.
        CREATE TABLE duty_pledges (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            year INTEGER NOT NULL,
            text TEXT NOT NULL,
            due_on TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'fulfilled', 'confirmed')),
            reason TEXT,
            decided_by INTEGER REFERENCES users(id),
            decided_at TEXT,{SYNC_COLUMNS}
        );
        -- The staff's list and the public board: a community's pledges of a year.
        CREATE INDEX duty_pledges_node ON duty_pledges(node_id, year, due_on);
        CREATE INDEX duty_pledges_member ON duty_pledges(created_by, year);

        -- What the member did to keep a pledge: text and photos.
        CREATE TABLE duty_pledge_records (
            id TEXT PRIMARY KEY,
            pledge_id TEXT NOT NULL REFERENCES duty_pledges(id),
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            text TEXT NOT NULL,
            photos TEXT NOT NULL DEFAULT '[]',{SYNC_COLUMNS}
        );
        CREATE INDEX duty_pledge_records_pledge ON duty_pledge_records(pledge_id);
        """
    )
