"""Visit diaries (民情日记), evening talks and group activities (requirements F2)."""
from flask import Blueprint

from ..sync.registry import register
from .entity import DIARY
from .queries import author_days  # noqa: F401  (the days a user wrote diaries on)

bp = Blueprint("diary", __name__, url_prefix="/api")
register(DIARY)

from . import routes  # noqa: E402,F401
