"""The leaders' coming public receptions on a village's or community's public board
(民情公开栏): those announced as public, held at the village or at its township or county, in
the next weeks — when, where, which leader of which unit (a leader's public reception is
announced by name), and the topic."""
import datetime as dt

from .. import clock
from ..i18n import t
from ..public import board
from . import queries, rules

BOARD_RECEPTIONS = 20


@board.section
def receptions_section(db, village):
    """A village's coming public receptions as its board shows them; None when none."""
    now = clock.now().astimezone(clock.CHINA)
    until = now + dt.timedelta(days=rules.BOARD_RECEPTION_DAYS)
    places = [int(part) for part in village["path"].strip("/").split("/")]
    rows = queries.board_receptions(db, places, now.isoformat(timespec="seconds"),
                                    until.isoformat(timespec="seconds"), BOARD_RECEPTIONS)
    if not rows:
        return None
    items = []
    for row in rows:
        start = dt.datetime.fromisoformat(row["starts_at"]).astimezone(clock.CHINA)
        item = t("leaders.board.item", when=start.strftime("%m-%d %H:%M"), place=row["place"],
                 leader=row["leader_name"], unit=row["unit"],
                 kind=t(f"leaders.reception.kind.{row['kind']}"))
        if row["topic"]:
            item += t("leaders.board.topic", topic=row["topic"])
        items.append(item)
    # A reception that began drops off the board: the day is part of the version.
    version = (now.date().isoformat(), now.hour, [(r["id"], r["rev"]) for r in rows])
    return {"title": t("leaders.board.title"), "items": items, "version": version}
