"""Exports in openpyxl's write-only mode: a few thousand rows checked cell by cell against the
database, masked as each reader sees them, text kept as text; set-based and streamed."""
import datetime as dt
import gc
import json
import tracemalloc
import uuid
from io import BytesIO
from urllib.parse import quote

import openpyxl
import pytest
from openpyxl.worksheet import _writer as openpyxl_writer

from qzapp import db as qzapp_db
from qzapp import xlsx
from qzapp.clock import today
from qzapp.diary.routes import KIND_NAMES
from qzapp.households import rules
from qzapp.households.excel import DIFFICULTY_NAMES, ROTATION_NAMES
from qzapp.privacy import mask_id_number, mask_name, mask_phone
from tests.factories import make_node, make_user

HOUSEHOLDS, DIARIES = 2400, 2000
STAMP = "2026-01-05T08:00:00.000Z"
# Values a workbook must keep as text: no formula, no error value, no number losing its zeros.
TRICKY = [("=1+1", "02888886666", "000104199001011230"),
          ("#N/A", "13812341234", "510104199001011230"),
          ("王建国", "13812341234", "510104199001011230")]
REGISTER_TEXT = ("所属组织编码", "电话", "身份证号")


@pytest.fixture
def county(db):
    """A county of HOUSEHOLDS households and DIARIES diaries (see build_county)."""
    return build_county(db, HOUSEHOLDS, DIARIES)


@pytest.fixture
def small_county(db):
    """A county of a few hundred households and diaries."""
    return build_county(db, 400, 400)


def build_county(db, households, diaries):
    """Two villages (the first with a grid), a supervisor, a keeper of each village's
    register, a cadre paired with every third household; households and diaries in bulk."""
    county = make_node(db, make_node(db), kind="county", name="县")
    township = make_node(db, county, kind="township", name="镇")
    village = make_node(db, township, kind="village", name="青山村", code="510101001001")
    grid = make_node(db, village, kind="grid", name="青山村一网格", code="510101001001001")
    other = make_node(db, township, kind="village", name="别村")
    people = {name: make_user(db, node, roles=[role], username=name, name=f"{name}名")
              for name, node, role in [("sup", county, "supervisor"), ("cadre", county, "cadre"),
                                       ("keeper", village, "village_staff"),
                                       ("keeper2", other, "village_staff")]}
    places = [village, grid, other]
    authors = {village["id"]: people["keeper"]["id"], grid["id"]: people["keeper"]["id"],
               other["id"]: people["keeper2"]["id"]}
    add_diaries(db, add_households(db, places, people["cadre"]["id"], households), authors,
                diaries)
    return {"places": places, "people": people, "village": village, "grid": grid,
            "county": county, "authors": authors}


