"""HTTP for jobs: how far a job got, and how it ended (its owner only)."""
from flask_login import current_user, login_required

from ..db import get_db
from ..errors import ApiError, ok
from ..i18n import t
from . import bp, runner


@bp.get("/jobs/<job_id>")
@login_required
def job(job_id):
    """A job's state, progress and result or error; a dead one answered as failed."""
    row = runner.current(get_db(), job_id[:64])
    if row is None or row["user_id"] != current_user.id:
        raise ApiError(404, t("error.not_found"), "not_found")
    response, status = ok(job=runner.view(row))
    response.headers["Cache-Control"] = "no-store"   # an import's answer holds passwords
    return response, status
