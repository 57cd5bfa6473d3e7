"""Satisfaction surveys of a unit (政风行风满意度, §12, requirement F12): a supervisor makes a
survey of a unit of their subtree for a period, with the fixed questions and a public address
and QR code; residents answer it without an account, once per phone and per device, partial
answers kept; the results are counted per question and choice and exported to Excel.

Two blueprints: bp, the staff's JSON API under /api/surveys; pages, the residents' pages
under /s/<token>, answered in HTML whatever goes wrong."""
from flask import Blueprint

bp = Blueprint("surveys", __name__, url_prefix="/api", template_folder="templates")
pages = Blueprint("survey_pages", __name__)

from . import public, routes  # noqa: E402,F401
