"""A county of generated data, of any size, for benchmarks and tests (issue 9).

    flask --app wsgi generate-county [--households 300000 --diaries 3000000
                                      --cases 200000 --seed 2013]

Into an empty, migrated database: a county's org tree (townships and streets, villages and
communities, two to four grids each), accounts of every role where they work, households
with their members, the cadres paired with them and stationed in villages, visit diaries,
evening talks and activities over the last three years, and the ledger's cases, raised from
diaries or brought by the hotline, letters, receptions and service windows, each with the
events of its life (cases.py). Every synced record is stored as the sync engine stores it
(store.save): its row, rev = its seq, and its 'upsert' change with its audience and pulled
JSON, made by the entities' own serialize and audience rules but written in bulk
(executemany, about 500,000 rows to a transaction, into tables whose indexes are made once
they are full), while helper processes make the next records.

The same seed on the same day gives the same county, however many helpers make it (dates
count back from today; password salts and session tokens alone are random). Memory stays
bounded: records are made a chunk at a time, a few chunks ahead of the writer; only a compact
register of the households (a few hundred bytes each) is kept throughout.
"""
import collections
import contextlib
import datetime as dt
import multiprocessing
import os
import random
import sqlite3
import time
from dataclasses import dataclass

from ..auth.service import hash_password
from ..clock import today as china_today
from ..db import execute, fetch_tuples, fetch_value, immediate
from ..reports import rebuild_summaries
from . import leaders
from .bulk import Feed, day_start_ms, stamp
from .diaries import DiaryMaker
from .people import People
from .plan import plan_places
from .register import Register, RegisterMaker
from .tree import Org, build

PASSWORD = "qzcounty2026"   # every generated account's
HOUSEHOLDS, DIARIES, CASES, SEED = 300_000, 3_000_000, 200_000, 2013
CHUNK_ROWS = 25_000         # rows made in one go (by a helper process), about
TRANSACTION_ROWS = 500_000  # rows written per transaction, about
CACHE_KIB = 1024 * 1024     # SQLite's page cache while generating
TREE_DAYS_AGO = 5 * 365     # when the org tree and the accounts were set up
# The tables filled in bulk: their indexes (but their keys') are made once they are full.
BULK_TABLES = ("households", "pairings", "stationings", "diaries", "cases", "case_events",
               "changes")


class NotEmpty(Exception):
    """The database already holds an org tree or accounts."""


@dataclass
class Result:
    """What was written: rows by table (changes included) and the seconds it took."""

    counts: dict
    seconds: float

    @property
    def rows(self):
        """Every row inserted, in every table."""
        return sum(self.counts.values())


def generate(db, households=HOUSEHOLDS, diaries=DIARIES, cases=CASES, seed=SEED,
             today=None, progress=None, workers=None):
    """Fill the empty, migrated database with a county; progress(text) hears of each
    transaction. workers: helper processes that make the records while this one writes
    them (default: one per core; 0 makes them here); the county is the same either way."""
    if fetch_value(db, "SELECT count(*) FROM org_nodes") or fetch_value(
            db, "SELECT count(*) FROM users"):
        raise NotEmpty("the database already has an org tree or accounts")
    today, progress = today or china_today(), progress or (lambda text: None)
    started = time.perf_counter()
    with _bulk_writes(db), _indexed_after(db, progress):
        people = People(random.Random(f"{seed}:people"), today.year)
        setup = stamp(day_start_ms(today - dt.timedelta(days=TREE_DAYS_AGO)) + 9 * 3_600_000)
        org = Org(random.Random(f"{seed}:tree"), people, hash_password(PASSWORD), setup)
        county = build(org, households)
        feed = Feed(db)
        plans = plan_places(org, county, random.Random(f"{seed}:plan"), today, feed.seq)
        with immediate(db):
            org.flush(db)
        register = Register()
        maker = RegisterMaker(county, plans, seed, today, org.names)

        def remember(batch):   # what the diaries need of the households
            for index, kept in batch.kept:
                register.extend(index, kept)
        _write(feed, _made(maker, _runs(plans), workers), progress, remember)
        maker = DiaryMaker(db, county, register, org, seed, today, diaries, cases)
        _write(feed, _made(maker, list(maker.chunks(CHUNK_ROWS)), workers), progress)
    led = leaders.write(db, county, seed, today)
    progress(f"{led:,} leaders' records")
    return Result({**org.counts, **feed.counts, "leaders' records": led},
                  time.perf_counter() - started)


