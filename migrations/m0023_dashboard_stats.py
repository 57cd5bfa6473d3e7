"""0023: the summaries dashboards read (F11), kept current by triggers in the same transaction
as every write to the records they count, and filled here from the records already stored.

- stats_month: per village-level node (a village's grids' records count at it) and month, the
  diaries and visits written, the appeals received (and of them escalated), closed (on time,
  rated, rated satisfied), and the duty minutes confirmed.
- household_visit_months: per household, each month with a diary about it and the month of the
  diary before (prev, '' for none); visit_firsts counts them per village-level node, month and
  prev. The households visited in the months from m1 to m2 are those whose visits in it start
  there: the sum over months in [m1, m2] with prev < m1 — no diary is read, no household
  counted twice.
- household_follow_ups: per household, the day of its last diary, the follow-up date of its
  latest diary that names one (and that diary's time), and the follow-up still ahead (due):
  that date unless a diary came after it (households.queries.next_follow_up); overdue when it
  lies before today. follow_up_months counts them per village-level node and month of due: the
  months before this one are counted whole, this one's days from household_follow_ups.

A new diary (the common write) updates its household's summaries in place: its month added to
the chain when it is the latest, its day and follow-up folded in. A diary changed, deleted,
written for an earlier month, or a household moved, has its household's recomputed whole.
- pairing_starts: the pairings still running, per village-level node and start date: the
  households paired, and the rotations due and overdue, without reading pairings.

fill(db) recomputes all of them from the records (the county generator, which loads with the
triggers dropped, calls it when done).
"""
from . import migrations

# A node's village-level node: the village (or community) of a grid of one; any other node
# itself (a grid hung elsewhere counts as a place of its own). Two parameters: g.
VILLAGE_LEVEL = ("CASE WHEN g.kind = 'grid' AND (SELECT p.kind FROM org_nodes p"
                 " WHERE p.id = g.parent_id) = 'village' THEN g.parent_id ELSE g.id END")


def village_of(node):
    """SQL: the village-level node of a node (VILLAGE_LEVEL)."""
    return f"coalesce((SELECT {VILLAGE_LEVEL} FROM org_nodes g WHERE g.id = {node}), {node})"


STATS_COLUMNS = ("diaries", "visits", "cases_received", "cases_escalated", "cases_closed",
                 "cases_on_time", "cases_rated", "cases_satisfied", "duty_minutes")
SUMMARIES = ("stats_month", "household_visit_months", "visit_firsts", "household_follow_ups",
             "follow_up_months", "pairing_starts")

TABLES = f"""
CREATE TABLE stats_month (
    node_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    {', '.join(f'{c} INTEGER NOT NULL DEFAULT 0' for c in STATS_COLUMNS)},
    PRIMARY KEY (node_id, month)
) WITHOUT ROWID;
CREATE TABLE household_visit_months (
    household_id TEXT NOT NULL,
    month TEXT NOT NULL,
    prev TEXT NOT NULL,
    node_id INTEGER NOT NULL,
    PRIMARY KEY (household_id, month)
) WITHOUT ROWID;
CREATE TABLE visit_firsts (
    node_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    prev TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (node_id, month, prev)
) WITHOUT ROWID;
CREATE TABLE household_follow_ups (
    household_id TEXT PRIMARY KEY,
    node_id INTEGER NOT NULL,
    last_visit TEXT NOT NULL,
    follow_up TEXT,
    follow_at TEXT,
    due TEXT GENERATED ALWAYS AS (CASE WHEN follow_up >= last_visit THEN follow_up END) VIRTUAL
) WITHOUT ROWID;
CREATE INDEX household_follow_ups_due ON household_follow_ups(node_id, due)
    WHERE due IS NOT NULL;
CREATE TABLE follow_up_months (
    node_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (node_id, month)
) WITHOUT ROWID;
CREATE TABLE pairing_starts (
    node_id INTEGER NOT NULL,
    start_date TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (node_id, start_date)
) WITHOUT ROWID;
-- The pairings still running of a place, by start (the records behind the figures).
CREATE INDEX pairings_running ON pairings(node_id, start_date)
    WHERE end_date IS NULL AND deleted = 0;
-- A leader's days at the grassroots, and a person's diaries, visits and households visited,
-- read from the authors' index alone.
DROP INDEX diaries_author;
CREATE INDEX diaries_author ON diaries(created_by, occurred_at, kind, deleted, household_id);
-- The holders of a role (the leaders of a scope), without reading every account.
CREATE INDEX user_roles_role ON user_roles(role, user_id);
"""


