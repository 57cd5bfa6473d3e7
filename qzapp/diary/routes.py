"""HTTP for reading diaries online: a village's or one's own, filtered, and as Excel."""
from flask import request
from flask_login import current_user, login_required

from .. import paging, xlsx
from ..auth import current_scope
from ..auth.scope import requested_subtree
from ..clock import today
from ..db import get_db
from ..errors import invalid, ok
from ..i18n import t
from ..validate import Date
from . import bp, queries
from .entity import DIARY, KINDS

KIND_NAMES = {"visit": "走访", "evening_talk": "基层夜话", "group_activity": "群众活动",
              "meeting": "会议"}
EXPORT_COLUMNS = ["日期时间", "类型", "地点", "户主", "见到的人", "听到的民情", "做了什么",
                  "主题", "参加人数", "回访日期", "记录人"]


def _filtered(db, read, **extra):
    """The diaries the user may see, narrowed by ?node_id ?household_id ?kind ?from ?to ?mine,
    newest first, as read gives them: queries.diaries_page (a page of them), or
    queries.export_rows (every one, streamed)."""
    subtree = requested_subtree(db, current_scope())
    filters = {name: _checked(name, request.args[name]) for name in queries.FILTERS
               if request.args.get(name)}
    return read(db, current_user._get_current_object(), subtree=subtree, filters=filters,
                mine=request.args.get("mine") == "1", **extra)


def _checked(name, value):
    """A filter value that makes sense, or a 400 naming it."""
    try:
        if name in ("from", "to"):
            return Date().clean(value)
    except ValueError as exc:
        raise invalid(name, str(exc)) from None
    if name == "kind" and value not in KINDS:
        raise invalid(name, t("field.not_a_choice"))
    return value


@bp.get("/diaries")
@login_required
def list_diaries():
    """Diaries the user may see, newest first, with household and author names, a page at
    a time (?cursor= ?limit=; the export has them all at once)."""
    db = get_db()
    listed = _filtered(db, queries.diaries_page, page=paging.requested_page())
    user = current_user._get_current_object()
    diaries = [{**DIARY.view(db, user, r), "head_name": r["head_name"],
                "author_name": r["author_name"]} for r in listed.pop("items")]
    return ok(diaries=diaries, **listed)


@bp.get("/diaries/export.xlsx")
@login_required
def export_diaries():
    """The same list as an Excel workbook, every matching diary, written as it is read."""
    with xlsx.new_workbook() as book:
        xlsx.add_sheet(book, "民情日记", EXPORT_COLUMNS, map(_export_row, _filtered(
            get_db(), queries.export_rows)))
    return xlsx.send_workbook(book, f"民情日记-{today().isoformat()}.xlsx")


def _export_row(r):
    """A diary's row in the export."""
    return [r["occurred_at"][:16].replace("T", " "), KIND_NAMES[r["kind"]], r["place"],
            r["head_name"], r["people_met"], r["heard"], r["done"], r["topic"], r["attendance"],
            r["follow_up_date"], r["author_name"]]
