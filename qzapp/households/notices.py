"""What households and pairings tell whom (requirement F7): a household handed over to me; my
pairing or stationing due or overdue for rotation (me, and the admin who made it)."""
from .. import notify, tick
from . import rules

ROTATIONS = {"pairings": "pairing", "stationings": "stationing"}


def _household_link(subject):
    return f"#/household/{subject['household_id']}"


def _rotation_link(subject):
    if subject.get("household_id"):
        return _household_link(subject)
    return "#/home"


def _values(db, subject):
    return {"name": subject.get("head_name") or subject.get("node_name") or "",
            "start": subject.get("start_date") or ""}


notify.declare("household_assigned", who=lambda db, s: [s["cadre_id"]], link=_household_link,
               values=_values)
for _what in ROTATIONS.values():
    for _when in ("due", "overdue"):
        notify.declare(f"{_what}_{_when}", who=lambda db, s: [s["cadre_id"], s["created_by"]],
                       link=_rotation_link, values=_values, push=_when == "overdue")


def paired(db, pairing_id, household, cadre_id):
    """Tell a cadre a household is theirs now (a new pairing, or a handover)."""
    notify.emit(db, "household_assigned", {"household_id": household["id"],
                                           "head_name": household["head_name"],
                                           "cadre_id": cadre_id},
                f"household_assigned:{pairing_id}")


@tick.job("households")
def rotations(db, today):
    """Tell cadres (and the admins who paired or stationed them) of the pairings and
    stationings that came due or overdue for rotation since the job last ran: each once."""
    from . import queries  # it imports pairing.py, which tells through this module
    after, upto = tick.days_since_last(db, "households.rotations", today)
    told = 0
    for table, what in ROTATIONS.items():
        for when in ("due", "overdue"):
            # The latest start date in this status on each day: those between are new to it.
            first = rules.started(when, after)[1]
            last = rules.started(when, upto)[1]
            if first == last:
                continue
            for row in queries.open_started_between(db, table, first, last):
                told += bool(notify.emit(db, f"{what}_{when}", row, f"{what}_{when}:{row['id']}",
                                         once=True))
    return {"told": told}
