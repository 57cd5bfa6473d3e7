"""Pull benchmark: what a pull costs sparse and dense users of a large change feed.

    .venv/bin/python bench/pull_bench.py [--changes 3000000] [--db PATH] [--runs 15]
                                         [--way auto|walk|ranges]

Builds a county of about 1,000 org nodes (18 townships, 330 villages of skewed sizes, two grids
each) and its change feed, written straight into `changes` with execute_many: households,
pairings, visit diaries, appeals and reveals, with their edits, tombstones (deleted diaries),
drops (households moved, handed over to another cadre) and access marks, until the feed holds
--changes rows. With --db naming a file that exists, the feed there is reused (and migrated).

Then it times the server's pull (qzapp.sync.pull.pull, in process, warm) for users from the
sparsest to the densest: a newly paired cadre (owner and handler only), the secretary of a
small village, a grid worker, the secretary of a typical village, a township supervisor and the
county's supervisor. For each: the first page from zero, the pull of everything from zero
page by page (not for the county: it sees the whole feed), and a page after a recent cursor.
--way forces how pages are found (the walk of the feed by seq, or the audience index ranges).
"""
import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qzapp import create_app  # noqa: E402
from qzapp.auth.models import load_user_row  # noqa: E402
from qzapp.db import connect, execute, execute_many, fetch_value, savepoint  # noqa: E402
from qzapp.sync import changes, pull  # noqa: E402

STAMP = "2026-03-01T08:00:00+08:00"
TOWNSHIPS, VILLAGES = 18, 330
HOUSEHOLDS = 100_000
CADRES, PAIRED = 250, 2_000          # county cadres, each paired with about eight households
SMALL_VILLAGE_HOUSEHOLDS = 17        # 新村: its secretary sees about 500 records
NEW_CADRE_PAIRINGS = 25              # 新干部: sees about 500 records, all as owner or handler
PAGE = 1000
RECENT = 20_000                      # the cursor of a phone that last pulled this many changes ago
# What happens after the register is loaded, as (kind, weight): diaries dominate the feed.
# Pairings, handovers and moves are rare, but each re-addresses every record about its household:
# in 3 million changes, about 60,000 drops, 64,000 tombstones and 3,000 access marks.
EVENTS = [("diary", 760), ("appeal", 100), ("household", 40), ("reveal", 20),
          ("delete_diary", 20), ("handover", 1), ("pair", 1), ("move", 1), ("access", 1)]
DIARY_TEXT = json.dumps({"heard": "反映村里饮水管道老化，夏天经常停水，希望尽快维修。",
                         "done": "联系乡水务站，约定下周一上门查看并登记。"}, ensure_ascii=False)


