"""Reads of households and pairings, always through what the user may see."""
import json

from .. import paging
from ..db import execute, fetch_all, fetch_one, fetch_tuples, fetch_value, rows_in
from ..privacy import mask_name
from ..sync import changes, registry
from . import rules
from .entity import HOUSEHOLD
from .pairing import PAIRABLE_ROLES, PAIRING, STATIONING

# The register's order, and the key a page's cursor holds.
REGISTER_ORDER = ("t.node_id", "t.head_name", "t.id")


def households_page(db, user, today, page, subtree=None, q=None, difficulty=None):
    """A page of the households the user may see (see households), in the register's order;
    with whether more follow, the next cursor and how many there are in all."""
    where, params = _register_where(user, q, difficulty)
    if user.has_role(*HOUSEHOLD.node_readers):
        rows, total = _register_by_place(db, user, page, subtree, where, params, bool(q))
    else:   # a cadre's households: those the feed addresses to them as their handler
        where, params = f"c.handler_id = ? AND {where}", [user.id, *params]
        after, after_params = paging.after_sql(REGISTER_ORDER, page)
        rows = changes.visible_rows(db, user, "household", f"{where} AND {after}",
                                    [*params, *after_params], order_by=", ".join(REGISTER_ORDER),
                                    within=subtree, limit=page.limit + 1)
        total = changes.count_visible(db, user, "household", where, params, within=subtree)
    listed = paging.answer(rows, page, _register_key, total)
    pairings = current_pairings(db, [r["id"] for r in listed["items"]])
    listed["items"] = [household_json(db, user, r, pairings.get(r["id"]), today)
                       for r in listed["items"]]
    return listed


def _register_key(row):
    return row["node_id"], row["head_name"], row["id"]


# Households of a part of the tree in the register's order, read from its index where the
# page starts (node by node); the join only tells who handles each and applies a search.
_BY_PLACE = ("FROM households t CROSS JOIN changes c ON c.entity = 'household' AND"
             " c.record_id = t.id AND c.kind = 'upsert' WHERE t.deleted = 0 AND {where}")


def _register_by_place(db, user, page, subtree, where, params, joined_count):
    """(a page's rows, the total) of the register for a reader by scope: every household of
    the part of the tree (subtree, else the user's scope), and, for the whole register, those
    handled by the user elsewhere (paired with them outside their scope)."""
    area, area_params = (subtree or user.scope).where("t.node_id")
    after, after_params = paging.after_sql(REGISTER_ORDER, page)
    rows = fetch_all(db, "SELECT t.*, coalesce(? IN (c.owner_id, c.handler_id), 0) AS _handles "
                     + _BY_PLACE.format(where=f"{area} AND {where} AND {after}")
                     + f" ORDER BY {', '.join(REGISTER_ORDER)} LIMIT ?",
                     [user.id, *area_params, *params, *after_params, page.limit + 1])
    counted = _BY_PLACE if joined_count else "FROM households t WHERE t.deleted = 0 AND {where}"
    total = fetch_value(db, "SELECT count(*) " + counted.format(where=f"{area} AND {where}"),
                        [*area_params, *params])
    if subtree is None:
        elsewhere = f"c.handler_id = ? AND NOT {area} AND {where}"
        rows += changes.visible_rows(
            db, user, "household", f"{elsewhere} AND {after}",
            [user.id, *area_params, *params, *after_params],
            order_by=", ".join(REGISTER_ORDER), limit=page.limit + 1)
        total += changes.count_visible(db, user, "household", elsewhere,
                                       [user.id, *area_params, *params])
    return sorted(rows, key=_register_key)[:page.limit + 1], total


def households(db, user, today, subtree=None, q=None, difficulty=None, paired_with=None):
    """Households the user may see, as they may see them, with their current pairing;
    subtree (a Scope) narrows them to a part of the tree, paired_with to one cadre's."""
    where, params = _register_where(user, q, difficulty)
    where, params = [where], list(params)
    if paired_with is not None:
        where.append("t.id IN (SELECT household_id FROM pairings WHERE cadre_id = ? AND"
                     " end_date IS NULL AND deleted = 0)")
        params.append(paired_with)
    rows = changes.visible_rows(db, user, "household", " AND ".join(where), params,
                                order_by=", ".join(REGISTER_ORDER), within=subtree)
    pairings = current_pairings(db, [r["id"] for r in rows])
    return [household_json(db, user, row, pairings.get(row["id"]), today) for row in rows]


