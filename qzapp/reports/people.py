"""The people of an org node on its dashboard (the last step of the drill-down) and one
person's figures (their annual report): what they wrote, received, own, serve and, for a
leader, their days at the grassroots and receptions — each from their own records."""
from ..households.rules import started
from ..leaders import figures_of_leaders
from .dashboard_rules import PERSON_FIGURES
from .figures import with_rates
from .queries import people as queries


def figures_of(db, people, period, today):
    """{user id: {figure: value}} of people (rows with id, node path for leaders)."""
    ids = [p["id"] for p in people]
    if not ids:
        return {}
    first, last = period.first.isoformat(), period.last.isoformat()
    found = {i: dict.fromkeys(PERSON_FIGURES, 0) for i in ids}
    parts = (queries.diaries(db, ids, first, last),
             queries.pairings(db, ids, started("due", today)[1], started("overdue", today)[1],
                              today.isoformat()),
             queries.cases_received(db, ids, first, last),
             queries.cases_owned(db, ids, first, last, today.isoformat()),
             queries.duty_minutes(db, ids, first, last))
    for part in parts:
        for user_id, values in part.items():
            found[user_id].update({k: v for k, v in values.items() if k in PERSON_FIGURES})
    return found


def with_leaders(db, people, found, period, today):
    """Add the leaders' days and receptions to their figures."""
    for leader in figures_of_leaders(db, [p["id"] for p in people], period.first,
                                     min(period.last, today), today):
        found[leader["id"]].update(leader_days=leader["days"], receptions=leader["receptions"],
                                   reception_months_missed=leader["months_missed"])
    return found


def items(db, people, period, today):
    """The people as the dashboard lists them: who, where, roles, figures with rates."""
    found = with_leaders(db, people, figures_of(db, people, period, today), period, today)
    roles = queries.roles_of(db, [p["id"] for p in people]) if people else {}
    return [{"id": p["id"], "name": p["name"], "node_id": p["node_id"],
             "node_name": p["node_name"], "roles": roles.get(p["id"], []),
             "figures": with_rates(found[p["id"]])}
            for p in people]

