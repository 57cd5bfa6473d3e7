"""The public pages' shared routes: the stylesheet, and refusals answered as pages."""
from flask import request, send_file
from werkzeug.exceptions import HTTPException

from ..errors import STATUS_MESSAGES
from ..i18n import t
from . import bp, page
from .page import PublicError


@bp.app_context_processor
def _catalogue():
    return {"t": t}


@bp.get("/public/style.css")
def stylesheet():
    """The public pages' stylesheet: a year in caches under its content's hash."""
    response = send_file(page.STATIC / "public.css", mimetype="text/css", max_age=0)
    if request.args.get("v"):
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@bp.errorhandler(PublicError)
def _refused(err):
    return page.page("public/error.html", status=err.status, message=err.message,
                     back=err.back)


@bp.errorhandler(HTTPException)
def _http(err):
    key = STATUS_MESSAGES.get(err.code, "error.bad_request")
    return page.page("public/error.html", status=err.code, message=t(key), back=None)


from . import poster  # noqa: E402,F401  (the village posters, F4)