# A household with its open pairing, its cadre's and its node's names, joined once;
# households first, through their node index: SQLite then sorts one node's at a time.
_EXPORT_SQL = (
    "SELECT t.*, coalesce(? IN (c.owner_id, c.handler_id), 0) AS _handles,"
    " n.name AS node_name, n.code AS node_code, u.name AS cadre_name,"
    " p.start_date AS pairing_start, p.planned_end_date AS pairing_end"
    " FROM households t CROSS JOIN changes c ON c.entity = 'household'"
    " AND c.record_id = t.id AND c.kind = 'upsert' JOIN org_nodes n ON n.id = t.node_id"
    " LEFT JOIN pairings p ON p.household_id = t.id AND p.end_date IS NULL AND p.deleted = 0"
    " LEFT JOIN users u ON u.id = p.cadre_id"
    " WHERE t.deleted = 0 AND {seen} AND {scope} ORDER BY t.node_id, t.head_name, t.id")


def export_rows(db, user, subtree=None):
    """The stored rows of the households the user may see (in subtree, a Scope, when given),
    in register order (node, head name), one at a time: each with _handles (as
    changes.visible_rows gives it), its node's node_name and node_code, and its open
    pairing's cadre_name, pairing_start and pairing_end (None when unpaired)."""
    seen, seen_params = changes.visible_sql(user)
    scope, scope_params = subtree.where("t.node_id") if subtree is not None else ("1", [])
    return streamed(db, _EXPORT_SQL.format(seen=seen, scope=scope),
                    [user.id, *seen_params, *scope_params])


def streamed(db, sql, params=()):
    """The rows (dicts) of a read, taken from its cursor as they are asked for: an export
    holds one row of a county's register at a time, where fetch_all would hold them all."""
    cursor = execute(db, sql, params)   # a read commits nothing; execute hands its cursor back
    try:
        names = [c[0] for c in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))
    finally:
        cursor.close()   # ends the read, should the export stop half-way


def head_names(db, user, household_ids):
    """Each household's head name as the user may see it: in full for those who handle it,
    masked (张*) for everyone else."""
    rows = rows_in(
        db, "SELECT h.id, h.head_name, n.path, p.cadre_id FROM households h"
            " JOIN org_nodes n ON n.id = h.node_id LEFT JOIN pairings p ON"
            " p.household_id = h.id AND p.end_date IS NULL AND p.deleted = 0"
            " WHERE h.id IN ({marks})", list(set(household_ids)))
    return {r["id"]: r["head_name"] if rules.handles(user, r["cadre_id"], r["path"])
            else mask_name(r["head_name"]) for r in rows}


def _register_where(user, q, difficulty):
    """The WHERE (on households t joined to their change c) of a register search, with its
    parameters."""
    where, params = ["1"], []
    if q:   # names only where the user sees them: a masked name is no search key
        handled, handled_params = _handled_sql(user)
        where.append(f"(t.address LIKE ? OR (t.head_name LIKE ? AND {handled}))")
        params += [f"%{q}%"] * 2 + handled_params
    if difficulty:
        where.append("t.difficulty_type = ?")
        params.append(difficulty)
    return " AND ".join(where), params


def _handled_sql(user):
    """A WHERE fragment (on households t joined to their change c) keeping the households the
    user handles (rules.handles): paired with them, or in the register they keep."""
    if user.has_role(*rules.REGISTER_KEEPERS) and user.node["kind"] in ("village", "grid"):
        nodes_sql, node_params = user.scope.nodes_sql()
        return f"(c.handler_id = ? OR t.node_id IN ({nodes_sql}))", [user.id, *node_params]
    return "c.handler_id = ?", [user.id]


def household_json(db, user, row, pairing, today):
    """A household as the user may see it, with its open pairing and rotation status."""
    return {**HOUSEHOLD.view(db, user, row, row.get("_handles")),
            "pairing": _pairing_json(db, pairing, today)}


