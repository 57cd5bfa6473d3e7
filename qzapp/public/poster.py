"""A village's printable poster (民情公开栏, F4): its name, the QR codes of its board and of the
form residents send appeals with, the role of who receives them and the office hours — never a
person's name or phone. An A4 page to print from the browser, and the same as an A4 SVG
document for a print shop."""
import re
from urllib.parse import quote

from flask import Response, render_template
from markupsafe import Markup

from ..db import get_db
from ..i18n import t
from ..ledger import desk
from ..validate import trimmed
from . import bp, page, qr
from .board import village_row

# A poster is put up in a Chinese village whatever language the browser that printed it asks.
LANG = "zh-CN"
# A code's side on the page (CSS pixels): about 68 mm, two side by side on A4.
QR_PX = 256
# The SVG document's sizes, in millimetres on A4 (210 × 297).
SVG_QR_MM = 80
SVG_HOURS_CHARS = 30     # characters of office hours a line holds in the template's 6 mm type
SVG_HOURS_LINES = 6
# Where a line of office hours may break: after a space or a pause.
BREAKS = " ，；、。,;"
_WIDTH = re.compile(r'\bwidth="(\d+)"')


def _text(key, **values):
    return t(key, lang=LANG, **values)


def _qr_side(url):
    """The side of url's code in modules, its quiet zone included (segno's width at scale 1)."""
    return int(_WIDTH.search(qr.svg(url, scale=1)).group(1))


def _code(name, url, caption, hint):
    """One of the poster's codes: its address, its side in modules, and its words."""
    return {"name": name, "url": url, "caption": caption, "hint": hint, "side": _qr_side(url)}


def _receiver_line(db, village):
    """Who receives, by role (and by unit when that is the township), never by name."""
    receiver = desk.effective_receiver(db, village)
    if receiver is None or receiver["role"] is None:
        return _text("poster.receiver_none")
    role = _text(f"role.{receiver['role']}")
    if receiver["node_id"] == village["id"]:
        return _text("poster.receiver", role=role)
    return _text("poster.receiver_at", node=receiver["node_name"], role=role)


def poster_of(db, node_id):
    """What a village's poster shows (404 page when node_id is no active village)."""
    village = village_row(db, node_id)
    hours = desk.desk(db, village["id"])["office_hours"]
    return {
        "village": village["name"], "township": village["township"],
        "node_id": village["id"], "heading": _text("poster.heading"),
        "codes": [_code("board", page.public_url("public.board", node_id=village["id"]),
                        _text("poster.board_caption"), _text("poster.board_hint")),
                  _code("appeal", page.public_url("public.appeal_form", node_id=village["id"]),
                        _text("poster.appeal_caption"), _text("poster.appeal_hint"))],
        "receiver": _receiver_line(db, village),
        "hours": _text("poster.hours", hours=hours) if hours else _text("poster.hours_default"),
        "privacy": _text("poster.privacy"),
    }


@bp.get("/board/<int:node_id>/poster")
def poster(node_id):
    """The village's poster as an A4 page to print."""
    shown = poster_of(get_db(), node_id)
    for code in shown["codes"]:
        # Whole pixels a module, so that no module is blurred on screen or on paper.
        code["svg"] = Markup(qr.svg(code["url"], scale=max(3, round(QR_PX / code["side"]))))
    return page.page("public/poster.html", poster=shown,
                     title=_text("poster.page_title", village=shown["village"]),
                     print_hint=_text("poster.print_hint"),
                     download=_text("poster.download_svg"))


def _wrapped(text, width, most):
    """text in lines of at most width characters, its own line breaks kept, each broken after
    a space or a pause where there is one in its second half; at most most lines."""
    lines = []
    for part in trimmed(text).split("\n"):
        while len(part) > width:
            cut = max(part.rfind(mark, 0, width) for mark in BREAKS) + 1
            cut = cut if cut > width // 2 else width
            lines.append(part[:cut].rstrip())
            part = part[cut:].lstrip()
        lines.append(part)
    return lines[:most]


def _fit(text, size, room, em=1.0):
    """A font size at which text fits room millimetres (a CJK character is about 1 em)."""
    return round(min(size, room / max(1, len(text) * em)), 2)


def _svg_document(shown):
    """The poster as one A4 SVG document."""
    for code in shown["codes"]:
        code["svg"] = Markup(qr.svg(code["url"], scale=1))
        code["scale"] = round(SVG_QR_MM / code["side"], 4)
        code["url_size"] = _fit(code["url"], 3.2, SVG_QR_MM + 10, em=0.6)
    return render_template(
        "public/poster.svg", poster=shown, qr_mm=SVG_QR_MM,
        village_size=_fit(shown["village"], 14, 186),
        hours=_wrapped(shown["hours"], SVG_HOURS_CHARS, SVG_HOURS_LINES),
        receiver_size=_fit(shown["receiver"], 7, 186))


@bp.get("/board/<int:node_id>/poster.svg")
def poster_svg(node_id):
    """The village's poster as an A4 SVG file to download, named after the village."""
    shown = poster_of(get_db(), node_id)
    response = Response(_svg_document(shown), mimetype="image/svg+xml")
    name = _text("poster.file_name", village=shown["village"]) + ".svg"
    # filename for old clients (ASCII only), filename* (RFC 5987) with the village's name.
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"poster-{shown['node_id']}.svg\"; "
        f"filename*=UTF-8''{quote(name, safe='')}")
    response.headers["Cache-Control"] = "no-store"
    return page.protect(response)
