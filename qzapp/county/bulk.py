"""Writing generated records in bulk as the sync engine stores them: each row with its
'upsert' change (its seq as the row's rev, its audience, its pulled JSON), a batch at a time
with executemany. A batch is numbered from a seq known when it is made, or, floating, from
wherever the feed ends when it is written (its records need not be counted beforehand).

Generated records get no audit entries: the audit trail records what people did, and no one
wrote these rows (the sync engine's system writes, such as the demo's, are recorded; a
generated county is test data, and millions of "create" entries would only double its size).
"""
import datetime as dt
import functools
import operator

from ..db import execute_many, fetch_value
from ..sync import store

# Columns every synced table has besides its own (rev comes last: see Batch.add).
SYNC_COLUMNS = ("created_by", "created_at", "updated_by", "updated_at", "device_id", "deleted",
                "rev")
# JSON columns as store.save stores an empty list or object.
_EMPTY = {list: "[]", dict: "{}"}


def insert_sql(table, columns, offset=0):
    """An INSERT of one row of columns, given as a tuple in that order; offset is added to
    its rev (a floating batch's seqs count from one)."""
    marks = ["?"] * len(columns)
    if offset:
        marks[columns.index("rev")] = f"? + {int(offset)}"
    return f"INSERT INTO [{table}] ({', '.join(columns)}) VALUES ({', '.join(marks)})"


def change_sql(offset=0):
    """The INSERT of an 'upsert' change, its seq offset as a floating batch's are."""
    seq = f"? + {int(offset)}" if offset else "?"
    return ("INSERT INTO changes (seq, entity, record_id, kind, node_id, owner_id, handler_id,"
            f" deleted, at, data) VALUES ({seq}, ?, ?, 'upsert', ?, ?, ?, 0, ?, ?)")


@functools.lru_cache(maxsize=32)
def _getter(columns):
    return operator.itemgetter(*columns)


def as_tuples(columns, rows):
    """Rows (dicts) as tuples of columns, for insert_sql."""
    return map(_getter(columns), rows)


def spread(rng, ranges):
    """A whole number from one of ranges ((share, low, high), shares adding up to one),
    picked by its share."""
    draw, chosen = rng.random(), ranges[-1]
    for entry in ranges:
        if draw < entry[0]:
            chosen = entry
            break
        draw -= entry[0]
    _share, low, high = chosen
    return low + int(rng.random() * (high - low + 1))


class Batch:
    """Synced rows and their changes, numbered on from a seq, to be written together; with
    seq None, floating: numbered from one, and moved to the feed's end when written. Made
    in the writing process, or in a helper process (then without db) and sent over."""

    def __init__(self, seq, db=None):
        # The first seq to give (None: floating), the last given.
        self.first, self.seq = (None, 0) if seq is None else (seq + 1, seq)
        self.db = db   # for a serialize that reads (a pairing shows its cadre's name)
        self.tables, self.changes = {}, []

    def add(self, entity, row, audience, columns, encoded=()):
        """Queue a prepared row of entity (a dict with every column but rev; those named in
        encoded hold lists or dicts, or None): it takes the next seq as its rev, and its
        change keeps its audience and its JSON as a pull sends it. Returns the seq."""
        self.seq += 1
        row["rev"] = self.seq
        data = store.pulled_json(entity.serialize(self.db, row))
        for key in encoded:   # stored as JSON text, as store.save stores them
            value = row[key]
            if value.__class__ is list or value.__class__ is dict:
                row[key] = store.compact_json(value) if value else _EMPTY[value.__class__]
        self.changes.append((self.seq, entity.name, row["id"], *audience, row["updated_at"],
                             data))
        table = self.tables.get(entity.table)
        if table is None:
            table = self.tables[entity.table] = (columns, [])
        table[1].append(_getter(columns)(row))
        return self.seq

    def __len__(self):
        return len(self.changes)

    def __getstate__(self):
        return {**self.__dict__, "db": None}

    def write(self, db, counts, offset=0):
        """Insert the rows, then their changes (inside the caller's transaction), their seqs
        moved on by offset; counts ({table: rows}) adds them up. Returns how many rows."""
        for table, (columns, rows) in self.tables.items():
            execute_many(db, insert_sql(table, columns, offset), rows)
            counts[table] = counts.get(table, 0) + len(rows)
        execute_many(db, change_sql(offset), self.changes)
        counts["changes"] = counts.get("changes", 0) + len(self.changes)
        return len(self.changes) + sum(len(rows) for _, rows in self.tables.values())


class Feed:
    """The change feed as the writing process fills it: the last seq given, rows written."""

    def __init__(self, db):
        self.db, self.counts = db, {}
        self.seq = fetch_value(db, "SELECT coalesce(max(seq), 0) FROM changes")

    def batch(self):
        """A batch numbered on from the feed's end, whose entities may read the database."""
        return Batch(self.seq, self.db)

    def write(self, batch):
        """Write a batch that continues the feed, or a floating one at its end (inside the
        caller's transaction)."""
        if batch.first is None:
            offset, self.seq = self.seq, self.seq + batch.seq
            return batch.write(self.db, self.counts, offset)
        if batch.first != self.seq + 1:
            raise ValueError(f"batch from seq {batch.first} after seq {self.seq}")
        self.seq = batch.seq
        return batch.write(self.db, self.counts)


class Ids:
    """UUID v7 record ids made from a record's own moment and the seed's random stream, as
    qzapp.ids.new_id makes them from the clock: deterministic, and in time order."""

    def __init__(self, rng):
        self.bits = rng.getrandbits

    def at(self, ms):
        """The id of a record made at ms (milliseconds since the epoch)."""
        tail = self.bits(74)
        value = (ms << 80 | 0x7 << 76 | (tail >> 62) << 64 | 0b10 << 62
                 | tail & 0x3FFF_FFFF_FFFF_FFFF)
        h = f"{value:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@functools.lru_cache(maxsize=65536)   # every hour of some years, of two clocks
def _hour(hours):
    return dt.datetime.fromtimestamp(hours * 3600, dt.UTC).strftime("%Y-%m-%dT%H:")


def stamp(ms):
    """A moment (ms since the epoch) as stored: 2026-11-26T20:41:51.123Z (clock.iso)."""
    seconds, milli = divmod(ms, 1000)
    minutes, second = divmod(seconds, 60)
    return f"{_hour(minutes // 60)}{minutes % 60:02d}:{second:02d}.{milli:03d}Z"


CHINA_MS = 8 * 3_600_000   # China's offset from UTC (no summer time)


def local_stamp(ms):
    """A moment as case events carry it: Beijing time to the second, with its offset
    (2026-11-27T04:41:51+08:00, as ledger.engine.local_iso)."""
    minutes, second = divmod((ms + CHINA_MS) // 1000, 60)
    return f"{_hour(minutes // 60)}{minutes % 60:02d}:{second:02d}+08:00"


def day_start_ms(day):
    """Midnight of a date in China, in ms since the epoch."""
    midnight = dt.datetime.combine(day, dt.time(), dt.timezone(dt.timedelta(hours=8)))
    return int(midnight.timestamp()) * 1000
