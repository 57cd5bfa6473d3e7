"""Background jobs: imports that take longer than a request may, with their progress."""
from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/api")

from . import routes  # noqa: E402,F401
from .runner import Progress, start  # noqa: E402,F401
