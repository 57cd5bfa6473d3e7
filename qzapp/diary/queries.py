"""The SQL of reading diaries online: a village's or one's own, filtered."""
import itertools

from ..db import fetch_all
from ..households import head_names
from ..households.queries import streamed
from ..sync import changes

# The filters of a diary list, by argument name, and the condition each adds.
FILTERS = {"household_id": "d.household_id = ?", "kind": "d.kind = ?",
           "from": "substr(d.occurred_at, 1, 10) >= ?",
           "to": "substr(d.occurred_at, 1, 10) <= ?"}


# Diaries an export names the households of at once (their heads looked up together).
EXPORT_CHUNK = 500
_SQL = ("SELECT d.*, u.name AS author_name FROM diaries d JOIN changes c ON"
        " c.entity = 'diary' AND c.record_id = d.id AND c.kind = 'upsert'"
        " JOIN users u ON u.id = d.created_by WHERE {where} ORDER BY d.occurred_at DESC, d.id DESC")


def diaries(db, user, subtree=None, filters=None, mine=False, limit=-1):
    """The diaries the user may see, in subtree (a Scope) when given, narrowed by filters
    ({name in FILTERS: value}) and to the user's own when mine; newest first, at most limit
    (-1: all), each with its author's name and its household's head as the user may see it."""
    clauses, args = _conditions(user, subtree, filters or {}, mine)
    rows = fetch_all(db, _SQL.format(where=" AND ".join(clauses)) + " LIMIT ?", [*args, limit])
    return _with_head_names(db, user, rows)


def export_rows(db, user, subtree=None, filters=None, mine=False):
    """Every diary diaries() lists for these arguments, in its order, read from one query's
    cursor a chunk at a time: memory holds EXPORT_CHUNK diaries, never the whole list."""
    clauses, args = _conditions(user, subtree, filters or {}, mine)
    rows = streamed(db, _SQL.format(where=" AND ".join(clauses)), args)
    while chunk := list(itertools.islice(rows, EXPORT_CHUNK)):
        yield from _with_head_names(db, user, chunk)


def _with_head_names(db, user, rows):
    """rows, each given the head of its household as the user may see it."""
    names = head_names(db, user, [r["household_id"] for r in rows if r["household_id"]])
    for row in rows:
        row["head_name"] = names.get(row["household_id"])
    return rows


def _conditions(user, subtree, filters, mine):
    """The WHERE clauses of a diary list, and their parameters."""
    where, params = changes.visible_sql(user)
    clauses, args = ["d.deleted = 0", where], list(params)
    if subtree is not None:
        sql, subtree_params = subtree.where("d.node_id")
        clauses.append(sql)
        args += subtree_params
    for name, value in filters.items():
        clauses.append(FILTERS[name])
        args.append(value)
    if mine:
        clauses.append("d.created_by = ?")
        args.append(user.id)
    return clauses, args
