"""Reading and writing .xlsx workbooks (openpyxl): uploads checked before they are parsed,
rows keyed by their column titles, every problem a clear 4xx."""
import contextlib
import re
import tempfile
import zipfile

import openpyxl
from flask import request, send_file
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .errors import ApiError
from .i18n import t
from .validate import trimmed

MAX_COLUMNS = 50
MAX_LISTED_ERRORS = 1000   # a wholly wrong file is better fixed from its first errors
MAX_UNPACKED_BYTES = 100 * 1024 * 1024   # 100,000 households take about 55 MB of XML
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
BOLD = Font(bold=True)


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


def check_upload(path):
    """A clear 400 for a saved upload that is no .xlsx, 413 for one that would unpack into
    too much XML; cheap (the zip's directory only), so it runs before a job is started."""
    unpacked = _unpacked_size(path)
    if unpacked is None:
        raise ApiError(400, t("import.bad_file"), "import_bad_file")
    if unpacked > MAX_UNPACKED_BYTES:   # a small zip can hold gigabytes of XML
        raise ApiError(413, t("error.too_large"), "too_large")


@contextlib.contextmanager
def open_workbook(path):
    """The .xlsx at path opened read-only: rows are streamed from the file as they are read,
    so memory holds its shared strings and a row at a time; a 400 when it cannot be read."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:   # a damaged file fails inside openpyxl in many different ways
        raise ApiError(400, t("import.bad_file"), "import_bad_file") from exc
    try:
        yield book
    finally:
        book.close()


def estimated_rows(book, title):
    """About how many data rows a sheet has (blank ones too), for a progress bar: its
    <row> elements counted in the XML as it unpacks (a second or so for 100,000 rows),
    since many writers record no dimensions, or wrong ones."""
    if title not in book.sheetnames:
        return None
    rows, tail = 0, b""
    with book[title]._get_source() as xml:   # openpyxl's own handle on the sheet's XML
        while chunk := xml.read(1 << 20):
            rows += len(_ROW_TAG.findall(tail + chunk)) - len(_ROW_TAG.findall(tail))
            tail = chunk[-16:]
    return max(0, rows - 1)


def sheet_rows(book, title, sheet):
    """(row number, {key: text}) of each non-blank row of the sheet title (a Sheet says its
    columns), streamed; a 400 for missing columns, too many rows or a damaged file, raised
    when reading reaches them; none when the sheet is absent."""
    if title not in book.sheetnames:
        return
    worksheet = book[title]
    worksheet.reset_dimensions()   # some writers record wrong dimensions; never trust them
    header = [cell_text(v) for v in next(_read(worksheet.iter_rows(max_row=1,
                                                                   values_only=True)), ())]
    width = min(len(header), MAX_COLUMNS) or 1
    position, count = None, 0
    rows = worksheet.iter_rows(min_row=2, max_col=width, values_only=True)
    for number, values in enumerate(_read(rows), start=2):
        values = [cell_text(v) for v in values]
        if not any(values):
            continue
        count += 1
        if count > sheet.max_rows:
            raise ApiError(400, t("import.too_many_rows", sheet=title, max=sheet.max_rows),
                           "import_too_many_rows")
        position = position or _positions(title, sheet, header[:width])
        yield number, {key: values[i] if i is not None and i < len(values) else None
                       for key, i in position.items()}


def read_workbook(path, spec):
    """{sheet: [(row number, {key: text})]} of the .xlsx at path, for spec {title: Sheet};
    a clear 400 when unusable or without data."""
    with open_workbook(path) as book:
        sheets = {title: list(sheet_rows(book, title, spec[title])) for title in spec}
    sheets = {title: rows for title, rows in sheets.items() if rows}
    if not sheets:
        raise ApiError(400, t("import.no_data"), "import_empty")
    return sheets


def _unpacked_size(path):
    """The total size of a zip's members once unpacked; None when the file is no zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return None


def _read(rows):
    """openpyxl's rows, a damaged file's failure (in many different ways) a clear 400."""
    try:
        yield from rows
    except Exception as exc:
        raise ApiError(400, t("import.bad_file"), "import_bad_file") from exc


