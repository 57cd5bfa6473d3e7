"""A village's desk for the public (民情公开栏, F4): who receives the appeals its residents send
online — the receiver the village named, else its first secretary, else someone who takes
cases in at its township — and the office hours its poster gives."""
from ..auth.queries import active_users_at, node_by_id, roles_of, user_by_id
from . import queries, rules

# Who receives online appeals when the village named nobody: its first secretary first.
FALLBACK_ROLES = (("first_secretary",), tuple(sorted(rules.INTAKE_ROLES)))
OFFICE_HOURS_MAX = 100


def desk(db, node_id):
    """The village's desk as stored: {receiver_id, office_hours} (Nones when never set)."""
    row = queries.desk_row(db, node_id)
    return {"receiver_id": row["receiver_id"] if row else None,
            "office_hours": row["office_hours"] if row else None}


def receiver_for(db, village):
    """The account that receives (owns, as first handler) an appeal sent online to village
    (its org_nodes row): the named receiver while active and still handling cases there,
    else the village's first secretary, else one who takes cases in at the township; None
    when there is nobody."""
    named = desk(db, village["id"])["receiver_id"]
    if named is not None and named in active_users_at(db, village["id"], rules.INTAKE_ROLES):
        return named
    for roles in FALLBACK_ROLES:
        found = active_users_at(db, village["id"], roles)
        if found:
            return min(found)
    if village["parent_id"] is not None:
        found = active_users_at(db, village["parent_id"], rules.INTAKE_ROLES)
        if found:
            return min(found)
    return None


def public_role(roles):
    """The role an account is shown by to the public (rules.PUBLIC_ROLE_ORDER), or None."""
    return next((role for role in rules.PUBLIC_ROLE_ORDER if role in roles), None)


def effective_receiver(db, village):
    """Who receives the village's online appeals now: {id, name, role, node_id, node_name},
    or None when there is nobody."""
    user_id = receiver_for(db, village)
    if user_id is None:
        return None
    user = user_by_id(db, user_id)
    node = village if user["node_id"] == village["id"] else node_by_id(db, user["node_id"])
    return {"id": user_id, "name": user["name"], "role": public_role(roles_of(db, user_id)),
            "node_id": node["id"], "node_name": node["name"]}
