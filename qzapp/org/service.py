"""Rules and transactions of the org tree and its accounts."""
import re

from .. import audit
from ..auth import service as accounts
from ..auth.roles import OVERSIGHT_ROLES, ROLES
from ..auth.sessions import end_all_sessions
from ..clock import now_iso
from ..errors import ApiError, invalid
from ..i18n import t
from ..sync.changes import mark_access_change
from ..sync.store import refresh_referrers
from . import queries, tree

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{3,64}$")
PHONE_RE = re.compile(r"^1\d{10}$")
# Roles whose grant is recorded on its own in the audit trail.
POWERFUL_ROLES = tuple(sorted(OVERSIGHT_ROLES))


def node_problems(db, parent, data):
    """Every reason (field, message) why a node cannot be created under parent."""
    problems = []
    kind, subtype = data["kind"], data.get("subtype")
    if not tree.child_kind_allowed(parent["kind"] if parent else None, kind):
        problems.append(("kind", t("field.kind_not_allowed_here")))
    elif not tree.subtype_allowed(kind, subtype):
        problems.append(("subtype", t("field.not_a_choice")))
    if parent is not None and not parent["active"]:
        problems.append(("parent_id", t("field.node_inactive")))
    if queries.sibling_named(db, parent["id"] if parent else None, data["name"]):
        problems.append(("name", t("field.duplicate_sibling_name")))
    if data.get("code") and queries.code_taken(db, data["code"]):
        problems.append(("code", t("field.duplicate_code")))
    return problems


def create_node(db, actor_id, parent, data):
    """Insert a node under parent (None: the root) and return it; caller holds the transaction."""
    problems = node_problems(db, parent, data)
    if problems:
        raise ApiError(400, t("error.validation"), "validation",
                       [{"field": f, "message": m} for f, m in problems])
    stamp = now_iso()
    row = {
        "parent_id": parent["id"] if parent else None, "name": data["name"],
        "kind": data["kind"], "subtype": data.get("subtype") or tree.default_subtype(data["kind"]),
        "code": data.get("code") or None, "path": f"pending:{stamp}:{data['name']}",
        "depth": parent["depth"] + 1 if parent else 0, "active": 1,
        "created_at": stamp, "created_by": actor_id, "updated_at": stamp,
    }
    node_id = queries.insert_node(db, row)
    queries.set_node_path(db, node_id, f"{parent['path'] if parent else '/'}{node_id}/")
    node = queries.node(db, node_id)
    audit.record(db, actor_id, "create", "org_node", node_id, after=node)
    return node


def update_node(db, actor, node, changes):
    """Rename, recode or (de)activate a node."""
    if changes.get("active") is False:
        if node["id"] == actor.node["id"]:
            raise invalid("active", t("field.cannot_deactivate_own_node"))
        if queries.node_in_use(db, node["id"]):
            raise ApiError(409, t("error.node_in_use"), "conflict")
    if "name" in changes and changes["name"] != node["name"] and queries.sibling_named(
            db, node["parent_id"], changes["name"]):
        raise invalid("name", t("field.duplicate_sibling_name"))
    if changes.get("code") and queries.code_taken(db, changes["code"], other_than=node["id"]):
        raise invalid("code", t("field.duplicate_code"))
    changes = {k: (int(v) if k == "active" else v) for k, v in changes.items()}
    queries.update_node(db, node["id"], {**changes, "updated_at": now_iso()})
    after = queries.node(db, node["id"])
    audit.record(db, actor.id, "update", "org_node", node["id"], before=node, after=after)
    return after


def user_problems(db, data):
    """Every reason (field, message) why an account cannot be created."""
    problems = []
    if not USERNAME_RE.match(data["username"]):
        problems.append(("username", t("field.username_format")))
    elif queries.username_taken(db, data["username"]):
        problems.append(("username", t("field.username_taken")))
    if data.get("phone") and not PHONE_RE.match(data["phone"]):
        problems.append(("phone", t("field.phone_format")))
    if not data["roles"] or any(r not in ROLES for r in data["roles"]):
        problems.append(("roles", t("field.roles_invalid")))
    if data.get("password"):
        problem = accounts.password_problem(data["password"])
        if problem:
            problems.append(("password", problem))
    return problems