def _positions(title, sheet, header):
    """{key: index of its column, or None}; a 400 naming the missing required columns."""
    titles = [(h or "").rstrip("*＊").strip() for h in header]
    missing = ["/".join(group) for group in sheet.required
               if not any(column in titles for column in group)]
    if missing:
        errors = [{"sheet": title, "row": 1, "field": column,
                   "message": t("import.missing_column")} for column in missing]
        raise ApiError(400, t("import.missing_columns", sheet=title, columns="、".join(missing)),
                       "import_columns", errors)
    return {key: titles.index(column) if column in titles else None
            for column, key in sheet.columns.items()}


def uploaded_file():
    """The stream of the request's "file" upload, or a 400 asking for one."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ApiError(400, t("import.no_file"), "import_no_file",
                       [{"field": "file", "message": t("field.required")}])
    return upload.stream


def invalid_rows(errors, total=None):
    """The 400 of an import with bad rows: the first MAX_LISTED_ERRORS and how many (total,
    when errors holds only the first)."""
    total = len(errors) if total is None else total
    return ApiError(400, t("import.invalid", count=total), "import_invalid",
                    errors[:MAX_LISTED_ERRORS], errors_total=total)


@contextlib.contextmanager
def new_workbook():
    """A write-only workbook to fill, whose rows go to disk as they come; should filling it
    fail, the temporary files of its sheets are removed (openpyxl removes them when it saves)."""
    book = openpyxl.Workbook(write_only=True)
    try:
        yield book
    except BaseException:
        _discard(book)
        raise


class SheetWriter:
    """A sheet of a write-only workbook, written a row at a time: a bold header row kept in
    view, text_columns formatted as text, and every string written as text."""

    def __init__(self, book, title, headers, text_columns=(), width=None):
        self.sheet = book.create_sheet(title)
        self._text = tuple(header in text_columns for header in headers)
        # A write-only sheet takes its columns and panes before its first row, never after.
        for index, (header, text) in enumerate(zip(headers, self._text), start=1):
            column = self.sheet.column_dimensions[get_column_letter(index)]
            column.width = width or max(10, min(40, len(header) * 4))
            if text:   # cells typed in later stay text too (no 1.38E+10)
                column.number_format = "@"
        self.sheet.freeze_panes = "A2"
        self.sheet.append([text_cell(self.sheet, header, font=BOLD) for header in headers])

    def append(self, values):
        """Write one row, its values in the order of the headers."""
        self.sheet.append([_cell(self.sheet, value, text)
                           for value, text in zip(values, self._text, strict=True)])


def add_sheet(book, title, headers, rows=(), text_columns=(), width=None):
    """A SheetWriter of book (see new_workbook), with rows (any iterable, read once, never
    held whole) written into it."""
    writer = SheetWriter(book, title, headers, text_columns, width)
    for row in rows:
        writer.append(row)
    return writer


def _cell(sheet, value, text_column):
    """What to append for one value. A string loses the control characters a workbook cannot
    hold and stays text whatever it looks like: "=1+1" is no formula, "#N/A" no error."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value:
        return None   # no cell at all, rather than an empty one
    if text_column:
        return text_cell(sheet, value, number_format="@")
    if value[:1] in ("=", "#"):
        return text_cell(sheet, value)
    return value   # openpyxl writes a plain string as text itself, at less cost than a cell


def text_cell(sheet, value, **style):
    """A cell of a write-only sheet holding the string value as text, styled by style
    (font=, number_format=, alignment=)."""
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def send_workbook(book, filename):
    """Answer the workbook as a download, saved into an unnamed temporary file that is
    streamed and gone once the answer is closed: memory holds no copy of it."""
    out = tempfile.TemporaryFile()   # noqa: SIM115  (send_file closes it)
    try:
        book.save(out)
    except BaseException:
        out.close()
        _discard(book)
        raise
    size = out.tell()
    out.seek(0)
    response = send_file(out, mimetype=XLSX, as_attachment=True, download_name=filename)
    response.content_length = size
    response.headers["Cache-Control"] = "no-store"
    return response


def _discard(book):
    """Close the sheets of an unfinished write-only workbook and remove their files."""
    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)   # a write-only sheet's temporary file
        if writer is None:
            continue
        with contextlib.suppress(Exception):   # a sheet that failed may not close cleanly
            sheet.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()
