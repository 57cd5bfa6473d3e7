"""Pairings of cadres with households and stationed cadres (§3, F1, F16): records kept
online by administrators and carried to the phones of those they concern."""
import datetime as dt

from ..clock import today
from ..db import execute, fetch_all, fetch_one, fetch_tuples, fetch_value
from ..errors import ApiError, invalid
from ..i18n import t
from ..ids import new_id
from ..sync import store
from ..sync.changes import Audience
from ..sync.registry import Entity
from . import notices, rules
from .entity import HOUSEHOLD, current_cadre

PAIRING_FIELDS = ("id", "household_id", "node_id", "cadre_id", "start_date",
                  "planned_end_date", "end_date", "handover_note", "created_at")
STATION_FIELDS = ("id", "node_id", "cadre_id", "post", "start_date", "planned_end_date",
                  "end_date", "created_at")
READERS = rules.REGISTER_KEEPERS | {"supervisor", "admin"}
PAIRABLE_ROLES = ("cadre", "leader")


def _with_cadre_name(db, row, fields):
    record = {k: row[k] for k in fields}
    record["cadre_name"] = fetch_value(db, "SELECT name FROM users WHERE id = ?",
                                       [row["cadre_id"]])
    return record


PAIRING = Entity(
    name="pairing", table="pairings", ops=(), node_readers=READERS,
    prepare=None, may_write=lambda user, existing: False,
    serialize=lambda db, row: _with_cadre_name(db, row, PAIRING_FIELDS),
    follows={"household": "household_id"}, shows={"user": "cadre_id"},
    audience=lambda db, row: Audience(row["node_id"], None,
                                      current_cadre(db, row["household_id"])),
)
STATIONING = Entity(
    name="stationing", table="stationings", ops=(), node_readers=READERS,
    prepare=None, may_write=lambda user, existing: False,
    serialize=lambda db, row: _with_cadre_name(db, row, STATION_FIELDS), shows={"user": "cadre_id"},
    audience=lambda db, row: Audience(row["node_id"], row["cadre_id"]),
)


def pair(db, actor, household, cadre_id, start_date, planned_end_date=None):
    """Pair a cadre with a household that has none; the cadre's phone receives its history."""
    if current_cadre(db, household["id"]) is not None:
        raise ApiError(409, t("pairing.already_paired"), "already_paired")
    _check_cadre(db, actor, cadre_id)
    start = _date_not_after_today(start_date, "start_date")
    end = _planned_end(start, planned_end_date)
    _new_pairing(db, actor, household, cadre_id, start, end)
    hand_over_history(db, household["id"])


def hand_over(db, actor, household, cadre_id, handover_date=None, note=None):
    """End the current pairing on the handover date and pair the new cadre from then on;
    the new cadre receives the whole history, the old one loses the household."""
    current = fetch_one(db, "SELECT * FROM pairings WHERE household_id = ? AND end_date IS NULL"
                        " AND deleted = 0", [household["id"]])
    if current is None:
        raise ApiError(409, t("pairing.none_to_hand_over"), "not_paired")
    if current["cadre_id"] == cadre_id:
        raise invalid("cadre_id", t("pairing.same_cadre"))
    _check_cadre(db, actor, cadre_id)
    day = _date_not_after_today(handover_date or today().isoformat(), "handover_date")
    if day < dt.date.fromisoformat(current["start_date"]):
        raise invalid("handover_date", t("pairing.handover_before_start"))
    store.save(db, actor, PAIRING, current["id"], current,
               {**current, "end_date": day.isoformat(), "handover_note": note})
    _new_pairing(db, actor, household, cadre_id, day, _planned_end(day, None))
    hand_over_history(db, household["id"])


def hand_over_history(db, household_id):
    """Re-address the household and everything that follows it to its current cadre."""
    household = fetch_one(db, "SELECT * FROM households WHERE id = ?", [household_id])
    store.touch(db, HOUSEHOLD, household)
    store.touch_followers(db, HOUSEHOLD.name, household_id)


def move_pairings(db, household_id, node_id):
    """Place the household's pairings at its new node: readers there see them, those of
    the old node are told to drop them."""
    for row in fetch_all(db, "SELECT * FROM pairings WHERE household_id = ?", [household_id]):
        execute(db, "UPDATE pairings SET node_id = ? WHERE id = ?", [node_id, row["id"]])
        store.touch(db, PAIRING, {**row, "node_id": node_id})


def station(db, actor, node, cadre_id, post, start_date, planned_end_date=None):
    """Station a cadre in a village (挂职蹲点) from start_date."""
    if node["kind"] != "village":
        raise invalid("node_id", t("pairing.station_village_only"))
    _check_cadre(db, actor, cadre_id)
    start = _date_not_after_today(start_date, "start_date")
    row = {"node_id": node["id"], "cadre_id": cadre_id, "post": post,
           "start_date": start.isoformat(), "end_date": None,
           "planned_end_date": _planned_end(start, planned_end_date).isoformat()}
    record_id = new_id()
    store.save(db, actor, STATIONING, record_id, None, row)
    return fetch_one(db, "SELECT * FROM stationings WHERE id = ?", [record_id])


def end_station(db, actor, stationing, end_date):
    """Record the end of a stationing (once: an ended one is not ended again)."""
    if stationing["end_date"] is not None:
        raise ApiError(409, t("pairing.station_ended", date=stationing["end_date"]),
                       "already_ended")
    day = _date_not_after_today(end_date, "end_date")
    if day < dt.date.fromisoformat(stationing["start_date"]):
        raise invalid("end_date", t("pairing.handover_before_start"))
    store.save(db, actor, STATIONING, stationing["id"], stationing,
               {**stationing, "end_date": day.isoformat()})


def _new_pairing(db, actor, household, cadre_id, start, planned_end):
    row = {"household_id": household["id"], "node_id": household["node_id"],
           "cadre_id": cadre_id, "start_date": start.isoformat(), "end_date": None,
           "planned_end_date": planned_end.isoformat(), "handover_note": None}
    pairing_id = new_id()
    store.save(db, actor, PAIRING, pairing_id, None, row)
    notices.paired(db, pairing_id, household, cadre_id)


def _check_cadre(db, actor, cadre_id):
    """The cadre must be an active account in the actor's scope holding a pairable role."""
    user = fetch_one(db, "SELECT u.active, n.path FROM users u JOIN org_nodes n ON"
                     " n.id = u.node_id WHERE u.id = ?", [cadre_id])
    roles = {role for (role,) in fetch_tuples(
        db, "SELECT role FROM user_roles WHERE user_id = ?", [cadre_id])}
    if user is None or not user["active"] or not actor.scope.contains_path(user["path"]) \
            or not roles.intersection(PAIRABLE_ROLES):
        raise invalid("cadre_id", t("pairing.cadre_unknown"))


def _date_not_after_today(value, field):
    """A date (YYYY-MM-DD, checked by the route's schema) that is not in the future."""
    day = dt.date.fromisoformat(value)
    if day > today():
        raise invalid(field, t("diary.future_date"))
    return day


def _planned_end(start, planned_end_date):
    """The planned end: as given (not before the start), else the latest rotation date."""
    if planned_end_date is None:
        return rules.add_months(start, rules.ROTATION_OVERDUE_MONTHS)
    end = dt.date.fromisoformat(planned_end_date)
    if end < start:
        raise invalid("planned_end_date", t("pairing.end_before_start"))
    return end
