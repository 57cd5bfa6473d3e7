"""Supervision (requirements F10, F11): early warning of hot spots and major-situation reports
that go up the tree; dashboards per org node and per person with drill-down and Excel, and a
person's annual report — every figure computed from the records."""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/api")

from .summaries import rebuild as rebuild_summaries  # noqa: E402,F401  (the county generator)

# Each part registers its routes, entities and tick jobs when imported.
# isort: split
from . import hotspots, situation_routes, situations, warnings  # noqa: E402,F401

# isort: split
from . import dashboard_routes, dashboard_rules  # noqa: E402,F401
