"""The 民情公开栏 (F4): the county's index of village boards, and one village's board — its
year in figures and the cases its staff published, a page at a time. Pages everyone sees
alike, rendered once per version of what they show and kept (page.cached_page)."""
from flask import request

from ..clock import today
from ..db import get_db
from ..ledger import publication
from . import bp, page
from .page import PublicError

# Cases a board shows a page: twenty summaries stay well under 30 KB on the line.
PAGE_SIZE = 20
MAX_PAGE = 10_000
# What a board shows besides the ledger (a village's duty posts and pledges, its leaders'
# public receptions): each a function (db, village) → {title, items, version} or None,
# registered by the feature that keeps it.
SECTIONS = []


def section(fn):
    """Register a board section (at import of the feature that keeps it)."""
    SECTIONS.append(fn)
    return fn


def village_row(db, node_id):
    """The active village or community a board belongs to; a 404 page when there is none."""
    village = publication.village(db, node_id)
    if village is None:
        raise PublicError(404, "public.no_board")
    return village


@bp.get("/board")
def index():
    """Every village's and community's board, by township."""
    db = get_db()
    villages, counts = publication.boards(db), publication.published_counts(db)
    version = repr([(v["id"], v["name"], v["township"], counts.get(v["id"], 0))
                    for v in villages])

    def context():
        townships = {}
        for village in villages:
            group = townships.setdefault(village["township_id"],
                                         {"name": village["township"], "villages": []})
            group["villages"].append({"id": village["id"], "name": village["name"],
                                      "published": counts.get(village["id"], 0)})
        return {"townships": list(townships.values())}

    return page.cached_page(version, "public/index.html", context)


@bp.get("/board/<int:node_id>")
def board(node_id):
    """One village's board: this year's figures of its ledger, its published cases newest
    first, and what other features show there."""
    db = get_db()
    village = village_row(db, node_id)
    number = _page_number()
    node_ids = publication.subtree_ids(db, village["path"])
    year = today().year
    sections = [shown for shown in (fn(db, village) for fn in SECTIONS) if shown]
    version = repr((village["name"], village["township"], number, year,
                    publication.board_version(db, node_ids),
                    [s.get("version") for s in sections]))

    def context():
        cases, total = publication.board_cases(db, node_ids, number, PAGE_SIZE)
        counts = publication.board_counts(db, node_ids, f"{year}-01-01")
        return {"village": village, "township": village["township"], "cases": cases,
                "page": number, "pages": max(1, -(-total // PAGE_SIZE)), "year": year,
                "counts": {**counts, "in_time_rate": _rate(counts["in_time"], counts["closed"]),
                           "satisfied_rate": _rate(counts["satisfied"], counts["rated"])},
                "sections": sections}

    return page.cached_page(version, "public/board.html", context)


def _page_number():
    value = request.args.get("page", "1")
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise PublicError(400, "public.bad_page")
    return int(value)


def _rate(part, whole):
    """A share as the board prints it (86%), or a dash when there is nothing to share."""
    return f"{round(100 * part / whole)}%" if whole else "—"
