"""Households, pairings and stationed cadres (requirements F1, F16)."""
from flask import Blueprint

from ..sync.registry import register
from .entity import HOUSEHOLD, about_household_audience  # noqa: F401  (diaries, appeals)
from .pairing import PAIRING, STATIONING
from .queries import head_names  # noqa: F401  (diaries name their households)
from .reveal import REVEAL

bp = Blueprint("households", __name__, url_prefix="/api")

for _entity in (HOUSEHOLD, PAIRING, STATIONING, REVEAL):
    register(_entity)

from . import routes  # noqa: E402,F401