def add_households(db, places, cadre, count, start=0):
    """count households spread over places, stored as the sync engine stores them (each with
    its change); every third paired with cadre, a few with a closed pairing or deleted."""
    seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM changes").fetchone()[0]
    households, pairings, changes, made = [], [], [], []
    for index in range(start, start + count):
        record_id, node = str(uuid.uuid4()), places[index % len(places)]["id"]
        head, phone, id_number = TRICKY[index // 3 % len(TRICKY)] if index < 30 else (
            "李王张刘陈"[index % 5] + "秀英建国玉兰"[index % 6] + str(index), f"138{index:08d}",
            f"510104{1950 + index % 60}0101{index % 10000:04d}")
        members = [] if index % 4 == 0 else [
            {"name": f"陈{index}", "relation": "配偶", "birth_year": 1960 + index % 30}]
        paired = cadre if index % 3 == 0 else None
        households.append((record_id, node, head, json.dumps(members, ensure_ascii=False),
                           rules.DIFFICULTY_TYPES[index % 7], "医疗救助\x01" if index % 5 else None,
                           f"{index % 9}组" if index % 2 else "", phone, id_number, seq,
                           int(index % 97 == 50), STAMP, STAMP))
        changes.append((seq, "household", record_id, node, None, paired))
        seq += 1
        for cadre_id, end in ([(paired, None)] if paired else []) + (
                [(cadre, "2025-06-01")] if index % 10 == 1 else []):   # closed: not listed
            days = (30, 400, 800)[index // 3 % 3]   # rotation ok, due, overdue
            started = (today() - dt.timedelta(days=days)).isoformat()
            pairings.append((str(uuid.uuid4()), record_id, node, cadre_id, started,
                             None if index % 2 else "2030-01-01", end, seq, STAMP, STAMP))
            changes.append((seq, "pairing", pairings[-1][0], node, None, paired))
            seq += 1
        made.append((record_id, node))
    db.conn.executemany("INSERT INTO households (id, node_id, head_name, members,"
                        " difficulty_type, needs, address, phone, id_number, rev, deleted,"
                        " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", households)
    db.conn.executemany("INSERT INTO pairings (id, household_id, node_id, cadre_id, start_date,"
                        " planned_end_date, end_date, rev, created_at, updated_at)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?)", pairings)
    add_changes(db, changes)
    return made


def add_diaries(db, households, authors, count):
    """count diaries, by the keeper of their village, most about a household."""
    seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM changes").fetchone()[0]
    rows, changes = [], []
    for index in range(count):
        household, node = households[index % len(households)]
        cadre = db.execute("SELECT handler_id FROM changes WHERE entity = 'household' AND"
                           " record_id = ? AND kind = 'upsert'", [household]).fetchone()[0]
        about = household if index % 4 else None
        kind = "visit" if index % 3 else "evening_talk"
        occurred = f"2026-{1 + index % 12:02d}-{1 + index % 28:02d}T{index % 24:02d}:00:00+08:00"
        rows.append((str(uuid.uuid4()), node, kind, occurred, about, f"{index}号院" if index % 2
                     else None, "=HYPERLINK(\"http://x\")" if index == 7 else f"反映{index}",
                     "修好\x01了", "村规民约" if kind == "evening_talk" else None,
                     35 if kind == "evening_talk" else None, seq, authors[node], STAMP, STAMP))
        changes.append((seq, "diary", rows[-1][0], node, authors[node], about and cadre))
        seq += 1
    db.conn.executemany("INSERT INTO diaries (id, node_id, kind, occurred_at, household_id,"
                        " place, heard, done, topic, attendance, rev, created_by, created_at,"
                        " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    add_changes(db, changes)


def add_changes(db, rows):
    with db.conn:
        db.conn.executemany("INSERT INTO changes (seq, entity, record_id, kind, node_id,"
                            " owner_id, handler_id, at) VALUES (?, ?, ?, 'upsert', ?, ?, ?, ?)",
                            [(*row, STAMP) for row in rows])


def sheet_cells(response, title):
    """The data rows of a sheet of a downloaded workbook, as cells."""
    book = openpyxl.load_workbook(BytesIO(response.data))
    return list(book[title].iter_rows(min_row=2))


def values(rows):
    """The values of rows of cells."""
    return [tuple(cell.value for cell in row) for row in rows]


def expected_register(db, county, username):
    """The 户籍 and 结对 rows the user should get, from the database, masked unless the user
    keeps the household's register or is its paired cadre."""
    user = county["people"][username]
    kept = {county["village"]["id"], county["grid"]["id"]} if username == "keeper" else set()
    where = {"sup": "1", "keeper": f"h.node_id IN ({','.join(map(str, kept))})",
             "cadre": f"p.cadre_id = {user['id']}"}[username]
    register, pairings = [], []
    for (node_id, head, members, difficulty, needs, address, phone, id_number, code, node,
         cadre, cadre_id, start, end) in db.execute(
            "SELECT h.node_id, h.head_name, h.members, h.difficulty_type, h.needs, h.address,"
            " h.phone, h.id_number, n.code, n.name, u.name, p.cadre_id, p.start_date,"
            " p.planned_end_date FROM households h JOIN org_nodes n ON n.id = h.node_id"
            " LEFT JOIN pairings p ON p.household_id = h.id AND p.end_date IS NULL"
            " LEFT JOIN users u ON u.id = p.cadre_id"
            f" WHERE h.deleted = 0 AND {where} ORDER BY h.node_id, h.head_name, h.id"):
        full = node_id in kept or cadre_id == user["id"]
        shown = (lambda v: v) if full else mask_name
        head = shown(head)
        members = "；".join(f"{shown(m['name'])}（{m['relation']}，{m['birth_year']}）"
                           for m in json.loads(members)) or None
        rotation = start and ROTATION_NAMES[rules.rotation_status(start, today())]
        register.append((code, node, head, DIFFICULTY_NAMES[difficulty], needs and "医疗救助",
                         address or None, phone if full else mask_phone(phone),
                         id_number if full else mask_id_number(id_number), members, cadre,
                         start, rotation))
        if start:
            pairings.append((head, cadre, start, end, rotation))
    return register, pairings


@pytest.mark.parametrize("username", ["sup", "keeper", "cadre"])
def test_register_export_is_the_database_as_the_user_sees_it(api, db, county, username):
    api.login(username)
    response = api.get("/api/households/export.xlsx")
    assert response.status_code == 200
    register, pairings = expected_register(db, county, username)
    book = openpyxl.load_workbook(BytesIO(response.data))
    cells = list(book["户籍"].iter_rows(min_row=2))
    assert len(register) > 500 and values(cells) == register
    assert values(book["结对"].iter_rows(min_row=2)) == pairings
    titles = [c.value for c in book["户籍"][1]]
    text = [titles.index(title) for title in REGISTER_TEXT]
    for row in cells:   # every string a text cell; code, phone and ID formatted as text too
        assert all(c.data_type == "s" for c in row if isinstance(c.value, str))
        assert all(row[i].number_format == "@" for i in text if row[i].value)


def test_tricky_values_stay_text(api, county):
    api.login("keeper")
    cells = sheet_cells(api.get("/api/households/export.xlsx"), "户籍")
    found = {row[2].value: row for row in cells}
    formula, error = found["=1+1"], found["#N/A"]
    assert (formula[2].data_type, formula[7].value, formula[7].data_type) == (
        "s", "000104199001011230", "s")
    assert (formula[6].value, error[2].data_type) == ("02888886666", "s")
    assert (found["王建国"][6].value, found["王建国"][7].value) == (
        "13812341234", "510104199001011230")   # in full for a keeper of its register
    api.as_user("sup")
    masked = {(row[2], row[6], row[7]) for row in values(sheet_cells(
        api.get("/api/households/export.xlsx"), "户籍"))}
    assert {("王*", "138****1234", "5101**********1230"), ("=*", "028****6666",
            "0001**********1230"), ("#*", "138****1234", "5101**********1230")} <= masked


@pytest.mark.parametrize("username", ["sup", "keeper"])
def test_diary_export_is_the_database_as_the_user_sees_it(api, db, county, username):
    api.login(username)
    response = api.get("/api/diaries/export.xlsx")
    assert response.status_code == 200
    kept = {county["village"]["id"], county["grid"]["id"]}
    where = "1" if username == "sup" else f"d.node_id IN ({','.join(map(str, kept))})"
    expected = [
        (occurred[:16].replace("T", " "), KIND_NAMES[kind], place,
         head and (head if username == "keeper" else mask_name(head)), None, heard, "修好了",
         topic, attendance, None, author)
        for occurred, kind, place, head, heard, topic, attendance, author in db.execute(
            "SELECT d.occurred_at, d.kind, d.place, h.head_name, d.heard, d.topic, d.attendance,"
            " u.name FROM diaries d JOIN users u ON u.id = d.created_by LEFT JOIN households h"
            f" ON h.id = d.household_id WHERE {where} ORDER BY d.occurred_at DESC, d.id DESC")]
    cells = sheet_cells(response, "民情日记")
    assert len(expected) > 1000 and values(cells) == expected
    assert all(c.data_type == "s" for row in cells for c in row if isinstance(c.value, str))


def test_downloads_are_named_sized_and_never_cached(api, county):
    api.login("sup")
    for url, name in (("/api/households/export.xlsx", "户籍台账"),
                      ("/api/diaries/export.xlsx", "民情日记")):
        response = api.get(url)
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Length"] == str(len(response.data))
        assert quote(f"{name}-{today().isoformat()}.xlsx") in response.headers[
            "Content-Disposition"]


def statements_and_peak(api, url, trace_memory=False):
    """How many SQL statements an export runs, and the peak of Python's memory meanwhile."""
    conn = qzapp_db._per_thread.db.conn   # the request's connection (the same thread here)
    statements, peak = [], None
    conn.set_trace_callback(statements.append)
    if trace_memory:
        tracemalloc.start()
    try:
        api.get(url, buffered=False).close()
        if trace_memory:
            peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        conn.set_trace_callback(None)
    return len(statements), peak


def test_exports_are_set_based_and_streamed(api, db, small_county):
    """Four times the rows: not one SQL statement more per row (pairings, cadres and node
    names are joined, diaries' heads looked up 500 at a time), and no more memory."""
    api.login("sup")
    urls = households, diaries = ("/api/households/export.xlsx", "/api/diaries/export.xlsx")
    for url in urls:
        api.get(url)   # imports and caches warmed up
    before = {url: statements_and_peak(api, url, url == households) for url in urls}
    more = add_households(db, small_county["places"], small_county["people"]["cadre"]["id"],
                          1200, 400)
    add_diaries(db, more, small_county["authors"], 1200)
    after = {url: statements_and_peak(api, url, url == households) for url in urls}
    assert after[households][0] == before[households][0]
    assert after[diaries][0] - before[diaries][0] <= 1200 // 500 + 1
    # 1,200 more households held in memory would take more than a megabyte
    assert after[households][1] < before[households][1] + 256 * 1024, (before, after)


def test_writer_memory_stays_flat_as_rows_grow(app):
    def peak(count):
        tracemalloc.start()
        with app.test_request_context(), xlsx.new_workbook() as book:
            xlsx.add_sheet(book, "表", ["名", "数", "电话"], (
                (f"名{i}", i, f"138{i:08d}") for i in range(count)), {"电话"})
            xlsx.send_workbook(book, "x.xlsx").close()
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    peak(100)
    assert peak(8_000) < peak(2_000) * 1.5


def test_a_failed_export_leaves_no_file_behind(app):
    def rows():
        yield ["甲"]
        raise RuntimeError("the database went away")

    files = list(openpyxl_writer.ALL_TEMP_FILES)
    with pytest.raises(RuntimeError), xlsx.new_workbook() as book:
        xlsx.add_sheet(book, "表", ["名"], rows())
    gc.collect()
    assert files == openpyxl_writer.ALL_TEMP_FILES   # openpyxl's list of its sheets' files


def test_import_template_in_write_only_mode(api, db, small_county):
    make_user(db, small_county["county"], roles=["admin"], username="admin")
    api.login("admin")
    response = api.get("/api/org/import-template")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    book = openpyxl.load_workbook(BytesIO(response.data))
    nodes = book["组织"]
    assert book.sheetnames == ["组织", "用户", "说明"]
    assert all(cell.font.b for cell in nodes[1]) and nodes.freeze_panes == "A2"
    code = [c.value for c in nodes[1]].index("编码")
    assert (nodes[2][code].value, nodes[2][code].data_type, nodes[2][code].number_format) == (
        "510101001", "s", "@")
    lists = {str(v.sqref): v.formula1 for v in nodes.data_validations.dataValidation}
    assert len(lists) == 2 and any("乡镇街道" in formula for formula in lists.values())
    help_sheet = book["说明"]
    assert all(cell.font.b and cell.alignment.wrap_text for cell in help_sheet[4])
    assert help_sheet.column_dimensions["C"].width == 80
