"""Reading and writing .xlsx workbooks (openpyxl): uploads checked before they are parsed,
rows keyed by their column titles, every problem a clear 4xx."""
import io
import zipfile

import openpyxl
from flask import request, send_file
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .errors import ApiError
from .i18n import t
from .validate import trimmed

MAX_COLUMNS = 50
MAX_LISTED_ERRORS = 1000   # a wholly wrong file is better fixed from its first errors
MAX_UNPACKED_BYTES = 100 * 1024 * 1024   # 5,000 rows of text take a few MB of XML
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Sheet:
    """What a sheet of an upload must look like: titles to keys, required column groups."""

    def __init__(self, columns, required, max_rows):
        self.columns, self.required, self.max_rows = columns, required, max_rows


def cell_text(value):
    """A cell as trimmed text or None; whole numbers lose Excel's '.0' (13812345678.0)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return trimmed(str(value)) or None


def read_workbook(upload, spec):
    """{sheet: [(row number, {key: text})]} of an uploaded .xlsx, for spec {title: Sheet};
    a clear 400 when unusable."""
    data = io.BytesIO(upload.read())
    unpacked = _unpacked_size(data)
    if unpacked is None:
        raise ApiError(400, t("import.bad_file"), "import_bad_file")
    if unpacked > MAX_UNPACKED_BYTES:   # a small zip can hold gigabytes of XML
        raise ApiError(413, t("error.too_large"), "too_large")
    try:
        book = openpyxl.load_workbook(data, read_only=True, data_only=True)
        raw = {title: _raw_rows(book[title], spec[title].max_rows)
               for title in spec if title in book.sheetnames}
        book.close()
    except Exception as exc:   # a damaged file fails inside openpyxl in many different ways
        raise ApiError(400, t("import.bad_file"), "import_bad_file") from exc
    sheets = {title: _sheet_rows(title, spec[title], *raw[title]) for title in raw}
    sheets = {title: rows for title, rows in sheets.items() if rows}
    if not sheets:
        raise ApiError(400, t("import.no_data"), "import_empty")
    return sheets


def _unpacked_size(data):
    """The total size of a zip's members once unpacked; None when data is no zip."""
    try:
        with zipfile.ZipFile(data) as archive:
            return sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return None


def _raw_rows(sheet, limit):
    """The header and up to limit + 1 non-blank (row number, values) of a worksheet."""
    sheet.reset_dimensions()   # some writers record wrong dimensions; never trust them
    header = [cell_text(v) for v in next(sheet.iter_rows(max_row=1, values_only=True), ())]
    width = min(len(header), MAX_COLUMNS) or 1
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=width,
                                                    values_only=True), start=2):
        values = [cell_text(v) for v in values]
        if any(values):
            rows.append((number, values))
            if len(rows) > limit:
                break
    return header[:width], rows


def _sheet_rows(title, sheet, header, rows):
    """Rows as {key: text}; a 400 for missing columns or too many rows."""
    if not rows:
        return []
    if len(rows) > sheet.max_rows:
        raise ApiError(400, t("import.too_many_rows", sheet=title, max=sheet.max_rows),
                       "import_too_many_rows")
    titles = [(h or "").rstrip("*＊").strip() for h in header]
    missing = ["/".join(group) for group in sheet.required
               if not any(column in titles for column in group)]
    if missing:
        errors = [{"sheet": title, "row": 1, "field": column,
                   "message": t("import.missing_column")} for column in missing]
        raise ApiError(400, t("import.missing_columns", sheet=title, columns="、".join(missing)),
                       "import_columns", errors)
    columns = sheet.columns
    position = {columns[c]: titles.index(c) for c in columns if c in titles}
    return [(number, {key: values[position[key]] if key in position else None
                      for key in columns.values()}) for number, values in rows]


def uploaded_file():
    """The stream of the request's "file" upload, or a 400 asking for one."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ApiError(400, t("import.no_file"), "import_no_file",
                       [{"field": "file", "message": t("field.required")}])
    return upload.stream


def invalid_rows(errors):
    """The 400 of an import with bad rows: the first MAX_LISTED_ERRORS and how many."""
    return ApiError(400, t("import.invalid", count=len(errors)), "import_invalid",
                    errors[:MAX_LISTED_ERRORS], errors_total=len(errors))


def add_sheet(book, title, headers, rows, text_columns=()):
    """A sheet with a bold header row and rows of values; text_columns kept as text."""
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                      for v in row])   # control characters a workbook cannot hold
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":   # text such as "=1+1" stays text, never a formula
                cell.data_type = "s"
    for index, header in enumerate(headers, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(10, min(40, len(header) * 4))
        if header in text_columns:
            for cell in sheet[letter][1:]:
                cell.number_format = "@"
    return sheet


def send_workbook(book, filename):
    """Answer the workbook as a download."""
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    response = send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    return response
