"""HTTP for the org tree and accounts: listing in scope, administration inside it."""
from flask import request
from flask_login import current_user, login_required

from .. import paging
from ..auth import current_scope, roles_required
from ..auth.scope import requested_subtree, require_node_in_scope, scoped_get
from ..db import get_db, immediate
from ..errors import ApiError, ok
from ..i18n import t
from ..validate import Bool, Int, Str, StrList, json_body, validate
from . import bp, queries, service, tree

NODE_CREATE = {
    "parent_id": Int(min_value=1), "name": Str(max_len=60),
    "kind": Str(choices=tree.KINDS), "subtype": Str(required=False, max_len=30),
    "code": Str(required=False, max_len=30),
}
NODE_UPDATE = {"name": Str(max_len=60), "code": Str(required=False, max_len=30),
               "active": Bool()}
USER_CREATE = {
    "username": Str(max_len=64), "name": Str(max_len=40), "phone": Str(required=False, max_len=20),
    "node_id": Int(min_value=1), "roles": StrList(min_items=1),
    "password": Str(required=False, max_len=256),
}
USER_UPDATE = {"name": Str(max_len=40), "phone": Str(required=False, max_len=20),
               "node_id": Int(min_value=1), "roles": StrList(min_items=1), "active": Bool()}


@bp.get("/org/nodes")
@login_required
def list_nodes():
    """The org nodes in the user's scope, in tree order, a page at a time (?cursor= ?limit=;
    the phone asks for pages of the most)."""
    include_inactive = request.args.get("include_inactive") == "1"
    listed = queries.nodes_page(get_db(), current_scope(), paging.requested_page(),
                                include_inactive)
    return ok(nodes=listed.pop("items"), **listed)


@bp.post("/org/nodes")
@roles_required("admin")
def create_node():
    """Create a node under a parent in the admin's subtree."""
    data = validate(json_body(), NODE_CREATE)
    db = get_db()
    with immediate(db):
        parent = scoped_get(db, current_scope(), "org_nodes", data["parent_id"], column="id")
        node = service.create_node(db, current_user.id, parent, data)
    return ok(201, node=node)


@bp.patch("/org/nodes/<int:node_id>")
@roles_required("admin")
def update_node(node_id):
    """Rename, recode or (de)activate a node in the admin's subtree."""
    changes = validate(json_body(), NODE_UPDATE, partial=True)
    db = get_db()
    with immediate(db):
        node = scoped_get(db, current_scope(), "org_nodes", node_id, column="id")
        node = service.update_node(db, current_user, node, changes)
    return ok(node=node)


@bp.get("/users")
@roles_required("admin", "supervisor")
def list_users():
    """Accounts in scope, a page at a time (?cursor= ?limit=); ?node_id= narrows to a
    subtree, ?q= searches, ?active=0|1."""
    db, scope = get_db(), current_scope()
    scope = requested_subtree(db, scope) or scope
    active = {"1": True, "0": False}.get(request.args.get("active", ""))
    listed = queries.users_page(db, scope, paging.requested_page(),
                                q=request.args.get("q", "").strip()[:40], active=active,
                                reveal_phones=current_user.has_role("admin"))
    return ok(users=listed.pop("items"), **listed)


@bp.post("/users")
@roles_required("admin")
def create_user():
    """Create an account on a node in the admin's subtree; answers its initial password."""
    data = validate(json_body(), USER_CREATE)
    db = get_db()
    with immediate(db):
        require_node_in_scope(db, current_scope(), data["node_id"])
        user, password = service.create_user(db, current_user.id, data)
    return ok(201, user=user, password=password)


@bp.patch("/users/<int:user_id>")
@roles_required("admin")
def update_user(user_id):
    """Change an account in scope; deactivating signs it out everywhere."""
    changes = validate(json_body(), USER_UPDATE, partial=True)
    db = get_db()
    with immediate(db):
        before = _user_in_scope(db, user_id)
        if "node_id" in changes:
            require_node_in_scope(db, current_scope(), changes["node_id"])
        user = service.update_user(db, current_user, before, changes)
    return ok(user=user)


@bp.post("/users/<int:user_id>/reset-password")
@roles_required("admin")
def reset_password(user_id):
    """Set a temporary password for an account in scope and answer it once."""
    db = get_db()
    with immediate(db):
        user = _user_in_scope(db, user_id)
        if not user["active"]:
            raise ApiError(409, t("error.account_inactive"), "account_inactive")
        password = service.reset_password(db, current_user.id, user)
    return ok(password=password)


def _user_in_scope(db, user_id):
    """The account if its node lies in the admin's scope, else 404."""
    scoped_get(db, current_scope(), "users", user_id)
    return queries.public_user(db, user_id)
