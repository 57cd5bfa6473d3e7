"""Sparse pulls: a page read from the audience index ranges is exactly the page the walk of the
whole feed finds, for every user, cursor and page size, over a county's random feed of writes,
edits, tombstones, households moved and handed over, and access marks."""
import json
import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings

from qzapp.auth.models import load_user_row
from qzapp.clock import today
from qzapp.db import execute_many, fetch_one, fetch_tuples, fetch_value
from qzapp.households import pairing
from qzapp.households.entity import HOUSEHOLD
from qzapp.sync import changes, pull, push, registry, store
from tests.factories import diary_data, make_household, make_node, make_user, new_id
from tests.test_sync_property import FinalCheck

WAYS = (None, True, False)   # as the server chooses, the walk, the audience ranges


def reference_page_sql(db, user, since, count, columns, walk=None):
    """The pull's query before the audience indexes, plainly: every change after since,
    tested one by one against what the user owns, handles or reads by scope, in seq order."""
    readable = sorted(name for name, e in registry.REGISTRY.items()
                      if user.has_role(*e.node_readers))
    low, high = user.scope.path_range()
    return (f"SELECT {columns} FROM changes c WHERE c.seq > ? AND (c.owner_id = ?"
            f" OR c.handler_id = ? OR (c.entity IN ({','.join('?' * len(readable))}) AND"
            " c.node_id IN (SELECT id FROM org_nodes WHERE path >= ? AND path < ?)))"
            " AND (? > 0 OR (c.kind = 'upsert' AND c.deleted = 0)) ORDER BY c.seq LIMIT ?",
            [since, user.id, user.id, *readable, low, high, since, count])


@pytest.fixture
def reference(monkeypatch):
    """pull.pull as it answered with the reference query: the page, its next and more."""
    def answer(db, user, since, limit):
        with monkeypatch.context() as patch:
            patch.setattr(changes, "page_sql", reference_page_sql)
            return pull.pull(db, user, since, limit)
    return answer


