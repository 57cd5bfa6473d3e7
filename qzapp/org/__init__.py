"""The org tree and the accounts on it: administration and Excel import."""
from flask import Blueprint

bp = Blueprint("org", __name__, url_prefix="/api")

from . import import_routes, routes  # noqa: E402,F401
