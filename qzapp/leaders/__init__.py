"""Leaders' grassroots work (requirement F8, seed §2): contact points, days at the grassroots
(logged, or proven by other records), research visits with their entourage, research reports;
receptions (F9) and their monthly quota; all against targets computed from the records."""
from flask import Blueprint

bp = Blueprint("leaders", __name__, url_prefix="/api/leaders")

# Each part registers its synced entities and routes when imported.
# isort: split
from . import board, documents, receptions, records, routes  # noqa: E402,F401
from .figures import of_ids as figures_of_leaders  # noqa: E402,F401  (for the dashboards)
from .figures import of_scope as leaders_figures  # noqa: E402,F401
