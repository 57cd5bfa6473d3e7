"""The home screen's summary of the user's scope."""
from flask import Blueprint
from flask_login import current_user, login_required

from ..auth import current_scope
from ..auth.service import user_json
from ..db import get_db
from ..errors import ok
from ..org.queries import count_in_scope

bp = Blueprint("home", __name__, url_prefix="/api")


@bp.get("/home")
@login_required
def home():
    """The user with counts of what lies in their scope."""
    db, scope = get_db(), current_scope()
    counts = {
        "org_nodes": count_in_scope(db, scope, "org_nodes", "active = 1", column="id"),
        "users": count_in_scope(db, scope, "users", "active = 1"),
        "households": count_in_scope(db, scope, "households", "deleted = 0"),
    }
    return ok(user=user_json(db, current_user), counts=counts)
