"""The ledger of residents' appeals (民情台账, requirements F3, F14): cases folded from
append-only events, first-handler responsibility, working-day deadlines and escalation; the
service windows' matters on the same engine, and the log of their unannounced inspections."""
from flask import Blueprint

from .. import tick
from ..sync.registry import register
from . import engine
from .appeal import APPEAL
from .engine import record as record_event  # noqa: F401  (the demo takes cases in)
from .entity import CASE, CASE_EVENT
from .inspection import INSPECTION
from .queries import cases_of_reception, receiving_days  # noqa: F401  (for leaders' records)

bp = Blueprint("ledger", __name__, url_prefix="/api")

for _entity in (APPEAL, CASE, CASE_EVENT, INSPECTION):
    register(_entity)

tick.job("ledger")(engine.tick)

from . import desk_routes, publication_routes, routes  # noqa: E402,F401
