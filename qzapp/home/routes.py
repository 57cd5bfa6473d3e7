"""HTTP for the home screen."""
from flask_login import current_user, login_required

from ..auth.service import user_json
from ..clock import today
from ..db import get_db
from ..errors import ok
from . import bp, queries, rules


@bp.get("/home")
@login_required
def home():
    """The user, the rules the phone judges by, and per role what only the server can count."""
    # A cadre's households are judged on the phone from the records it holds; the server
    # counts a register keeper's village (or grid) and a supervisor's or admin's scope.
    db, user, day = get_db(), current_user._get_current_object(), today()
    answer = {"user": user_json(db, user), "rules": rules.served()}
    keeper, overseer = rules.keeps_own_village(user), rules.oversees(user)
    if keeper or overseer:
        answer["counts"] = queries.scope_counts(db, user.scope)
    if keeper:
        answer["village"] = queries.village(db, user, day)
    if overseer:
        answer["overview"] = {"rotations": queries.rotation_counts(db, user.scope, day)}
    return ok(**answer)
