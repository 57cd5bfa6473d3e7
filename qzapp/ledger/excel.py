"""The 台账 in Excel: the export in the layout offices keep (one row per case), streamed; and
the import of a historical backlog (历史积案), as a job, all rows or none with every bad row
named. Imported cases are received by the importer, flagged backlog, and accepted unless
their 状态 says 待受理."""
import datetime as dt

from .. import clock, xlsx
from ..errors import ApiError
from ..i18n import t
from ..ids import new_id
from ..privacy import mask_name, mask_phone
from ..validate import text_problem
from . import engine, queries, rules
from .entity import handles

EXPORT_SHEET = "民情台账"
EXPORT_COLUMNS = ["编号", "来源", "时间", "诉求人", "联系电话", "类别", "紧急程度", "内容",
                  "首办人", "责任单位", "期限", "状态", "办理情况", "办结时间", "满意度"]
TEXT_COLUMNS = ("编号", "联系电话")

IMPORT_SHEET = "历史积案"
MAX_IMPORT_ROWS = 20_000
IMPORT_COLUMNS = {"来源": "channel", "时间": "at", "诉求人": "person_name",
                  "联系电话": "person_phone", "类别": "category", "紧急程度": "urgency",
                  "内容": "text", "所属组织编码": "node_code", "所属组织名称": "node_name",
                  "状态": "status"}
REQUIRED = (("来源",), ("时间",), ("类别",), ("内容",), ("所属组织编码", "所属组织名称"))
SPEC = {IMPORT_SHEET: xlsx.Sheet(IMPORT_COLUMNS, REQUIRED, max_rows=MAX_IMPORT_ROWS)}
IMPORT_STATUSES = ("received", "in_progress")


def label(kind, value):
    """The Chinese name of a choice as the 台账 writes it (the catalogue's zh-CN text)."""
    return t(f"case.{kind}.{value}", lang="zh-CN") if value else None


def category_label(value):
    return t(f"appeal.category.{value}", lang="zh-CN")


def number_of(row):
    """The case's number on paper: the day it was received and the start of its id."""
    return f"{row['received_at'][:10].replace('-', '')}-{row['id'][:6].upper()}"


def export_row(db, user, row):
    """One case as a row of the 台账, the person masked unless the user handles the case."""
    shown = handles(db, user, {**row, "pending": None})
    progress = label("status", row["status"])
    if row["done"]:
        progress = f"{label('result', row['result'])}：{row['done']}"
    return [number_of(row), label("channel", row["channel"]),
            row["received_at"][:16].replace("T", " "),
            row["person_name"] if shown else mask_name(row["person_name"]),
            row["person_phone"] if shown else mask_phone(row["person_phone"]),
            category_label(row["category"]), label("urgency", row["urgency"]), row["text"],
            row["first_handler_name"], row["unit_name"], row["close_by"],
            label("status", row["status"]), progress,
            row["closed_at"][:16].replace("T", " ") if row["closed_at"] else None,
            label("satisfaction", row["satisfaction"])]


def export(db, user, subtree, filters, today, flags):
    """The workbook of every case the ledger list shows for these filters, written as read."""
    with xlsx.new_workbook() as book:
        sheet = xlsx.SheetWriter(book, EXPORT_SHEET, EXPORT_COLUMNS, TEXT_COLUMNS)
        for row in queries.export_rows(db, subtree, filters, today, **flags):
            sheet.append(export_row(db, user, row))
    return book


def template():
    """An empty import workbook with its header and one example row."""
    with xlsx.new_workbook() as book:
        sheet = xlsx.SheetWriter(book, IMPORT_SHEET, list(IMPORT_COLUMNS), ("联系电话",
                                                                             "所属组织编码"))
        sheet.append(["来访接待", "2024-03-15", "张某某", "13800000000", "土地", "一般",
                      "宅基地界址纠纷，多次调解未果", None, "某某村", "办理中"])
    return book


def _choices(kind, values):
    """{Chinese name: code} of a choice list."""
    if kind == "category":
        return {category_label(v): v for v in values}
    return {label(kind, v): v for v in values}


def _parse_at(text):
    """An imported time (a date, or a date and time) as an event's moment, or None."""
    if isinstance(text, str):
        text = text.strip().replace("/", "-")
    for form in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(text[:19], form)
        except (ValueError, TypeError):
            continue
        return moment.replace(tzinfo=clock.CHINA)
    return None