def _add(node, month, values, when, sign="+"):
    """SQL: add (or take away) values {column: SQL} to the row of (node, month) when `when`."""
    columns = ", ".join(values)
    exprs = ", ".join(f"{sign}({v})" for v in values.values())
    sets = ", ".join(f"{c} = {c} + excluded.{c}" for c in values)
    return (f"INSERT INTO stats_month (node_id, month, {columns}) SELECT {village_of(node)},"
            f" {month}, {exprs} WHERE {when} ON CONFLICT (node_id, month) DO UPDATE SET {sets};")


def _diary(row):
    return {"diaries": "1", "visits": f"{row}.kind = 'visit'"}


def _received(row):
    return {"cases_received": "1", "cases_escalated": f"{row}.escalation_level > 0"}


def _closed(row):
    return {"cases_closed": "1",
            "cases_on_time": f"substr({row}.closed_at, 1, 10) <= {row}.close_by",
            "cases_rated": f"{row}.rated != 0",
            "cases_satisfied": f"{row}.rated != 0 AND {row}.satisfaction IN ('satisfied', 'basic')"}


def _stats_parts(row, sign):
    """The statements that add (or take away) a row's part of stats_month, per table."""
    return {
        "diaries": _add(f"{row}.node_id", f"substr({row}.occurred_at, 1, 7)", _diary(row),
                        f"{row}.deleted = 0", sign),
        "cases": _add(f"{row}.node_id", f"substr({row}.received_at, 1, 7)", _received(row),
                      f"{row}.deleted = 0 AND {row}.kind = 'appeal'", sign)
        + _add(f"{row}.node_id", f"substr({row}.closed_at, 1, 7)", _closed(row),
               f"{row}.deleted = 0 AND {row}.kind = 'appeal' AND {row}.status = 'closed'"
               f" AND {row}.closed_at IS NOT NULL", sign),
        "duty_hours": _add(f"{row}.node_id", f"substr({row}.started_at, 1, 7)",
                           {"duty_minutes": f"{row}.minutes"},
                           f"{row}.deleted = 0 AND {row}.status = 'confirmed'", sign),
    }


def _household_node(household):
    return (f"(SELECT {village_of('h.node_id')} FROM households h WHERE h.id = {household}"
            " AND h.deleted = 0)")


def _visits_of(household):
    """SQL: take a household's months out of visit_firsts, recompute them from its diaries,
    put them back."""
    return (
        "UPDATE visit_firsts SET n = n - 1 WHERE (node_id, month, prev) IN (SELECT node_id,"
        f" month, prev FROM household_visit_months WHERE household_id = {household});"
        f" DELETE FROM household_visit_months WHERE household_id = {household};"
        " INSERT INTO household_visit_months (household_id, month, prev, node_id)"
        f" SELECT {household}, month, coalesce(lag(month) OVER (ORDER BY month), ''), node"
        " FROM (SELECT DISTINCT substr(occurred_at, 1, 7) AS month FROM diaries"
        f" WHERE household_id = {household} AND deleted = 0),"
        f" (SELECT {_household_node(household)} AS node) WHERE node IS NOT NULL;"
        " INSERT INTO visit_firsts (node_id, month, prev, n) SELECT node_id, month, prev, 1"
        f" FROM household_visit_months WHERE household_id = {household}"
        " ON CONFLICT (node_id, month, prev) DO UPDATE SET n = n + 1;")


