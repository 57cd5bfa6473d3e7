"""HTTP for importing the org tree and accounts, and the .xlsx format: reading it, the template."""
from flask import request
from flask_login import current_user
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import jobs, xlsx
from ..auth import current_scope, roles_required
from ..errors import ok
from ..i18n import t
from . import bp, importer, tree

# One example row per sheet; 示范县 is the demo county, elsewhere it points nowhere, so a
# forgotten example row fails the import instead of creating a stray node.
EXAMPLES = {
    importer.NODES: {"上级名称": "示范县", "名称": "青山镇", "类型": "乡镇街道", "子类型": "乡镇",
                     "编码": "510101001"},
    importer.USERS: {"用户名": "zhangsan", "姓名": "张三", "手机": "13800000000",
                     "所属组织编码": "510101001", "角色": "机关干部、网格员"},
}
TEXT_COLUMNS = {"上级编码", "编码", "手机", "所属组织编码"}   # keep leading zeros, no 1.38E+10
HELP_KEYS = {
    importer.NODES: {"上级编码": "parent_code", "上级名称": "parent_name", "名称": "node_name",
                     "类型": "kind", "子类型": "subtype", "编码": "code"},
    importer.USERS: {"用户名": "username", "姓名": "user_name", "手机": "phone",
                     "所属组织编码": "node_code", "所属组织名称": "node_name_ref", "角色": "roles"},
}


@bp.post("/org/import")
@roles_required("admin")
def import_workbook():
    """Start importing nodes and accounts from the uploaded .xlsx into the admin's subtree,
    all or none (dry_run=1: only check), as a job: answered 202 at once; GET /api/jobs/<id>
    tells how it goes and, once done, the new accounts' temporary passwords."""
    stream = xlsx.uploaded_file()
    dry_run = request.form.get("dry_run", "") in ("1", "true")
    actor, scope = current_user._get_current_object(), current_scope()
    # A check writes nothing: it never waits for an import, nor an import for it.
    kind = "org_import_check" if dry_run else "org_import"
    job = jobs.start(kind, actor, lambda db, progress, path: importer.run(
        db, actor.id, scope, path, progress, dry_run), stream, check=xlsx.check_upload)
    return ok(202, job=job)


@bp.get("/org/import-template")
@roles_required("admin")
def import_template():
    """The .xlsx template: both sheets with headers and an example row, and a 说明 sheet."""
    return xlsx.send_workbook(template_workbook(), t("import.template_filename"))


def template_workbook():
    """Build the template workbook (write-only, as every workbook the server sends)."""
    with xlsx.new_workbook() as book:
        for title, columns in importer.COLUMNS.items():
            sheet = xlsx.add_sheet(book, title, list(columns), text_columns=TEXT_COLUMNS,
                                   width=18)
            sheet.append([EXAMPLES[title].get(column) for column in columns])
        _add_choice_lists(book[importer.NODES])
        _add_help(book.create_sheet("说明"))
    return book


def _add_choice_lists(sheet):
    """Drop-down lists for the 类型 and 子类型 columns."""
    last = importer.MAX_ROWS[importer.NODES] + 1
    titles = list(importer.COLUMNS[importer.NODES])
    for column, names in (("类型", importer.KIND_NAMES), ("子类型", importer.SUBTYPE_NAMES)):
        letter = get_column_letter(titles.index(column) + 1)
        check = DataValidation(type="list", formula1=f'"{",".join(names)}"', allow_blank=True)
        check.add(f"{letter}2:{letter}{last}")
        sheet.data_validations.append(check)   # a write-only sheet has no add_data_validation


def _add_help(sheet):
    """The 说明 sheet: what each column takes, in the request's language."""
    values = {
        "kinds": "、".join(importer.KIND_NAMES),
        "roles": "、".join(n for n in importer.ROLE_NAMES if n not in ("村干部", "社区干部")),
        "township": "、".join(_subtype_names("township")),
        "village": "、".join(_subtype_names("village")),
        "party_org": "、".join(_subtype_names(tree.PARTY_ORG)),
        "max_nodes": importer.MAX_ROWS[importer.NODES],
        "max_users": importer.MAX_ROWS[importer.USERS],
    }
    for letter, width in (("A", 10), ("B", 16), ("C", 80)):   # before the first row
        sheet.column_dimensions[letter].width = width
    sheet.append([t("import.help.intro", **values)])
    sheet.append([t("import.help.passwords")])
    sheet.append([])
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([xlsx.text_cell(sheet, t(f"import.help.head_{key}"), font=xlsx.BOLD,
                                 alignment=wrap) for key in ("sheet", "column", "text")])
    for title, keys in HELP_KEYS.items():
        for column, key in keys.items():
            sheet.append([xlsx.text_cell(sheet, text, alignment=wrap) for text in (
                title, column, t(f"import.help.{key}", **values))])


def _subtype_names(kind):
    """The Chinese names of a kind's subtypes."""
    return [name for name, code in importer.SUBTYPE_NAMES.items() if code in tree.SUBTYPES[kind]]