def _write(feed, batches, progress, then=lambda batch: None):
    """Write the batches, TRANSACTION_ROWS rows or so to a transaction; then(batch) after
    each."""
    batches = iter(batches)
    for batch in batches:
        with immediate(feed.db):
            rows = feed.write(batch)
            then(batch)
            while rows < TRANSACTION_ROWS and (batch := next(batches, None)) is not None:
                rows += feed.write(batch)
                then(batch)
        counts = feed.counts
        progress(f"{counts.get('households', 0):,} households, {counts.get('diaries', 0):,}"
                 f" diaries, {counts.get('cases', 0):,} cases, {sum(counts.values()):,} rows")


def _runs(plans):
    """Runs of places (ranges of place indices) of about CHUNK_ROWS rows each."""
    runs, start, rows = [], 0, 0
    for index, place in enumerate(plans):
        rows += 2 * place.records
        if rows >= CHUNK_ROWS or index == len(plans) - 1:
            runs.append(range(start, index + 1))
            start, rows = index + 1, 0
    return runs


_MAKER = None   # the maker helper processes inherit (they are forked)


def _made_by_helper(chunk):
    return _MAKER.batch(chunk)


def _made(maker, chunks, workers):
    """The maker's batches of chunks, in order: made by helper processes, a few ahead of
    the writer (no more, to bound memory), or here."""
    if workers is None:
        workers = os.cpu_count() or 1
    if workers == 0 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (maker.batch(chunk) for chunk in chunks)
        return
    global _MAKER
    _MAKER = maker
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            ahead = collections.deque()
            for chunk in chunks:
                ahead.append(pool.apply_async(_made_by_helper, (chunk,)))
                if len(ahead) > workers:
                    yield ahead.popleft().get()
            while ahead:
                yield ahead.popleft().get()
    finally:
        _MAKER = None


@contextlib.contextmanager
def _indexed_after(db, progress):
    """The bulk tables' indexes dropped while they are filled and made again, each by its
    own SQL, when they are full: an index made from all its rows, sorted once, costs a
    fraction of one kept up through millions of inserts all over it (diaries by household,
    changes by owner). Not made again when the block fails (its database is to delete)."""
    indexes = fetch_tuples(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND"
                               " sql IS NOT NULL AND tbl_name IN"
                               f" ({','.join('?' * len(BULK_TABLES))})", BULK_TABLES)
    triggers = fetch_tuples(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                                f" AND tbl_name IN ({','.join('?' * len(BULK_TABLES))})",
                            BULK_TABLES)
    with immediate(db):
        for name, _sql in indexes:
            execute(db, f"DROP INDEX [{name}]")
        for name, _sql in triggers:   # the dashboards' summaries: rebuilt whole at the end
            execute(db, f"DROP TRIGGER [{name}]")
    yield
    started = time.perf_counter()
    with immediate(db):
        for _name, sql in indexes:
            execute(db, sql)
    progress(f"{len(indexes)} indexes made in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with immediate(db):
        rebuild_summaries(db)
        for _name, sql in triggers:
            execute(db, sql)
    progress(f"the dashboards' summaries made in {time.perf_counter() - started:.1f} s")


@contextlib.contextmanager
def _bulk_writes(db):
    """Pragmas for a bulk load into a database no one else uses yet, restored afterwards: no
    journal and no fsync (a generation that fails leaves a database to delete, not to
    repair), a large page cache (the indexes of diaries and changes are written all over),
    no foreign-key lookups (rows refer only to rows made before them; the tests run
    foreign_key_check)."""
    with contextlib.suppress(sqlite3.OperationalError):   # locked: others have it open
        execute(db, "PRAGMA journal_mode = OFF")   # (then its WAL stays: slower, no harm)
    execute(db, "PRAGMA synchronous = OFF")
    execute(db, "PRAGMA foreign_keys = OFF")
    execute(db, f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        yield
    finally:
        execute(db, "PRAGMA cache_size = -16000")
        execute(db, "PRAGMA foreign_keys = ON")
        execute(db, "PRAGMA synchronous = NORMAL")
        execute(db, "PRAGMA journal_mode = WAL")