def current_pairings(db, household_ids):
    """The open pairing of each household, by household id."""
    return {row["household_id"]: row for row in rows_in(
        db, "SELECT * FROM pairings WHERE end_date IS NULL AND deleted = 0"
            " AND household_id IN ({marks})", household_ids)}


def _pairing_json(db, row, today):
    if row is None:
        return None
    return {**PAIRING.serialize(db, row), "rotation": rules.rotation_status(row["start_date"],
                                                                            today)}


def mine(db, user, today):
    """The households paired with the user, with last visit and next follow-up, the
    overdue follow-ups first, then the soonest, then the longest unvisited."""
    mine = households(db, user, today, paired_with=user.id)
    for household in mine:
        household.update(_visits(db, household["id"], today))
    never = "0000"
    return sorted(mine, key=lambda h: (not h["follow_up_overdue"],
                                       h["next_follow_up"] or "9999",
                                       h["last_visit"] or never))


def _visits(db, household_id, today):
    last = fetch_value(
        db, "SELECT max(substr(occurred_at, 1, 10)) FROM diaries WHERE household_id = ? AND"
        " deleted = 0", [household_id])
    follow = fetch_value(
        db, "SELECT follow_up_date FROM diaries WHERE household_id = ? AND deleted = 0 AND"
        " follow_up_date IS NOT NULL ORDER BY occurred_at DESC LIMIT 1", [household_id])
    ahead = next_follow_up(last, follow)
    return {"last_visit": last, "next_follow_up": ahead,
            "follow_up_overdue": bool(ahead and ahead < today.isoformat())}


def next_follow_up(last_visit, follow_up):
    """The follow-up still ahead: the latest diary's, unless a visit came after it."""
    # The phone's households/local.js visits() applies the same rule offline.
    return follow_up if follow_up and (last_visit is None or follow_up >= last_visit) else None


def visits_in(db, scope):
    """{household id: (last visit day, next follow-up)} for the households in scope."""
    where, params = scope.where("h.node_id")
    rows = fetch_tuples(
        db, "SELECT h.id,"
        " (SELECT max(substr(d.occurred_at, 1, 10)) FROM diaries d"
        "   WHERE d.household_id = h.id AND d.deleted = 0),"
        " (SELECT d.follow_up_date FROM diaries d WHERE d.household_id = h.id AND"
        "   d.deleted = 0 AND d.follow_up_date IS NOT NULL ORDER BY d.occurred_at DESC LIMIT 1)"
        f" FROM households h WHERE h.deleted = 0 AND {where}", params)
    return {id_: (last, next_follow_up(last, follow)) for id_, last, follow in rows}


def pairing_history(db, user, household_id, today):
    """A household's pairings, handovers included, oldest first."""
    return [_pairing_json(db, r, today) for r in changes.visible_rows(
        db, user, "pairing", "t.household_id = ?", [household_id],
        order_by="t.start_date, t.created_at")]


def history(db, user, household_id, today):
    """A household's pairings (with handovers), diaries and appeals the user may see."""
    pairings = pairing_history(db, user, household_id, today)
    diaries = changes.visible_rows(db, user, "diary", "t.household_id = ?", [household_id],
                      order_by="t.occurred_at DESC")
    appeals = changes.visible_rows(db, user, "appeal", "t.household_id = ?", [household_id],
                      order_by="t.created_at DESC")
    return {"pairings": pairings,
            "diaries": [registry.get("diary").view(db, user, d, d["_handles"]) for d in diaries],
            "appeals": [registry.get("appeal").view(db, user, a, a["_handles"])
                        for a in appeals]}


# Open pairings and stationings are listed oldest first: the most overdue on top.
OPEN_ORDER = ("t.start_date", "t.id")


def pairings_page(db, user, today, page, status=None):
    """A page of the open pairings the user may see, with their rotation status, filtered by
    it; with whether more follow, the next cursor and the total."""
    return _open_page(db, user, "pairing", today, page, status,
                      lambda r: _pairing_json(db, r, today))


def stationings_page(db, user, today, page, status=None):
    """A page of the open stationings the user may see, with their rotation status."""
    return _open_page(db, user, "stationing", today, page, status,
                      lambda r: _stationing_json(db, r, today))


