"""0022: early warning (舆情预警, F10): the hot spots the tick raises from the ledger's cases, the
thresholds an admin sets per org node, and major-situation reports (重大情况报告) that go up the
tree; the index that counts a window of cases by the day they were received."""
from . import migrations
from .columns import SYNC_COLUMNS


@migrations(name="0022_warnings")
def warnings(db):
    """Create warnings, warning_thresholds, situation_reports and cases_received."""
    db.executescript(
        f"""
        -- A hot spot: a place (a village or community, whose grids count with it; else the
        -- node the cases name) where the cases of a category in a window of days (7, 30)
        -- reached a threshold. count/previous: the window's cases and the window's before;
        -- reasons: JSON list (absolute, relative); thresholds: JSON of those applied;
        -- breakdown: JSON {{case node id: count}} (the grids); from_day/to_day: the window
        -- of the count (the ledger's filters of the cases behind it). While open the tick
        -- raises its count as it grows; acknowledged, a new one is raised only when the
        -- count grows past the acknowledged one (or a later window holds none of its days).
        CREATE TABLE warnings (
            id INTEGER PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            category TEXT NOT NULL,
            days INTEGER NOT NULL,
            count INTEGER NOT NULL,
            previous INTEGER NOT NULL,
            reasons TEXT NOT NULL,
            thresholds TEXT NOT NULL,
            breakdown TEXT NOT NULL DEFAULT '{{}}',
            from_day TEXT NOT NULL,
            to_day TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            raised_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            acknowledged_by INTEGER REFERENCES users(id),
            acknowledged_at TEXT,
            note TEXT
        );
        -- One open warning per place, category and window: a repeated or concurrent tick
        -- finds it taken.
        CREATE UNIQUE INDEX warnings_open ON warnings(node_id, category, days)
            WHERE status = 'open';
        -- The last acknowledged one of a place, category and window; the list of a scope.
        CREATE INDEX warnings_spot ON warnings(node_id, category, days, status, id);
        CREATE INDEX warnings_list ON warnings(status, raised_at, id);

        -- Thresholds set on a node for the places under it, per window (NULL: the setting of
        -- the nearest node above, else the default of qzapp/reports/warning_rules.py).
        CREATE TABLE warning_thresholds (
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            days INTEGER NOT NULL,
            absolute INTEGER,
            percent INTEGER,
            minimum INTEGER,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (node_id, days)
        );

        -- A major-situation report, written on the phone at the writer's node. chain: JSON
        -- list of the levels above it up to the city, each {{node_id, name, kind, state
        -- (acknowledged, skipped: nobody there to acknowledge, awaiting, later), by, by_name,
        -- at, note}}; awaiting_node_id: the level it waits for (NULL once every level has
        -- seen it: status done).
        CREATE TABLE situation_reports (
            id TEXT PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            category TEXT NOT NULL,
            severity TEXT NOT NULL,
            photos TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'awaiting',
            awaiting_node_id INTEGER REFERENCES org_nodes(id),
            chain TEXT NOT NULL DEFAULT '[]',{SYNC_COLUMNS}
        );
        CREATE INDEX situation_reports_node ON situation_reports(node_id, created_at, id);
        CREATE INDEX situation_reports_awaiting ON situation_reports(awaiting_node_id)
            WHERE awaiting_node_id IS NOT NULL;

        -- The hot spots' count: the cases of a window of days, read from this index alone.
        CREATE INDEX cases_received ON cases(received_at, node_id, category, deleted, kind);
        """)