class Feed:
    """The change feed being written: one upsert per record, drops, in chunks of rows."""

    def __init__(self, db, chunk=200_000):
        self.db, self.chunk, self.seq, self.rows = db, chunk, 0, 0
        self.pending, self.obsolete, self.current = {}, [], {}

    def upsert(self, entity, record_id, audience, data, deleted=0, lost=None):
        """The record's new change (replacing its last one), after a drop of what it lost."""
        if lost is not None:
            self.add((entity, record_id, "drop", *lost, 0, None))
        old = self.current.get((entity, record_id))
        if old is not None:
            if self.pending.pop(old, None) is None:
                self.obsolete.append((old,))
            self.rows -= 1
        self.current[(entity, record_id)] = self.add(
            (entity, record_id, "upsert", *audience, deleted, data))

    def add(self, row):
        """Append one change; returns its seq."""
        self.seq += 1
        self.rows += 1
        self.pending[self.seq] = row
        if len(self.pending) >= self.chunk:
            self.flush()
        return self.seq

    def flush(self):
        """Write what is pending (the replaced upserts go first: one upsert per record)."""
        execute_many(self.db, "DELETE FROM changes WHERE seq = ?", self.obsolete)
        execute_many(self.db, "INSERT INTO changes (seq, entity, record_id, kind, node_id,"
                     " owner_id, handler_id, deleted, data, at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                     [(seq, *row, STAMP) for seq, row in self.pending.items()])
        self.pending, self.obsolete = {}, []


def record_id(n):
    """A UUID v7-like id: time-ordered, as phones make them."""
    text = f"{0x0190_0000_0000 + n:012x}7{n % 4096:03x}8{n * 2654435761 % 2**60:015x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:32]}"


def build_tree(db, rng):
    """Province › city › county › townships › villages › two grids each; returns the
    villages' rows [id, township, grids], the small village first."""
    nodes, next_id = [], iter(range(1, 10**6))

    def node(parent, kind, name):
        node_id = next(next_id)
        path = f"{parent[1] if parent else '/'}{node_id}/"
        nodes.append((node_id, parent and parent[0], name, kind, path, path.count("/") - 2,
                      STAMP, STAMP))
        return node_id, path

    county = node(node(node(None, "province", "四川省"), "city", "示范市"), "county", "示范县")
    townships = [node(county, "township", f"镇{t}") for t in range(TOWNSHIPS)]
    villages = []
    for v in range(VILLAGES):
        village = node(townships[v % TOWNSHIPS], "village", "新村" if v == 0 else f"村{v}")
        grids = [node(village, "grid", f"网格{g}")[0] for g in range(2)]
        villages.append((village[0], townships[v % TOWNSHIPS][0], grids))
    execute_many(db, "INSERT INTO org_nodes (id, parent_id, name, kind, path, depth, created_at,"
                 " updated_at) VALUES (?,?,?,?,?,?,?,?)", nodes)
    return county[0], [t[0] for t in townships], villages


def build_users(db, county, townships, villages):
    """Cadres and a supervisor at the county, a supervisor per township, a secretary and a
    director per village, a grid worker per grid; returns their ids by kind."""
    users, roles = [], []

    def user(node_id, role, name):
        users.append((len(users) + 1, name, "测试", node_id, "x", "x", STAMP, STAMP))
        roles.append((len(users), role))
        return len(users)

    ids = {"supervisor": user(county, "supervisor", "county_supervisor"),
           "cadres": [user(county, "cadre", f"cadre{c}") for c in range(CADRES)],
           "township_supervisors": [user(t, "supervisor", f"sup{i}")
                                    for i, t in enumerate(townships)],
           "secretaries": {}, "directors": {}, "grid_workers": {}}
    for village, _, grids in villages:
        ids["secretaries"][village] = user(village, "first_secretary", f"sec{village}")
        ids["directors"][village] = user(village, "village_staff", f"dir{village}")
        for grid in grids:
            ids["grid_workers"][grid] = user(grid, "grid_worker", f"grid{grid}")
    execute_many(db, "INSERT INTO users (id, username, name, node_id, password_hash,"
                 " session_token, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)", users)
    execute_many(db, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)", roles)
    return ids


class County:
    """The county's records as the feed is written: households and what concerns them."""

    def __init__(self, feed, rng, villages, users):
        self.feed, self.rng, self.users, self.count = feed, rng, users, 0
        self.village_of = {g: (v, t) for v, t, grids in villages for g in grids}
        self.grids_of = {}          # township -> its grids a household may move to
        for _, township, grids in villages[1:]:     # never into the small village
            self.grids_of.setdefault(township, []).extend(grids)
        self.households = []        # [id, node, cadre]
        self.about = {}             # household index -> [(entity, id, owner)] that follow it
        self.diaries = []           # recent diaries' (id, household index or None, owner)
        sizes = [SMALL_VILLAGE_HOUSEHOLDS] + [
            max(20, int(rng.lognormvariate(0, 0.6) * 250)) for _ in villages[1:]]
        scale = (HOUSEHOLDS - sizes[0]) / sum(sizes[1:])
        for (_, _, grids), size in zip(villages, [sizes[0]] + [int(s * scale) for s in sizes[1:]]):
            for h in range(size):
                self.new_household(grids[h % 2])

    def next_id(self):
        self.count += 1
        return record_id(self.count)

    def new_household(self, grid):
        self.households.append([self.next_id(), grid, None])
        self.put_household(len(self.households) - 1)

    def put_household(self, h, lost=None):
        hid, grid, cadre = self.households[h]
        data = json.dumps({"id": hid, "node_id": grid, "head_name": "张建国", "members": [
            {"name": "李秀英", "relation": "配偶"}], "difficulty_type": "low_income",
            "address": "青山村三组12号", "phone": "13800001111", "id_number": "5101041990010112"
            "30", "created_at": STAMP, "updated_at": STAMP}, ensure_ascii=False)
        self.feed.upsert("household", hid, (grid, None, cadre), data, lost=lost)
        if cadre is not None:   # a new pairing has no audience to lose
            pairing = f"p-{hid}"
            self.feed.upsert("pairing", pairing, (grid, None, cadre),
                             f'{{"household_id":"{hid}","cadre_id":{cadre}}}',
                             lost=lost if ("pairing", pairing) in self.feed.current else None)

    def author(self, h):
        """Who writes about household h: its cadre half the time, else its village's staff."""
        _, grid, cadre = self.households[h]
        if cadre is not None and self.rng.random() < 0.5:
            return cadre
        village = self.village_of[grid][0]
        return self.users["secretaries" if self.rng.random() < 0.5 else "directors"][village]

    def write(self, entity):
        """A diary or an appeal about a random household (a diary, every other time, about
        no household: placed on the village)."""
        h = self.rng.randrange(len(self.households))
        _, grid, cadre = self.households[h]
        owner, rid = self.author(h), self.next_id()
        about = entity == "appeal" or self.rng.random() < 0.5
        node = grid if about else self.village_of[grid][0]
        data = f'{{"id":"{rid}","node_id":{node},"kind":"visit","created_by":{owner},' \
               f'"occurred_at":"{STAMP}",{DIARY_TEXT[1:-1]},"photos":[]}}'
        self.feed.upsert(entity, rid, (node, owner, cadre if about else None), data)
        if about:
            self.about.setdefault(h, []).append((entity, rid, owner))
        if entity == "diary":
            self.diaries.append((rid, h if about else None, node, owner))

    def delete_diary(self):
        """Its author deletes a recent diary: a tombstone."""
        if self.diaries:
            rid, h, node, owner = self.diaries.pop(self.rng.randrange(len(self.diaries)))
            if h is not None:   # where the household's records are now
                node, cadre = self.households[h][1], self.households[h][2]
            else:
                cadre = None
            self.feed.upsert("diary", rid, (node, owner, cadre), None, deleted=1)
            if h is not None:
                self.about[h] = [a for a in self.about[h] if a[1] != rid]
            self.diaries = self.diaries[-5000:]

    def readdress(self, h, node=None, cadre=None):
        """Household h moved to another grid, or handed over to another cadre: it, its
        pairing and every record about it drop from what lost them and reach what gained."""
        hid, old_node, old_cadre = self.households[h]
        self.households[h] = [hid, node or old_node, cadre or old_cadre]
        lost_node = old_node if node not in (None, old_node) else None
        lost_cadre = old_cadre if cadre not in (None, old_cadre) else None
        self.put_household(h, lost=(lost_node, None, lost_cadre))
        for entity, rid, owner in self.about.get(h, []):
            data = f'{{"id":"{rid}","node_id":{node or old_node},"created_by":{owner},' \
                   f'{DIARY_TEXT[1:-1]}}}'
            self.feed.upsert(entity, rid, (node or old_node, owner, cadre or old_cadre), data,
                             lost=(lost_node, None, lost_cadre))

    def event(self, kind):
        """One thing happening in the county."""
        rng = self.rng
        if kind in ("diary", "appeal"):
            self.write(kind)
        elif kind == "household":
            self.put_household(rng.randrange(len(self.households)))
        elif kind == "reveal":
            h = rng.randrange(len(self.households))
            grid = self.households[h][1]
            self.feed.upsert("reveal", self.next_id(), (grid, self.author(h), None),
                             f'{{"household_id":"{self.households[h][0]}","field":"phone"}}')
        elif kind == "delete_diary":
            self.delete_diary()
        elif kind in ("handover", "pair"):
            h = rng.randrange(len(self.households))
            cadre = self.households[h][2]
            if (cadre is None) == (kind == "pair") and cadre != self.users["cadres"][0]:
                self.readdress(h, cadre=rng.choice(self.users["cadres"][1:]))
        elif kind == "move":
            h = rng.randrange(len(self.households))
            _, township = self.village_of[self.households[h][1]]
            self.readdress(h, node=rng.choice(self.grids_of[township]))
        else:
            user = rng.randrange(1, 200)
            self.feed.add(("account", str(user), "drop", None, user, None, 0, None))


def build(path, changes, seed=2026):
    """A fresh database at path whose feed holds about changes rows; returns its users."""
    rng = random.Random(seed)
    create_app({"SECRET_KEY": "bench", "DATABASE": path})
    db = connect(path)
    execute(db, "PRAGMA synchronous = OFF")
    execute(db, "PRAGMA cache_size = -1000000")
    started = time.perf_counter()
    with savepoint(db):
        county, townships, villages = build_tree(db, rng)
        users = build_users(db, county, townships, villages)
        feed = Feed(db)
        world = County(feed, rng, villages, users)
        paired = rng.sample(range(SMALL_VILLAGE_HOUSEHOLDS, len(world.households)), PAIRED)
        for n, h in enumerate(paired):
            world.readdress(h, cadre=users["cadres"][0] if n < NEW_CADRE_PAIRINGS else
                            rng.choice(users["cadres"][1:]))
        kinds, weights = zip(*EVENTS)
        while feed.rows < changes:
            for kind in rng.choices(kinds, weights, k=1000):
                world.event(kind)
        feed.flush()
        execute_many(db, "INSERT INTO households (id, node_id, head_name, members,"
                     " difficulty_type, address, phone, id_number, created_at, updated_at)"
                     " VALUES (?, ?, '张建国', '[]', 'low_income', '青山村三组12号', '13800001111',"
                     " '510104199001011230', ?, ?)",
                     [(hid, node, STAMP, STAMP) for hid, node, _ in world.households])
        execute(db, "UPDATE households SET rev = (SELECT seq FROM changes WHERE entity ="
                " 'household' AND record_id = households.id AND kind = 'upsert')")
    rows = fetch_value(db, "SELECT count(*) FROM changes")
    print(f"built {rows:,} changes in {time.perf_counter() - started:.0f} s")
    db.close()


def people(db):
    """The users timed, sparsest first: (label, user id)."""
    def one(sql, params=()):
        return fetch_value(db, sql, params)
    middle = "SELECT node_id FROM households GROUP BY node_id ORDER BY count(*) LIMIT 1" \
             " OFFSET (SELECT count(DISTINCT node_id) / 2 FROM households)"
    typical_grid = one(middle)
    return [
        ("new cadre (owner, handler)", one("SELECT id FROM users WHERE username = 'cadre0'")),
        ("secretary, small village", one(
            "SELECT u.id FROM users u JOIN org_nodes n ON n.id = u.node_id AND n.name = '新村'"
            " JOIN user_roles r ON r.user_id = u.id AND r.role = 'first_secretary'")),
        ("grid worker, typical grid", one("SELECT id FROM users WHERE node_id = ?",
                                          [typical_grid])),
        ("secretary, typical village", one(
            "SELECT u.id FROM users u JOIN org_nodes g ON g.parent_id = u.node_id AND g.id = ?"
            " JOIN user_roles r ON r.user_id = u.id AND r.role = 'first_secretary'",
            [typical_grid])),
        ("township supervisor", one("SELECT id FROM users WHERE username = 'sup0'")),
        ("county supervisor", one("SELECT id FROM users WHERE username = 'county_supervisor'")),
    ]


def timed(run, runs):
    """Median and lowest milliseconds of runs calls of run()."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def pull_everything(db, user, walk):
    """Every page from zero: (records put, pages, milliseconds)."""
    since, puts, pages, started = 0, 0, 0, time.perf_counter()
    while True:
        page = pull.pull(db, user, since, PAGE, walk)
        puts += page["changes"].count(b'"op":"put"')
        pages += 1
        since = int(page["next"])
        if page["more"] == b"false":
            return puts, pages, (time.perf_counter() - started) * 1000


def measure(path, runs, walk):
    """Time each user's pulls; print a table."""
    started = time.perf_counter()
    app = create_app({"SECRET_KEY": "bench", "DATABASE": path})   # migrates the file
    print(f"migrations: {time.perf_counter() - started:.1f} s")
    db = connect(path)
    top = fetch_value(db, "SELECT max(seq) FROM changes")
    print(f"{fetch_value(db, 'SELECT count(*) FROM changes'):,} changes, pages of {PAGE},"
          f" {runs} runs each (median, lowest in brackets)")
    print(f"{'user':28} {'way':>6} {'sees':>8} {'first page, ms':>16} {'all pages, ms':>22}"
          f" {'after a recent cursor, ms':>26}")
    with app.app_context():
        for label, user_id in people(db):
            user = load_user_row(db, user_id)
            way = walk if walk is not None else changes.walks_feed(db, user)
            first = timed(lambda u=user: pull.pull(db, u, 0, PAGE, walk), runs)
            recent = timed(lambda u=user: pull.pull(db, u, top - RECENT, PAGE, walk), runs)
            if label.startswith("county"):
                sees, everything = "all", "—"
            else:
                puts, pages, ms = pull_everything(db, user, walk)
                sees, everything = f"{puts:,}", f"{ms:,.1f} ({pages} pages)"
            print(f"{label:28} {'walk' if way else 'ranges':>6} {sees:>8}"
                  f" {first[0]:>8.1f} ({first[1]:.1f}) {everything:>22}"
                  f" {recent[0]:>14.1f} ({recent[1]:.1f})")
    db.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=3_000_000)
    parser.add_argument("--db", help="the database file to build, or to reuse when it exists")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--way", choices=("auto", "walk", "ranges"), default="auto",
                        help="how pages are found (auto: as the server chooses)")
    args = parser.parse_args()
    walk = {"auto": None, "walk": True, "ranges": False}[args.way]
    tmp = None if args.db else tempfile.mkdtemp(prefix="qz-pull-bench-")
    path = args.db or os.path.join(tmp, "pull.db")
    try:
        if not os.path.exists(path):
            build(path, args.changes)
        measure(path, args.runs, walk)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