# The latest diary of a household that names a follow-up (ties: the one stored last).
_LATEST_FOLLOW = ("FROM diaries WHERE household_id = {h} AND deleted = 0 AND follow_up_date"
                  " IS NOT NULL ORDER BY occurred_at DESC, rowid DESC LIMIT 1")


def _follow_up_of(household):
    """SQL: recompute a household's last diary day and latest follow-up."""
    latest = _LATEST_FOLLOW.format(h=household)
    return (f"DELETE FROM household_follow_ups WHERE household_id = {household};"
            " INSERT INTO household_follow_ups (household_id, node_id, last_visit, follow_up,"
            " follow_at) SELECT id, node, last, follow, follow_at FROM"
            f" (SELECT {household} AS id, {_household_node(household)} AS node,"
            " (SELECT max(substr(occurred_at, 1, 10)) FROM diaries"
            f" WHERE household_id = {household} AND deleted = 0) AS last,"
            f" (SELECT follow_up_date {latest}) AS follow, (SELECT occurred_at {latest})"
            " AS follow_at) WHERE node IS NOT NULL AND last IS NOT NULL;")


def _follow_up_added():
    """SQL: fold a new diary (NEW) into its household's follow-up row."""
    newer = ("excluded.follow_at IS NOT NULL AND (follow_at IS NULL OR excluded.follow_at >="
             " follow_at)")
    return ("INSERT INTO household_follow_ups (household_id, node_id, last_visit, follow_up,"
            " follow_at) SELECT NEW.household_id, node, substr(NEW.occurred_at, 1, 10),"
            " NEW.follow_up_date, CASE WHEN NEW.follow_up_date IS NOT NULL THEN NEW.occurred_at"
            f" END FROM (SELECT {_household_node('NEW.household_id')} AS node)"
            " WHERE node IS NOT NULL ON CONFLICT (household_id) DO UPDATE SET"
            " last_visit = max(last_visit, excluded.last_visit),"
            f" follow_up = CASE WHEN {newer} THEN excluded.follow_up ELSE follow_up END,"
            f" follow_at = CASE WHEN {newer} THEN excluded.follow_at ELSE follow_at END;")


def _month_added():
    """SQL: a new diary's month (NEW), later than every month of its household's chain,
    appended to it."""
    return ("INSERT INTO household_visit_months (household_id, month, prev, node_id)"
            " SELECT NEW.household_id, substr(NEW.occurred_at, 1, 7), coalesce((SELECT"
            " max(month) FROM household_visit_months WHERE household_id = NEW.household_id),"
            f" ''), node FROM (SELECT {_household_node('NEW.household_id')} AS node)"
            " WHERE node IS NOT NULL;"
            " INSERT INTO visit_firsts (node_id, month, prev, n) SELECT node_id, month, prev, 1"
            " FROM household_visit_months WHERE household_id = NEW.household_id"
            " AND month = substr(NEW.occurred_at, 1, 7)"
            " ON CONFLICT (node_id, month, prev) DO UPDATE SET n = n + 1;")


def _starts(row, sign):
    """SQL: count a pairing in (or out of) pairing_starts while it runs."""
    return (f"INSERT INTO pairing_starts (node_id, start_date, n) SELECT"
            f" {village_of(f'{row}.node_id')}, {row}.start_date, {sign}1 WHERE"
            f" {row}.end_date IS NULL AND {row}.deleted = 0 ON CONFLICT (node_id, start_date)"
            " DO UPDATE SET n = n + excluded.n;")


