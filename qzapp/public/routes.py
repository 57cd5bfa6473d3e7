"""The public pages' shared routes: the stylesheet, and refusals answered as pages."""
from flask import request, send_file

from ..i18n import t
from . import bp, page


@bp.app_context_processor
def _catalogue():
    return {"t": t}


@bp.get("/public/style.css")
def stylesheet():
    """The public pages' stylesheet: a year in caches under its content's hash (asked for
    under another, it is checked again each time)."""
    response = send_file(page.STATIC / "public.css", mimetype="text/css", max_age=0)
    if request.args.get("v") == page.stylesheet_version():
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


page.answer_refusals(bp)