class Rows:
    """The rows of one backlog file, checked: the sound ones made ready, the problems of the
    others."""

    def __init__(self, db, user):
        self.db, self.user = db, user
        self.choices = {"channel": _choices("channel", rules.CHANNELS),
                        "category": _choices("category", rules.CATEGORIES),
                        "urgency": _choices("urgency", rules.URGENCIES),
                        "status": _choices("status", IMPORT_STATUSES)}
        nodes = queries.active_nodes_in(db, user.scope)
        self.by_code = {n["code"]: n for n in nodes if n["code"]}
        names = {}
        for n in nodes:
            names.setdefault(n["name"], []).append(n)
        self.by_name = names
        self.ready, self.errors = [], []
        self.now = clock.now()

    def check(self, number, cells):
        """Check one row; keep it ready or report what is wrong with it."""
        problems, data = [], {}
        for key, title, required in (("channel", "来源", True), ("category", "类别", True),
                                     ("urgency", "紧急程度", False),
                                     ("status", "状态", False)):
            value = cells.get(key)
            if value is None:
                if required:
                    problems.append((title, t("field.required")))
                continue
            if value not in self.choices[key]:
                problems.append((title, t("case.import.unknown_choice",
                                          choices="、".join(self.choices[key]))))
            else:
                data[key] = self.choices[key][value]
        for key, title, most, required in (("text", "内容", rules.TEXT_MAX, True),
                                           ("person_name", "诉求人", rules.PERSON_NAME_MAX,
                                            False),
                                           ("person_phone", "联系电话", rules.PERSON_PHONE_MAX,
                                            False)):
            value = cells.get(key)
            if value is None:
                if required:
                    problems.append((title, t("field.required")))
                continue
            problem = text_problem(value, lines=key == "text")
            if problem is None and len(value) > most:
                problem = t("field.too_long", max=most)
            if problem:
                problems.append((title, problem))
            data[key] = value
        at = _parse_at(cells.get("at"))
        if at is None:
            problems.append(("时间", t("case.import.bad_time")))
        elif at > self.now:
            problems.append(("时间", t("case.import.future_time")))
        node = self._node(cells, problems)
        if problems:
            self.errors += [{"sheet": IMPORT_SHEET, "row": number, "field": field,
                             "message": message} for field, message in problems]
            return
        data.update(node_id=node["id"], at=engine.local_iso(at), backlog=True)
        data.setdefault("urgency", "normal")
        self.ready.append(data)

    def _node(self, cells, problems):
        code, name = cells.get("node_code"), cells.get("node_name")
        if code:
            node = self.by_code.get(code)
            if node is None:
                problems.append(("所属组织编码", t("field.node_out_of_scope")))
            return node
        found = self.by_name.get(name or "", [])
        if len(found) != 1:
            problems.append(("所属组织名称", t("field.node_out_of_scope")))
            return None
        return found[0]


def run(db, user, path, progress):
    """The job: check every row, then write them all, or none and every bad row named (a 400
    raised); returns {"created": how many}."""
    rows = Rows(db, user)
    with xlsx.open_workbook(path) as book:
        progress.start("check", total=xlsx.estimated_rows(book, IMPORT_SHEET))
        for number, cells in xlsx.sheet_rows(book, IMPORT_SHEET, SPEC[IMPORT_SHEET]):
            rows.check(number, cells)
            progress.add("checked")
    if rows.errors:
        raise xlsx.invalid_rows(rows.errors)
    if not rows.ready:
        raise ApiError(400, t("case.import.no_data"), "import_empty")
    progress.set_total(len(rows.ready))
    return progress.write(lambda db: write(db, user, rows.ready, progress))


def write(db, user, ready, progress):
    """Receive each row as a case (and accept it unless it waits to be), as a phone would."""
    for data in ready:
        case_id, at, status = new_id(), data.pop("at"), data.pop("status", "in_progress")
        engine.record(db, user, case_id, "receive", {**data, "kind": "appeal"}, at)
        if status == "in_progress":
            engine.record(db, user, case_id, "accept", {}, at)
        progress.add("written")
    return {"created": len(ready)}
