"""Writing generated records in bulk as the sync engine stores them: each row with its
'upsert' change (its seq as the row's rev, its audience, its pulled JSON), a batch at a time
with executemany.

Generated records get no audit entries: the audit trail records what people did, and no one
wrote these rows (the sync engine's system writes, such as the demo's, are recorded; a
generated county is test data, and millions of "create" entries would only double its size).
"""
import datetime as dt
import functools
import operator

from ..db import execute_many, fetch_value
from ..sync import store

CHANGE_SQL = ("INSERT INTO changes (seq, entity, record_id, kind, node_id, owner_id, handler_id,"
              " deleted, at, data) VALUES (?, ?, ?, 'upsert', ?, ?, ?, 0, ?, ?)")
# Columns every synced table has besides its own (rev comes last: see Batch.add).
SYNC_COLUMNS = ("created_by", "created_at", "updated_by", "updated_at", "device_id", "deleted",
                "rev")


def insert_sql(table, columns):
    """An INSERT of one row of columns, given as a tuple in that order."""
    return f"INSERT INTO [{table}] ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


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
    """Synced rows and their changes, numbered on from a seq, to be written together. Made
    in the writing process, or in a helper process (then without db) and sent over."""

    def __init__(self, seq, db=None):
        self.first, self.seq = seq + 1, seq   # the first seq to give, the last given
        self.db = db   # for a serialize that reads (a pairing shows its cadre's name)
        self.tables, self.changes = {}, []

    def add(self, entity, row, audience, columns, lists=()):
        """Queue a prepared row of entity (a dict with every column but rev; those named in
        lists hold lists): it takes the next seq as its rev, and its change keeps its audience
        and its JSON as a pull sends it. Returns the seq."""
        self.seq += 1
        row["rev"] = self.seq
        data = store.pulled_json(entity.serialize(self.db, row))
        for key in lists:   # stored as JSON text, as store.save stores them
            row[key] = store.compact_json(row[key]) if row[key] else "[]"
        self.changes.append((self.seq, entity.name, row["id"], *audience, row["updated_at"],
                             data))
        table = self.tables.get(entity.table)
        if table is None:
            table = self.tables[entity.table] = (insert_sql(entity.table, columns), [])
        table[1].append(_getter(columns)(row))
        return self.seq

    def __len__(self):
        return len(self.changes)

    def __getstate__(self):
        return {**self.__dict__, "db": None}

    def write(self, db, counts):
        """Insert the rows, then their changes (inside the caller's transaction); counts
        ({table: rows}) adds them up. Returns how many rows."""
        for table, (sql, rows) in self.tables.items():
            execute_many(db, sql, rows)
            counts[table] = counts.get(table, 0) + len(rows)
        execute_many(db, CHANGE_SQL, self.changes)
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
        """Write a batch that continues the feed (inside the caller's transaction)."""
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


@functools.lru_cache(maxsize=4096)
def _hour(hours):
    return dt.datetime.fromtimestamp(hours * 3600, dt.UTC).strftime("%Y-%m-%dT%H:")


def stamp(ms):
    """A moment (ms since the epoch) as stored: 2026-11-26T20:41:51.123Z (clock.iso)."""
    seconds, milli = divmod(ms, 1000)
    minutes, second = divmod(seconds, 60)
    return f"{_hour(minutes // 60)}{minutes % 60:02d}:{second:02d}.{milli:03d}Z"


def day_start_ms(day):
    """Midnight of a date in China, in ms since the epoch."""
    midnight = dt.datetime.combine(day, dt.time(), dt.timezone(dt.timedelta(hours=8)))
    return int(midnight.timestamp()) * 1000