def create_user(db, actor_id, data, temporary=None):
    """Insert an account; returns (user row without hash, the initial password). temporary:
    a (password, hash) made beforehand, so that an import hashes outside its transaction."""
    problems = user_problems(db, data)
    if problems:
        raise ApiError(400, t("error.validation"), "validation",
                       [{"field": f, "message": m} for f, m in problems])
    if temporary is None:
        password = data.get("password") or accounts.generate_password()
        temporary = password, accounts.hash_password(password)
    password, password_hash = temporary
    stamp = now_iso()
    user_id = queries.insert_user(db, {
        "username": data["username"], "name": data["name"], "phone": data.get("phone"),
        "node_id": data["node_id"], "password_hash": password_hash,
        "session_token": accounts.new_session_token(), "active": 1,
        "must_change_password": int(not data.get("password")),
        "created_at": stamp, "created_by": actor_id, "updated_at": stamp,
    })
    queries.set_roles(db, user_id, data["roles"])
    user = queries.public_user(db, user_id)
    audit.record(db, actor_id, "create", "user", user_id, after=user)
    _record_grants(db, actor_id, user_id, [], user["roles"])
    return user, password


def update_user(db, actor, before, changes):
    """Change an account's name, phone, node, roles or active flag."""
    _refuse_changes_to_self(actor, before, changes)
    if changes.get("phone") and not PHONE_RE.match(changes["phone"]):
        raise invalid("phone", t("field.phone_format"))
    if "roles" in changes and (not changes["roles"]
                               or any(r not in ROLES for r in changes["roles"])):
        raise invalid("roles", t("field.roles_invalid"))
    roles = changes.pop("roles", None)
    fields = {k: (int(v) if k == "active" else v) for k, v in changes.items()}
    if "active" in fields and fields["active"] != before["active"]:
        fields["session_token"] = accounts.new_session_token()   # signs them out everywhere
        end_all_sessions(db, before["id"])
    queries.update_user(db, before["id"], {**fields, "updated_at": now_iso()})
    if roles is not None:
        queries.set_roles(db, before["id"], roles)
    after = queries.public_user(db, before["id"])
    audit.record(db, actor.id, "update", "user", before["id"], before=before, after=after)
    _record_grants(db, actor.id, before["id"], before["roles"], after["roles"])
    if after["roles"] != before["roles"] or after["node_id"] != before["node_id"]:
        mark_access_change(db, before["id"])
    if after["name"] != before["name"]:
        refresh_referrers(db, "user", before["id"])
    return after


def _refuse_changes_to_self(actor, before, changes):
    """An administrator neither deactivates their own account nor changes its roles: both
    are for another administrator to do (and to be seen doing)."""
    if before["id"] != actor.id:
        return
    if changes.get("active") is False:
        raise invalid("active", t("field.cannot_lock_self_out"))
    if "roles" in changes and sorted(changes["roles"]) != sorted(before["roles"]):
        raise invalid("roles", t("field.cannot_change_own_roles"))


def _record_grants(db, actor_id, user_id, old_roles, new_roles):
    """Granting or taking away the roles that see or run a whole subtree gets an audit entry
    of its own, naming who did it."""
    for role in POWERFUL_ROLES:
        if (role in new_roles) != (role in old_roles):
            action = "grant_role" if role in new_roles else "revoke_role"
            audit.record(db, actor_id, action, "user", user_id, after={"role": role})


def reset_password(db, actor_id, user):
    """Give the account a temporary password to change at next login."""
    password = accounts.generate_password()
    accounts.set_password(db, user["id"], password, must_change=True)
    audit.record(db, actor_id, "reset_password", "user", user["id"])
    return password
