"""The SQL of reading diaries online: a village's or one's own, filtered."""
import itertools

from .. import paging
from ..db import fetch_all, fetch_tuples, fetch_value
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


# The list's order (newest first), and the key a page's cursor holds.
LIST_ORDER = ("d.occurred_at", "d.id")


def diaries_page(db, user, page, subtree=None, filters=None, mine=False):
    """A page of the diaries the user may see, in subtree (a Scope) when given, narrowed by
    filters ({name in FILTERS: value}) and to the user's own when mine; newest first, each
    with its author's name and its household's head as the user may see it; with whether
    more follow, the next cursor and how many there are in all."""
    clauses, args = _conditions(user, subtree, filters or {}, mine)
    after, after_params = paging.after_sql(LIST_ORDER, page, descending=True)
    rows = fetch_all(db, _SQL.format(where=" AND ".join([*clauses, after])) + " LIMIT ?",
                     [*args, *after_params, page.limit + 1])
    total = fetch_value(db, "SELECT count(*) FROM diaries d JOIN changes c ON c.entity ="
                            " 'diary' AND c.record_id = d.id AND c.kind = 'upsert' WHERE "
                            + " AND ".join(clauses), args)
    listed = paging.answer(rows, page, lambda r: (r["occurred_at"], r["id"]), total)
    listed["items"] = _with_head_names(db, user, listed["items"])
    return listed


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


def author_days(db, user_ids, first, last, kinds, days_only=False):
    """The days from first to last (ISO dates) on which users wrote diaries of kinds (their
    visits, talks and activities away from the office): (created_by, day, id, place), in
    time order; days_only: each (created_by, day) once, as tuples, read from the authors'
    index alone."""
    users, marks = ",".join("?" * len(user_ids)), ",".join("?" * len(kinds))
    columns = "DISTINCT created_by, substr(occurred_at, 1, 10) AS day" if days_only else (
        "created_by, substr(occurred_at, 1, 10) AS day, id, coalesce(place, topic) AS place")
    return (fetch_tuples if days_only else fetch_all)(
        db, f"SELECT {columns} FROM diaries WHERE created_by IN ({users})"
        f" AND occurred_at >= ? AND occurred_at < ? AND kind IN ({marks}) AND deleted = 0"
        f"{'' if days_only else ' ORDER BY occurred_at'}",
        [*user_ids, first, f"{last}T24", *kinds])
