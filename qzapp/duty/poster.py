"""A service post's printable poster, put up at the post: its title, community and place, the QR
code members scan to check in and out (codes.payload, signed by the server) and the short code
printed under it for phones whose camera will not read it. An A4 page to print from the
browser, and the same as an A4 SVG document for a print shop; for the community's staff (and
admins), since whoever holds the code can check in with it."""
import re
from urllib.parse import quote

from flask import Response, render_template
from flask_login import login_required
from markupsafe import Markup

from ..auth import current_scope, roles_required
from ..db import get_db
from ..errors import ApiError
from ..i18n import t
from ..public import page, qr
from . import bp, codes, queries, rules

# The poster's templates live beside this module (templates/duty/); the blueprint is made in
# the package's __init__ without a template folder, and Flask reads this one lazily, at the
# first render, so it may be set here, at import, before the app is built.
bp.template_folder = "templates"
# A poster is put up in a Chinese community whatever language the browser that printed it asks.
LANG = "zh-CN"
POSTER_ROLES = rules.STAFF | frozenset({"admin"})
QR_PX = 320          # the code's side on the page in CSS pixels: about 85 mm
SVG_QR_MM = 120      # and in the SVG document, on A4 (210 × 297 mm)
_WIDTH = re.compile(r'\bwidth="(\d+)"')


def _text(key, **values):
    return t(key, lang=LANG, **values)


def _side(text):
    """The side of text's QR code in modules, its quiet zone included."""
    return int(_WIDTH.search(qr.svg(text, scale=1)).group(1))


def poster_of(db, post_id):
    """What a post's poster shows; a 404 for a post that is not there or not in scope."""
    post = queries.checkin_post(db, post_id.lower())
    if post is None or post["deleted"] or not current_scope().contains(db, post["node_id"]):
        raise ApiError(404, t("duty.poster.unknown"), "not_found")
    text = codes.payload(post["id"], post["year"])
    return {"id": post["id"], "title": post["title"], "community": post["community"],
            "place": post["place"], "year": post["year"], "payload": text, "side": _side(text),
            "short_code": codes.printed(codes.short_code(post["id"], post["year"])),
            "heading": _text("duty.poster.heading", year=post["year"]),
            "scan_hint": _text("duty.poster.scan_hint"),
            "typed_hint": _text("duty.poster.typed_hint"),
            "out_hint": _text("duty.poster.out_hint")}


@bp.get("/posts/<post_id>/poster")
@login_required
@roles_required(*POSTER_ROLES)
def post_poster(post_id):
    """The post's poster as an A4 page to print."""
    shown = poster_of(get_db(), post_id)
    # Whole pixels a module, so that no module is blurred on screen or on paper.
    shown["svg"] = Markup(qr.svg(shown["payload"], scale=max(3, round(QR_PX / shown["side"]))))
    return page.page("duty/poster.html", poster=shown,
                     title=_text("duty.poster.page_title", title=shown["title"]),
                     print_hint=_text("poster.print_hint"),
                     download=_text("poster.download_svg"))


@bp.get("/posts/<post_id>/poster.svg")
@login_required
@roles_required(*POSTER_ROLES)
def post_poster_svg(post_id):
    """The post's poster as an A4 SVG file to download."""
    shown = poster_of(get_db(), post_id)
    shown["svg"] = Markup(qr.svg(shown["payload"], scale=1))
    body = render_template("duty/poster.svg", poster=shown, qr_mm=SVG_QR_MM,
                           scale=round(SVG_QR_MM / shown["side"], 4),
                           title_size=round(min(14, 186 / max(1, len(shown["title"]))), 2))
    response = Response(body, mimetype="image/svg+xml")
    name = _text("duty.poster.file_name", title=shown["title"]) + ".svg"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"duty-poster-{shown['id'][:8]}.svg\"; "
        f"filename*=UTF-8''{quote(name, safe='')}")
    return page.protect(response)