def triggers():
    """The triggers that keep the summaries current."""
    made = []
    for table in ("diaries", "cases", "duty_hours"):
        plus, minus = _stats_parts("NEW", "+")[table], _stats_parts("OLD", "-")[table]
        made.append(f"CREATE TRIGGER stats_{table}_insert AFTER INSERT ON {table}"
                    f" BEGIN {plus} END;")
        made.append(f"CREATE TRIGGER stats_{table}_update AFTER UPDATE ON {table}"
                    f" BEGIN {minus} {plus} END;")
    # A new diary: its month appended when it is its household's latest (nothing when the
    # month is there already; the chain recomputed when it comes before the last).
    month = "substr(NEW.occurred_at, 1, 7)"
    chain = "SELECT 1 FROM household_visit_months WHERE household_id = NEW.household_id AND"
    new = "NEW.household_id IS NOT NULL AND NEW.deleted = 0"
    made.append("CREATE TRIGGER household_stats_diary_insert AFTER INSERT ON diaries"
                f" WHEN {new} BEGIN {_follow_up_added()} END;")
    made.append("CREATE TRIGGER household_months_diary_insert AFTER INSERT ON diaries"
                f" WHEN {new} AND NOT EXISTS ({chain} month >= {month})"
                f" BEGIN {_month_added()} END;")
    made.append("CREATE TRIGGER household_months_diary_insert_earlier AFTER INSERT ON diaries"
                f" WHEN {new} AND NOT EXISTS ({chain} month = {month}) AND EXISTS ({chain}"
                f" month > {month}) BEGIN {_visits_of('NEW.household_id')} END;")
    # A diary changed or deleted: its household's (and the one it left) recomputed.
    changed = ("(OLD.occurred_at IS NOT NEW.occurred_at OR OLD.follow_up_date IS NOT"
               " NEW.follow_up_date OR OLD.deleted != NEW.deleted)")
    made.append("CREATE TRIGGER household_stats_diary_update AFTER UPDATE ON diaries"
                " WHEN NEW.household_id IS NOT NULL AND OLD.household_id IS NEW.household_id"
                f" AND {changed} BEGIN {_visits_of('NEW.household_id')}"
                f" {_follow_up_of('NEW.household_id')} END;")
    made.append("CREATE TRIGGER household_stats_diary_moved AFTER UPDATE ON diaries"
                " WHEN OLD.household_id IS NOT NEW.household_id BEGIN"
                f" {_visits_of('OLD.household_id')} {_follow_up_of('OLD.household_id')}"
                f" {_visits_of('NEW.household_id')} {_follow_up_of('NEW.household_id')} END;")
    # A household moved or deleted: its summaries follow it (or go).
    made.append("CREATE TRIGGER household_stats_moved AFTER UPDATE OF node_id, deleted"
                f" ON households BEGIN {_visits_of('NEW.id')} {_follow_up_of('NEW.id')} END;")
    # follow_up_months follows what household_follow_ups says is due.
    plus = ("INSERT INTO follow_up_months (node_id, month, n) VALUES (NEW.node_id,"
            " substr(NEW.due, 1, 7), 1) ON CONFLICT (node_id, month) DO UPDATE SET n = n + 1;")
    minus = ("UPDATE follow_up_months SET n = n - 1 WHERE node_id = OLD.node_id AND month ="
             " substr(OLD.due, 1, 7);")
    made.append("CREATE TRIGGER follow_up_months_insert AFTER INSERT ON household_follow_ups"
                f" WHEN NEW.due IS NOT NULL BEGIN {plus} END;")
    made.append("CREATE TRIGGER follow_up_months_delete AFTER DELETE ON household_follow_ups"
                f" WHEN OLD.due IS NOT NULL BEGIN {minus} END;")
    made.append("CREATE TRIGGER follow_up_months_update_old AFTER UPDATE ON household_follow_ups"
                " WHEN OLD.due IS NOT NULL AND (OLD.due IS NOT NEW.due OR OLD.node_id !="
                f" NEW.node_id) BEGIN {minus} END;")
    made.append("CREATE TRIGGER follow_up_months_update_new AFTER UPDATE ON household_follow_ups"
                " WHEN NEW.due IS NOT NULL AND (OLD.due IS NOT NEW.due OR OLD.node_id !="
                f" NEW.node_id) BEGIN {plus} END;")
    made.append("CREATE TRIGGER pairing_starts_insert AFTER INSERT ON pairings BEGIN"
                f" {_starts('NEW', '+')} END;")
    made.append("CREATE TRIGGER pairing_starts_update AFTER UPDATE ON pairings BEGIN"
                f" {_starts('OLD', '-')} {_starts('NEW', '+')} END;")
    return made