class County:
    """Two townships of three villages of two grids; people at every level; a random feed."""

    def __init__(self, app, db, seed):
        self.app, self.db, self.rng = app, db, random.Random(seed)
        self.mids, self.diaries = {}, {}   # user id -> last mid; diary id -> (author, rev)
        county = make_node(db, make_node(db), kind="county")
        self.admin = make_user(db, county, roles=["admin"])
        self.cadres = [make_user(db, county, roles=[role]) for role in ("cadre",) * 3 + ("leader",)]
        self.writers = list(self.cadres)
        make_user(db, county, roles=["supervisor"])
        self.grids = []
        for _ in range(2):
            township = make_node(db, county, kind="township")
            make_user(db, township, roles=["supervisor"])
            for _ in range(3):
                self.village(township)

    def village(self, township):
        """A village, its staff, two grids with a grid worker and three households each."""
        village = make_node(self.db, township, kind="village")
        self.writers += [make_user(self.db, village, roles=["first_secretary"]),
                         make_user(self.db, village, roles=["village_staff"])]
        for _ in range(2):
            grid = make_node(self.db, village, kind="grid")
            self.grids.append(grid)
            self.writers.append(make_user(self.db, grid, roles=["grid_worker"]))
            for _ in range(3):
                make_household(self.db, grid)

    def user(self, row):
        return load_user_row(self.db, row["id"])

    def push(self, author, mutations):
        """Apply mutations as the author's phone would push them; returns their answers."""
        user = self.user(author)
        first = self.mids.get(user.id, 0) + 1
        numbered = [{**m, "mid": first + i} for i, m in enumerate(mutations)]
        answers, last = push.apply_batch(self.db, user, f"phone-{user.id:04d}", numbered)
        self.mids[user.id] = last
        return [json.loads(a) for a in answers]

    def writes(self, author):
        """A few writes of one person: diaries and appeals about households they may see (or
        about none), edits and deletions of their own diaries."""
        seen = [r["id"] for r in changes.visible_rows(self.db, self.user(author), "household")]
        mine = [d for d, (who, _) in self.diaries.items() if who == author["id"]]
        mutations = []
        for _ in range(self.rng.randint(1, 4)):
            roll = self.rng.random()
            if mine and roll < 0.25:
                record = mine.pop(self.rng.randrange(len(mine)))
                op = "delete" if roll < 0.1 else "put"
                mutations.append({"op": op, "entity": "diary", "id": record,
                                  "base_rev": self.diaries[record][1],
                                  "data": diary_data(heard="又去了一次")})
            elif seen and roll < 0.4:
                mutations.append({"op": "put", "entity": "appeal", "id": new_id(), "data": {
                    "category": "infrastructure", "text": "路灯坏了",
                    "household_id": self.rng.choice(seen)}})
            else:
                household = self.rng.choice(seen) if seen and roll < 0.8 else None
                mutations.append({"op": "put", "entity": "diary", "id": new_id(),
                                  "data": diary_data(household_id=household)})
        for mutation, answer in zip(mutations, self.push(author, mutations)):
            assert answer["status"] == "applied", answer
            if mutation["entity"] == "diary":
                kept = mutation["op"] == "put"
                self.diaries[mutation["id"]] = (author["id"] if kept else None, answer["rev"])

    def office_work(self):
        """The county office: pair a cadre, hand a household over, move one to another grid,
        or change what an account may see."""
        roll, admin = self.rng.random(), self.user(self.admin)
        ids = [r for (r,) in fetch_tuples(self.db, "SELECT id FROM households ORDER BY id")]
        household = fetch_one(self.db, "SELECT * FROM households WHERE id = ?",
                              [self.rng.choice(ids)])
        cadre, day = self.rng.choice(self.cadres)["id"], today()
        with self.db.atomic():
            paired = pairing.current_cadre(self.db, household["id"])
            if roll < 0.4 and paired is None:
                pairing.pair(self.db, admin, household, cadre, str(day - timedelta(days=60)))
            elif roll < 0.6 and paired not in (None, cadre):
                pairing.hand_over(self.db, admin, household, cadre, str(day))
            elif roll < 0.85:
                grid = self.rng.choice(self.grids)["id"]
                store.save(self.db, admin, HOUSEHOLD, household["id"], household,
                           {**household, "node_id": grid})
            else:
                changes.mark_access_change(self.db, self.rng.choice(self.writers)["id"])

    def oddities(self):
        """Changes pulls meet rarely: of a kind no longer registered, and kept without JSON
        (built from their table when pulled)."""
        writer = self.rng.choice(self.writers)
        with self.db.atomic():
            changes.record_change(self.db, "retired_kind", new_id(),
                                  changes.Audience(writer["node_id"], writer["id"]),
                                  payload='{"old":true}')
        kept = [seq for (seq,) in fetch_tuples(self.db, "SELECT seq FROM changes WHERE kind ="
                                                " 'upsert' AND deleted = 0 ORDER BY seq")]
        execute_many(self.db, "UPDATE changes SET data = NULL WHERE seq = ?",
                     [(seq,) for seq in self.rng.sample(kept, 3)])

    def run(self, rounds):
        """Random rounds of writers' pushes, office work and oddities."""
        with self.app.test_request_context():
            for _ in range(rounds):
                roll = self.rng.random()
                if roll < 0.75:
                    self.writes(self.rng.choice(self.writers))
                elif roll < 0.97:
                    self.office_work()
                else:
                    self.oddities()
        return self


@pytest.fixture(params=[1, 2, 3], ids=lambda seed: f"seed{seed}")
def county(request, app, db):
    """A county whose feed the seed decides."""
    return County(app, db, request.param).run(120)


def everyone(db):
    """Every account, as the pull sees it."""
    return [load_user_row(db, user_id)
            for (user_id,) in fetch_tuples(db, "SELECT id FROM users ORDER BY id")]


def cursors(db, user, rng):
    """Cursors worth asking from: zero, at and around the access mark, random seqs, the end."""
    top = fetch_value(db, "SELECT max(seq) FROM changes")
    mark = user.row["access_seq"]
    return sorted({0, 1, mark - 1 if mark else 0, mark, top - 1, top, top + 5,
                   *rng.sample(range(1, top), 6)})


def test_the_feed_holds_what_pulls_must_tell_apart(county, db):
    kinds = dict(fetch_tuples(db, "SELECT CASE WHEN entity = 'account' THEN 'mark' WHEN"
                                  " kind = 'drop' THEN 'drop' WHEN deleted THEN 'tombstone'"
                                  " ELSE 'upsert' END, count(*) FROM changes GROUP BY 1"))
    assert kinds["upsert"] > 150 and kinds["drop"] > 5 and kinds["tombstone"] > 3
    assert kinds.get("mark", 0) > 0 and fetch_value(db, "SELECT count(*) FROM changes WHERE"
                                                    " handler_id IS NOT NULL") > 10


