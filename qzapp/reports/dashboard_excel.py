"""The dashboards' tables as workbooks (台账 are kept in Excel): a node's children with its own
part and its total, the people of a node, and one person's annual report (述职): their year's
figures and the records behind them."""
from .. import xlsx
from ..i18n import t
from . import records
from .dashboard_rules import NAMES, PERSON_FIGURES, RATES

RATE_NAMES = tuple(name for name, _, _ in RATES)
ANNUAL_LISTS = ("diaries", "cases_received", "cases_closed", "households_paired",
                "duty_minutes", "leader_days", "receptions")
ANNUAL_ROWS = 5000


def _headers(first, names):
    return [*first, *(t(f"dashboard.figure.{n}") for n in names)]


def _values(figures, names):
    return [figures.get(n) for n in names]


def _filename(node_name, period, what):
    return f"{node_name}-{t(what)}-{period.first_month}-{period.last_month}.xlsx"


def children_book(node, period, answer):
    """The node's table: a row per child, its own part, and its total."""
    names = (*NAMES, *RATE_NAMES)
    with xlsx.new_workbook() as book:
        rows = [[child["node"]["name"], *_values(child["figures"], names)]
                for child in answer["children"]]
        rows.append([t("dashboard.own_part", name=node["name"]),
                     *_values(answer["own"], names)])
        rows.append([t("dashboard.total", name=node["name"]),
                     *_values(answer["figures"], names)])
        xlsx.add_sheet(book, t("dashboard.sheet.children"),
                       _headers([t("dashboard.column.node")], names), rows)
    return xlsx.send_workbook(book, _filename(node["name"], period, "dashboard.sheet.children"))


def people_book(node, period, items):
    """The people of a node with their figures."""
    names = (*PERSON_FIGURES, *RATE_NAMES)
    with xlsx.new_workbook() as book:
        xlsx.add_sheet(book, t("dashboard.sheet.people"),
                       _headers([t("dashboard.column.person"), t("dashboard.column.node"),
                                 t("dashboard.column.roles")], names),
                       ([p["name"], p["node_name"],
                         "、".join(t(f"role.{r}") for r in p["roles"]),
                         *_values(p["figures"], names)] for p in items))
    return xlsx.send_workbook(book, _filename(node["name"], period, "dashboard.sheet.people"))


def annual_book(db, person, item, period, today):
    """A person's year: a sheet of figures, then a sheet of records per figure that has any."""
    names = (*PERSON_FIGURES, *RATE_NAMES)
    with xlsx.new_workbook() as book:
        xlsx.add_sheet(book, t("dashboard.sheet.annual"),
                       [t("dashboard.column.figure"), t("dashboard.column.value")],
                       [[t("dashboard.column.person"), person["name"]],
                        [t("dashboard.column.node"), person["node_name"]],
                        [t("dashboard.column.year"), period.first.year],
                        *([t(f"dashboard.figure.{n}"), item["figures"].get(n)] for n in names)])
        for figure in ANNUAL_LISTS:
            if not item["figures"].get(figure):
                continue
            found, _ = records.page(db, figure, None, None, person["id"], period, today,
                                    ANNUAL_ROWS, 0)
            xlsx.add_sheet(book, t(f"dashboard.figure.{figure}"),
                           [t("dashboard.column.at"), t("dashboard.column.title"),
                            t("dashboard.column.node"), t("dashboard.column.detail")],
                           ([r.get("at"), r.get("title"), r.get("node_name"),
                             _detail(r)] for r in found))
    return xlsx.send_workbook(book, f"{person['name']}-{t('dashboard.sheet.annual')}-"
                                    f"{period.first.year}.xlsx")


def _detail(row):
    """What a record's line says besides its time, title and place."""
    if row["kind"] == "case":
        return " ".join(filter(None, (t(f"appeal.category.{row['category']}"),
                                      t(f"case.status.{row['status']}"))))
    if row["kind"] == "diary":
        return t(f"diary.kind.{row['diary_kind']}")
    if row["kind"] == "duty_hours":
        return t("dashboard.minutes", minutes=row["minutes"])
    if row["kind"] == "leader":
        return str(row.get("value"))
    return None