def fill(db):
    """Recompute every summary from the records (in the caller's transaction)."""
    conn = getattr(db, "conn", db)
    for table in SUMMARIES:   # follow_up_months follows household_follow_ups (its triggers)
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM follow_up_months")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stats_village (id INTEGER PRIMARY KEY,"
                 " village INTEGER NOT NULL)")
    conn.execute("DELETE FROM temp.stats_village")
    conn.execute(f"INSERT INTO temp.stats_village SELECT g.id, {VILLAGE_LEVEL}"
                 " FROM org_nodes g")
    parts = (
        ("diaries", "substr(t.occurred_at, 1, 7)", _diary("t"), "t.deleted = 0"),
        ("cases", "substr(t.received_at, 1, 7)", _received("t"),
         "t.deleted = 0 AND t.kind = 'appeal'"),
        ("cases", "substr(t.closed_at, 1, 7)", _closed("t"),
         "t.deleted = 0 AND t.kind = 'appeal' AND t.status = 'closed'"
         " AND t.closed_at IS NOT NULL"),
        ("duty_hours", "substr(t.started_at, 1, 7)", {"duty_minutes": "t.minutes"},
         "t.deleted = 0 AND t.status = 'confirmed'"),
    )
    for table, month, values, where in parts:
        columns = ", ".join(values)
        sums = ", ".join(f"sum({v})" for v in values.values())
        sets = ", ".join(f"{c} = {c} + excluded.{c}" for c in values)
        conn.execute(f"INSERT INTO stats_month (node_id, month, {columns}) SELECT v.village,"
                     f" {month}, {sums} FROM {table} t JOIN temp.stats_village v"
                     f" ON v.id = t.node_id WHERE {where} GROUP BY v.village, {month}"
                     f" ON CONFLICT (node_id, month) DO UPDATE SET {sets}")
    conn.execute(
        "INSERT INTO household_visit_months (household_id, month, prev, node_id)"
        " SELECT household_id, month, coalesce(lag(month) OVER (PARTITION BY household_id"
        " ORDER BY month), ''), village FROM (SELECT DISTINCT d.household_id,"
        " substr(d.occurred_at, 1, 7) AS month, v.village FROM diaries d JOIN households h"
        " ON h.id = d.household_id AND h.deleted = 0 JOIN temp.stats_village v"
        " ON v.id = h.node_id WHERE d.deleted = 0)")
    conn.execute("INSERT INTO visit_firsts (node_id, month, prev, n) SELECT node_id, month,"
                 " prev, count(*) FROM household_visit_months GROUP BY node_id, month, prev")
    latest = _LATEST_FOLLOW.format(h="d.household_id")
    conn.execute(
        "INSERT INTO household_follow_ups (household_id, node_id, last_visit, follow_up,"
        " follow_at) SELECT d.household_id, v.village, max(substr(d.occurred_at, 1, 10)),"
        f" (SELECT follow_up_date {latest}), (SELECT occurred_at {latest})"
        " FROM diaries d JOIN households h ON h.id = d.household_id AND h.deleted = 0"
        " JOIN temp.stats_village v ON v.id = h.node_id WHERE d.deleted = 0"
        " GROUP BY d.household_id")
    conn.execute("INSERT INTO pairing_starts (node_id, start_date, n) SELECT v.village,"
                 " p.start_date, count(*) FROM pairings p JOIN temp.stats_village v"
                 " ON v.id = p.node_id WHERE p.end_date IS NULL AND p.deleted = 0"
                 " GROUP BY v.village, p.start_date")
    conn.execute("DROP TABLE temp.stats_village")


@migrations(name="0023_dashboard_stats")
def dashboard_stats(db):
    """Create the summaries, their triggers, and fill them from the records."""
    db.executescript(TABLES)
    for sql in triggers():
        db.execute(sql)
    fill(db)
