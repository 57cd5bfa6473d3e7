"""What the tests of early warning share: a county with two townships, the people a hot spot
concerns, cases stored at a place on a day, and the tick's warnings job."""
import datetime as dt

from qzapp import tick
from qzapp.clock import today
from tests.factories import ApiClient, make_node, make_user, new_id

TODAY = today()


def make_world(db):
    """A county with two townships: 东镇 (东村 with two grids, 北村) and 西镇 (西村); the
    villages' staff, each township's overseers, the county's admin and supervisor."""
    county = make_node(db, make_node(db, make_node(db), kind="city", name="市"),
                       kind="county", name="县")
    east = make_node(db, county, kind="township", name="东镇")
    west = make_node(db, county, kind="township", name="西镇")
    village = make_node(db, east, kind="village", name="东村")
    w = {"county": county, "east": east, "west": west, "village": village,
         "north": make_node(db, east, kind="village", name="北村"),
         "far": make_node(db, west, kind="village", name="西村"),
         "grid1": make_node(db, village, kind="grid", name="东村一网格"),
         "grid2": make_node(db, village, kind="grid", name="东村二网格")}
    for name, node, roles in (("sec", village, ["first_secretary"]),
                              ("staff", village, ["village_staff"]),
                              ("gridw", w["grid1"], ["grid_worker"]),
                              ("town_sup", east, ["supervisor"]),
                              ("town_leader", east, ["leader"]),
                              ("west_sup", west, ["supervisor"]),
                              ("north_sec", w["north"], ["first_secretary"]),
                              ("admin", county, ["admin"]),
                              ("county_sup", county, ["supervisor"])):
        w[name] = make_user(db, node, roles=roles, username=f"w_{name}", name=f"{name}名")
    return w


def add_cases(db, node, count, days_ago=0, category="land", kind="appeal", on=TODAY):
    """count cases received at node days_ago days before `on`, stored as the ledger folds
    them (the columns the hot spots read)."""
    day = (on - dt.timedelta(days=days_ago)).isoformat()
    with db.conn:
        for _ in range(count):
            db.execute("INSERT INTO cases (id, kind, node_id, channel, category, urgency, text,"
                       " status, received_at, days, rev, created_at, updated_at) VALUES"
                       " (?, ?, ?, 'hotline', ?, 'normal', '诉求', 'received', ?, '{}', 0, ?, ?)",
                       [new_id(), kind, node["id"], category, f"{day}T10:00:00+08:00",
                        f"{day}T02:00:00.000Z", f"{day}T02:00:00.000Z"])


def run(db, day=TODAY):
    return tick.run(db, day, only={"warnings"})["warnings"]


def warnings(db, **where):
    clause = " AND ".join(f"{k} = ?" for k in where) or "1"
    return [dict(r) for r in db.query(f"SELECT * FROM warnings WHERE {clause} ORDER BY id",
                                      list(where.values()))]


def as_user(app, name):
    return ApiClient(app.test_client()).as_user(f"w_{name}")


def quiet_windows(db, node):
    """Cases earlier on that keep the relative rule quiet: 3 in the 7 days before this week
    (so this week needs 6 to double them), 5 in the 30 days before this month."""
    add_cases(db, node, 3, days_ago=10)
    add_cases(db, node, 5, days_ago=40)
