"""The pledges on a community's public board (民情公开栏): this year's, each with its member's
name masked (张*), its text and the month it is due, and 已践诺 once the staff confirmed it —
never a full name, a phone or a date."""
from ..clock import today
from ..i18n import t
from ..privacy import mask_name
from ..public import board
from . import queries
from .pledges import due_month

# A board stays a page a phone loads quickly: the first pledges by due date, and the count.
BOARD_PLEDGES = 100


@board.section
def pledges_section(db, village):
    """A community's pledges of this year as its board shows them; None for a village (only
    communities have registered members) or a community with none."""
    if village.get("subtype") != "community":
        return None
    year = today().year
    total, confirmed, rev = queries.board_pledge_counts(db, village["id"], year)
    if not total:
        return None
    items = []
    for row in queries.board_pledges(db, village["id"], year, BOARD_PLEDGES):
        item = t("duty.board.item", name=mask_name(row["member_name"]) or "",
                 text=row["text"], month=due_month(row["due_on"]))
        if row["status"] == "confirmed":
            item += t("duty.board.kept")
        items.append(item)
    return {"title": t("duty.board.title", year=year, total=total, confirmed=confirmed or 0),
            "items": items, "version": (year, total, confirmed, rev)}