def test_every_page_equals_the_walk_of_the_whole_feed(county, db, reference):
    rng = random.Random(7)
    for user in everyone(db):
        for since in cursors(db, user, rng):
            for limit in (1, 2, 5, 1000):
                expected = reference(db, user, since, limit)
                for walk in WAYS:
                    assert pull.pull(db, user, since, limit, walk) == expected, \
                        (user.row["username"], sorted(user.roles), since, limit, walk)


@pytest.mark.parametrize("limit", [1, 3])
def test_following_next_gives_the_pages_of_the_walk(county, db, reference, limit):
    """From zero to the end, page after page: each page ends where the walk's does (or, for
    an account whose access mark lies past the page, at the same answer to start again)."""
    for user in everyone(db):
        since, more = 0, True
        while more:
            expected = reference(db, user, since, limit)
            for walk in WAYS:
                assert pull.pull(db, user, since, limit, walk) == expected, \
                    (user.row["username"], since, walk)
            since = int(expected["next"])
            more = expected["more"] == b"true" and expected["resync"] == b"false"


def test_dense_users_walk_the_feed_and_sparse_users_read_ranges(county, db, monkeypatch):
    """Dense: reading half the org tree or more by scope, or more (node, entity) ranges than
    DENSE_RANGES. Reading nothing by scope, never."""
    users = {(*sorted(u.roles), u.node["kind"]): u for u in everyone(db)}
    # The tree: a province over a county of 2 townships of 3 villages of 2 grids (1 + 1 + 2 × 10
    # nodes); a supervisor reads 6 kinds of record by scope, a secretary 5, a cadre none.
    supervisor, secretary = users[("supervisor", "county")], users[("first_secretary", "village")]
    township, cadre = users[("supervisor", "township")], users[("cadre", "county")]
    assert changes.walks_feed(db, supervisor)
    assert not any(changes.walks_feed(db, u) for u in (township, secretary, cadre))
    monkeypatch.setattr(changes, "DENSE_RANGES", 10 * 6 - 1)
    assert changes.walks_feed(db, township)
    assert not changes.walks_feed(db, secretary) and not changes.walks_feed(db, cadre)


def plan(db, user, since, walk):
    """The query plan of a page of the user's pull."""
    sql, params = changes.page_sql(db, user, since, 101, pull.COLUMNS, walk)
    return [row[3] for row in fetch_tuples(db, f"EXPLAIN QUERY PLAN {sql}", params)]


@pytest.mark.parametrize("since", [0, 5])
def test_a_sparse_page_reads_index_ranges_only(county, db, since):
    for user in everyone(db):
        steps = plan(db, user, since, walk=False)
        searched = " ".join(step for step in steps if step.startswith("SEARCH a"))
        assert "COVERING INDEX changes_owner (owner_id=? AND seq>?)" in searched
        assert "COVERING INDEX changes_handler (handler_id=? AND seq>?)" in searched
        assert not any(step.startswith(("SCAN a", "SCAN c")) for step in steps), steps
        if changes.readable_entities(user):
            assert "COVERING INDEX changes_node (node_id=? AND entity=? AND seq>?)" in searched


def test_a_dense_page_walks_the_feed_by_seq(county, db):
    supervisor = next(u for u in everyone(db) if u.has_role("supervisor"))
    steps = plan(db, supervisor, 0, walk=True)
    assert steps[0] == "SEARCH c USING INTEGER PRIMARY KEY (rowid>?)"
    assert not any("changes_" in step for step in steps)


class RangesOnly(FinalCheck):
    """The property test of sync (tests/test_sync_property.py) with every pull read from the
    audience ranges: there, the village's two people read half the org tree, and walk."""

    def __init__(self):
        self.walks_feed = changes.walks_feed
        changes.walks_feed = lambda db, user: False
        super().__init__()

    def teardown(self):
        try:
            super().teardown()
        finally:
            changes.walks_feed = self.walks_feed


TestSyncReadingRanges = RangesOnly.TestCase
TestSyncReadingRanges.settings = settings(max_examples=20, stateful_step_count=25,
                                          deadline=None,
                                          suppress_health_check=[HealthCheck.too_slow])
