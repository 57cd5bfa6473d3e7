"""HTTP for reading diaries online: a village's or one's own, filtered, and as Excel."""
import openpyxl
from flask import request
from flask_login import current_user, login_required

from .. import xlsx
from ..auth import current_scope
from ..auth.scope import scoped_get
from ..clock import today
from ..db import get_db
from ..errors import ApiError, ok
from ..i18n import t
from ..sync import changes
from ..validate import Date
from . import bp
from .entity import DIARY, KINDS

KIND_NAMES = {"visit": "走访", "evening_talk": "基层夜话", "group_activity": "群众活动",
              "meeting": "会议"}
EXPORT_COLUMNS = ["日期时间", "类型", "地点", "户主", "见到的人", "听到的民情", "做了什么",
                  "主题", "参加人数", "回访日期", "记录人"]


def _filtered(db):
    """The diaries the user may see, narrowed by ?node_id ?household_id ?kind ?from ?to ?mine."""
    user = current_user._get_current_object()
    where, params = changes.visible_sql(user)
    clauses, args = ["d.deleted = 0", where], list(params)
    if request.args.get("node_id"):
        node = scoped_get(db, current_scope(), "org_nodes",
                          request.args.get("node_id", type=int) or 0, column="id")
        clauses.append("d.node_id IN (SELECT id FROM org_nodes WHERE path >= ? AND path < ?)")
        args += [node["path"], node["path"][:-1] + "0"]
    for name, sql in (("household_id", "d.household_id = ?"), ("kind", "d.kind = ?"),
                      ("from", "substr(d.occurred_at, 1, 10) >= ?"),
                      ("to", "substr(d.occurred_at, 1, 10) <= ?")):
        value = request.args.get(name)
        if value:
            clauses.append(sql)
            args.append(_checked(name, value))
    if request.args.get("mine") == "1":
        clauses.append("d.created_by = ?")
        args.append(user.id)
    return list(db.query(
        f"SELECT d.*, h.head_name, u.name AS author_name FROM diaries d JOIN changes c ON"
        f" c.entity = 'diary' AND c.record_id = d.id AND c.kind = 'upsert'"
        f" LEFT JOIN households h ON h.id = d.household_id JOIN users u ON u.id = d.created_by"
        f" WHERE {' AND '.join(clauses)} ORDER BY d.occurred_at DESC LIMIT 2000", args))


def _checked(name, value):
    """A filter value that makes sense, or a 400 naming it."""
    try:
        if name in ("from", "to"):
            return Date().clean(value)
    except ValueError as exc:
        raise ApiError(400, t("error.validation"), "validation",
                       [{"field": name, "message": str(exc)}])
    if name == "kind" and value not in KINDS:
        raise ApiError(400, t("error.validation"), "validation",
                       [{"field": name, "message": t("field.not_a_choice")}])
    return value


@bp.get("/diaries")
@login_required
def list_diaries():
    """Diaries the user may see, newest first, with household and author names."""
    db = get_db()
    rows = _filtered(db)
    user = current_user._get_current_object()
    return ok(diaries=[{**DIARY.view(db, user, r), "head_name": r["head_name"],
                        "author_name": r["author_name"]} for r in rows])


@bp.get("/diaries/export.xlsx")
@login_required
def export_diaries():
    """The same list as an Excel workbook."""
    rows = _filtered(get_db())
    book = openpyxl.Workbook()
    book.remove(book.active)
    xlsx.add_sheet(book, "民情日记", EXPORT_COLUMNS, [
        [r["occurred_at"][:16].replace("T", " "), KIND_NAMES[r["kind"]], r["place"],
         r["head_name"], r["people_met"], r["heard"], r["done"], r["topic"], r["attendance"],
         r["follow_up_date"], r["author_name"]] for r in rows])
    return xlsx.send_workbook(book, f"民情日记-{today().isoformat()}.xlsx")