def stationing(db, user, today, stationing_id):
    """One stationing the user may see, with its rotation status, or None."""
    row = changes.visible_row(db, user, "stationing", stationing_id)
    return None if row is None else _stationing_json(db, row, today)


def _stationing_json(db, row, today):
    return {**STATIONING.serialize(db, row),
            "rotation": rules.rotation_status(row["start_date"], today)}


def _open_page(db, user, entity, today, page, status, shown):
    """A page of an entity's open records (pairings, stationings) in rotation status."""
    where, params = ["t.end_date IS NULL"], []
    if status is not None:
        first, last = rules.started(status, today)
        where += [clause for clause, day in (("t.start_date >= ?", first),
                                             ("t.start_date <= ?", last)) if day]
        params += [day for day in (first, last) if day]
    after, after_params = paging.after_sql(OPEN_ORDER, page)
    rows = changes.visible_rows(db, user, entity, " AND ".join([*where, after]),
                                [*params, *after_params], order_by=", ".join(OPEN_ORDER),
                                limit=page.limit + 1)
    total = changes.count_visible(db, user, entity, " AND ".join(where), params)
    listed = paging.answer(rows, page, lambda r: (r["start_date"], r["id"]), total)
    listed["items"] = [shown(r) for r in listed["items"]]
    return listed


# The cadres list's order, and the key a page's cursor holds.
CADRE_ORDER = ("u.name", "u.id")


def pairable_cadres(db, scope, page, q=""):
    """A page of the active accounts in scope holding a pairable role, whose name or username
    holds q, by name; with whether more follow, the next cursor and the total."""
    where, params = scope.where("u.node_id")
    roles = ",".join("?" * len(PAIRABLE_ROLES))
    sql = (f"FROM users u JOIN org_nodes n ON n.id = u.node_id WHERE {where} AND u.active = 1"
           " AND (u.name LIKE ? OR u.username LIKE ?) AND EXISTS (SELECT 1 FROM user_roles r"
           f" WHERE r.user_id = u.id AND r.role IN ({roles}))")
    params = [*params, f"%{q}%", f"%{q}%", *PAIRABLE_ROLES]
    after, after_params = paging.after_sql(CADRE_ORDER, page)
    rows = fetch_all(db, f"SELECT u.id, u.name, u.username, u.node_id, n.name AS node_name"
                         f" {sql} AND {after} ORDER BY {', '.join(CADRE_ORDER)} LIMIT ?",
                     [*params, *after_params, page.limit + 1])
    return paging.answer(rows, page, lambda r: (r["name"], r["id"]),
                         fetch_value(db, f"SELECT count(*) {sql}", params))


def node_by_code(db, scope, code):
    """The node in scope with this code, or None."""
    low, high = scope.path_range()
    return fetch_one(db, "SELECT * FROM org_nodes WHERE code = ? AND path >= ? AND path < ?",
                     [code, low, high])


def villages_and_grids_named(db, scope, name):
    """The villages and grids in scope called name."""
    low, high = scope.path_range()
    return fetch_all(db, "SELECT * FROM org_nodes WHERE name = ? AND path >= ? AND"
                         " path < ? AND kind IN ('village', 'grid')", [name, low, high])


def open_started_between(db, table, after, upto):
    """The open pairings or stationings (table) that started after `after` (None: ever) and
    on or before `upto`, with their household's head or their village's name."""
    where, params = "r.start_date <= ?", [upto]
    if after is not None:
        where, params = f"r.start_date > ? AND {where}", [after, upto]
    if table == "pairings":
        sql = ("SELECT r.*, h.head_name FROM pairings r JOIN households h ON h.id ="
               " r.household_id")
    else:
        sql = ("SELECT r.*, n.name AS node_name FROM stationings r JOIN org_nodes n ON"
               " n.id = r.node_id")
    return fetch_all(db, f"{sql} WHERE r.end_date IS NULL AND r.deleted = 0 AND {where}", params)


def people_named(db, household_id):
    """The names of a household's people (its head and its members), for a text that must
    not name them."""
    row = fetch_one(db, "SELECT head_name, members FROM households WHERE id = ?", [household_id])
    if row is None:
        return set()
    members = json.loads(row["members"]) if isinstance(row["members"], str) else row["members"]
    return {row["head_name"], *(m.get("name") or "" for m in members or [])} - {""}
