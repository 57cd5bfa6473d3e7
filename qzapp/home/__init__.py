"""The home screen: per role, the work that waits for the user (GET /api/home)."""
from flask import Blueprint

bp = Blueprint("home", __name__, url_prefix="/api")

from . import routes  # noqa: E402,F401
