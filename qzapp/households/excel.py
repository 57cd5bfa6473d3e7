"""The household register in Excel: export what the user may see (masked as they see it);
the file format that imports read back (importer.py)."""
import datetime as dt

from .. import xlsx
from . import queries, rules
from .entity import HOUSEHOLD

SHEET, PAIRINGS_SHEET = "户籍", "结对"
# Column titles are the file format, so they are Chinese whatever the UI language.
COLUMNS = {"所属组织编码": "node_code", "所属组织名称": "node_name", "户主": "head_name",
           "困难类型": "difficulty_type", "需求": "needs", "地址": "address", "电话": "phone",
           "身份证号": "id_number", "家庭成员": "members"}
DIFFICULTY_NAMES = {"illness": "因病", "disability": "因残", "elderly_alone": "空巢独居老人",
                    "left_behind_children": "留守儿童", "low_income": "低收入",
                    "disaster": "因灾", "other": "其他"}
ROTATION_NAMES = {"ok": "正常", "due": "应轮换", "overdue": "超期未轮换"}
TEXT_COLUMNS = {"所属组织编码", "电话", "身份证号"}
REGISTER_HEADERS = [*COLUMNS, "结对干部", "结对开始", "轮换"]
PAIRING_HEADERS = ["户主", "结对干部", "开始日期", "计划结束", "轮换"]


def export(db, user, today, subtree=None):
    """A write-only workbook of the households and open pairings the user may see, masked
    as they see them, written in one pass over the register: a row in memory at a time."""
    with xlsx.new_workbook() as book:
        register = xlsx.add_sheet(book, SHEET, REGISTER_HEADERS, text_columns=TEXT_COLUMNS)
        pairings = xlsx.add_sheet(book, PAIRINGS_SHEET, PAIRING_HEADERS)
        for row in queries.export_rows(db, user, subtree):
            household = HOUSEHOLD.view(db, user, row, row["_handles"])   # masks as seen
            rotation = row["pairing_start"] and ROTATION_NAMES[
                rules.rotation_status(row["pairing_start"], today)]
            register.append(_household_row(household, row, rotation))
            if rotation:
                pairings.append([household["head_name"], row["cadre_name"],
                                 row["pairing_start"], row["pairing_end"], rotation])
    return book


def _household_row(h, row, rotation):
    """The 户籍 row of a household as the user sees it (h), from its export row."""
    members = "；".join(_member_text(m) for m in h["members"])
    return [row["node_code"], row["node_name"], h["head_name"],
            DIFFICULTY_NAMES[h["difficulty_type"]], h["needs"], h["address"], h["phone"],
            h["id_number"], members, row["cadre_name"], row["pairing_start"], rotation]


def _member_text(member):
    """张三（配偶，1965）, 张三（配偶）, 张三（，1965） or 张三."""
    relation, year = member.get("relation") or "", member.get("birth_year")
    if not relation and not year:
        return member["name"]
    return f"{member['name']}（{relation}{f'，{year}' if year else ''}）"


def filename(prefix, today):
    """A download name with the date: 户籍台账-2026-11-26.xlsx."""
    return f"{prefix}-{today.isoformat() if isinstance(today, dt.date) else today}.xlsx"
