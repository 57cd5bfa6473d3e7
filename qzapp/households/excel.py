"""The household register in Excel: export what the user may see (masked as they see it),
import rows into the register all or none, each bad row reported."""
import datetime as dt
import re

import openpyxl

from .. import xlsx
from ..db import immediate
from ..i18n import t
from ..ids import new_id
from ..sync import store
from ..sync.registry import Reject
from . import queries
from .entity import HOUSEHOLD

SHEET, PAIRINGS_SHEET = "户籍", "结对"
# Column titles are the file format, so they are Chinese whatever the UI language.
COLUMNS = {"所属组织编码": "node_code", "所属组织名称": "node_name", "户主": "head_name",
           "困难类型": "difficulty_type", "需求": "needs", "地址": "address", "电话": "phone",
           "身份证号": "id_number", "家庭成员": "members"}
REQUIRED = (("所属组织编码", "所属组织名称"), ("户主",), ("困难类型",))
SPEC = {SHEET: xlsx.Sheet(COLUMNS, REQUIRED, max_rows=5000)}
DIFFICULTY_NAMES = {"illness": "因病", "disability": "因残", "elderly_alone": "空巢独居老人",
                    "left_behind_children": "留守儿童", "low_income": "低收入",
                    "disaster": "因灾", "other": "其他"}
DIFFICULTY_CODES = {name: code for code, name in DIFFICULTY_NAMES.items()}
ROTATION_NAMES = {"ok": "正常", "due": "应轮换", "overdue": "超期未轮换"}
FIELD_COLUMNS = {key: title for title, key in COLUMNS.items()}
FIELD_COLUMNS["node_id"] = "所属组织名称"
MEMBER = re.compile(r"^(?P<name>[^(（]+)(?:[(（](?P<relation>[^,，)）]*)"
                    r"(?:[,，]\s*(?P<year>\d{4}))?[)）])?$")
TEXT_COLUMNS = {"所属组织编码", "电话", "身份证号"}


def export(db, user, today, subtree=None):
    """A workbook of the households and open pairings the user may see."""
    households = queries.households(db, user, today, subtree)
    names = queries.node_names_and_codes(db)
    book = openpyxl.Workbook()
    book.remove(book.active)
    xlsx.add_sheet(book, SHEET, [*COLUMNS, "结对干部", "结对开始", "轮换"],
                   [_household_row(h, names) for h in households], TEXT_COLUMNS)
    xlsx.add_sheet(book, PAIRINGS_SHEET, ["户主", "结对干部", "开始日期", "计划结束", "轮换"],
                   [[h["head_name"], h["pairing"]["cadre_name"], h["pairing"]["start_date"],
                     h["pairing"]["planned_end_date"], ROTATION_NAMES[h["pairing"]["rotation"]]]
                    for h in households if h["pairing"]])
    return book


def _household_row(h, names):
    name, code = names[h["node_id"]]
    members = "；".join(_member_text(m) for m in h["members"])
    pairing = h["pairing"] or {}
    return [code, name, h["head_name"], DIFFICULTY_NAMES[h["difficulty_type"]], h["needs"],
            h["address"], h["phone"], h["id_number"], members, pairing.get("cadre_name"),
            pairing.get("start_date"), ROTATION_NAMES.get(pairing.get("rotation"))]


def _member_text(member):
    """张三（配偶，1965）, 张三（配偶）, 张三（，1965） or 张三."""
    relation, year = member.get("relation") or "", member.get("birth_year")
    if not relation and not year:
        return member["name"]
    return f"{member['name']}（{relation}{f'，{year}' if year else ''}）"


def import_rows(db, user, upload):
    """Add every row of the 户籍 sheet to the register, or none; returns how many."""
    rows = xlsx.read_workbook(upload, SPEC).get(SHEET, [])
    errors = []
    with immediate(db):   # an error raised inside rolls every row back
        for number, cells in rows:
            errors += [{"sheet": SHEET, "row": number, **e}
                       for e in _import_row(db, user, cells)]
        if errors:
            raise xlsx.invalid_rows(errors)
    return len(rows)


def _import_row(db, user, cells):
    """Store one row; its problems as [{field, message}] with column titles as fields."""
    problems = []
    node = _node(db, user, cells, problems)
    difficulty = DIFFICULTY_CODES.get(cells["difficulty_type"], cells["difficulty_type"])
    members = _members(cells["members"], problems)
    if problems:
        return problems
    data = {"node_id": node["id"], "head_name": cells["head_name"], "members": members,
            "difficulty_type": difficulty, "needs": cells["needs"], "address": cells["address"],
            "phone": cells["phone"], "id_number": cells["id_number"]}
    try:
        row = HOUSEHOLD.prepare(db, user, data, None)
    except Reject as reject:
        return [{"field": FIELD_COLUMNS.get(e["field"], e["field"]), "message": e["message"]}
                for e in reject.errors] or [{"field": "", "message": reject.reason}]
    store.save(db, user, HOUSEHOLD, new_id(), None, row)
    return []


def _node(db, user, cells, problems):
    """The village or grid a row names by code or by (unique) name in the user's scope."""
    if cells["node_code"]:
        node = queries.node_by_code(db, user.scope, cells["node_code"])
    elif cells["node_name"]:
        found = queries.villages_and_grids_named(db, user.scope, cells["node_name"])
        node = found[0] if len(found) == 1 else None
    else:
        problems.append({"field": "所属组织名称", "message": t("field.required")})
        return None
    if node is None:
        problems.append({"field": "所属组织编码" if cells["node_code"] else "所属组织名称",
                         "message": t("field.node_out_of_scope")})
    return node


def _members(text, problems):
    """'张三（配偶，1965）；李四（子，1990）' as member records."""
    members = []
    for part in filter(None, (p.strip() for p in re.split(r"[;；\n]", text or ""))):
        match = MEMBER.match(part)
        if match is None:
            message = t("household.members_cell", part=part)
            problems.append({"field": "家庭成员", "message": message})
            continue
        year = match["year"]
        members.append({"name": match["name"].strip(),
                        "relation": (match["relation"] or "").strip() or None,
                        "birth_year": int(year) if year else None})
    return members


def filename(prefix, today):
    """A download name with the date: 户籍台账-2026-11-26.xlsx."""
    return f"{prefix}-{today.isoformat() if isinstance(today, dt.date) else today}.xlsx"
