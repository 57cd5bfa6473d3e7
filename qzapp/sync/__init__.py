"""Sync: the single door through which the phone writes (push) and reads (pull)."""
from flask import Blueprint

bp = Blueprint("sync", __name__, url_prefix="/api/sync")

from . import routes  # noqa: E402,F401
