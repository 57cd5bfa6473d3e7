"""The SQL of the public side's own tables (the cases it shows are the ledger's, read through
its public functions)."""
from ..db import execute, execute_many, fetch_tuples


def recent_hits(db, bucket, key, since, limit):
    """The moments of key's latest hits in bucket after since, newest first, at most limit."""
    return [row[0] for row in fetch_tuples(
        db, "SELECT at FROM public_hits WHERE bucket = ? AND key = ? AND at > ?"
            " ORDER BY at DESC LIMIT ?", [bucket, key, since, limit])]


def add_hits(db, rows):
    """Store hits: (bucket, key, at) each."""
    execute_many(db, "INSERT INTO public_hits (bucket, key, at) VALUES (?, ?, ?)", rows)


def prune_hits(db, before):
    """Forget the hits before a moment; how many."""
    return execute(db, "DELETE FROM public_hits WHERE at < ?", [before]).rowcount
