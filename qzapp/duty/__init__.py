"""Community duty 双报到 (requirement F5): in-service party members report to their residential
community, claim its service posts, sign up for shifts, check in and out at the post with its
signed QR code (offline), and have their hours confirmed; volunteer teams and pledges."""
from flask import Blueprint

bp = Blueprint("duty", __name__, url_prefix="/api/duty")

from .queries import members_without_post  # noqa: E402,F401  (the dashboards count them)

# Each part of the domain registers its synced entities and routes when imported.
# isort: split
from . import pledge_board, pledge_routes, pledges, team_routes, teams  # noqa: E402,F401

# isort: split
from . import checkins, hours, hours_routes, poster  # noqa: E402,F401

# isort: split
from . import membership, notices, posts, routes, shifts, signups  # noqa: E402,F401
