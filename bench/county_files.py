"""The county benchmark's import and export phases: a township of households written as an
.xlsx (openpyxl write-only), imported through POST /api/households/import, then exported."""
import datetime as dt
import io
import json
import random
import time
import zipfile
from pathlib import Path

from county_kit import Memory, report

HOUSEHOLDS_PER_IMPORT_VILLAGE = 2000
IMPORT_TOWNSHIP = "导入测试镇"


def import_(ctx):
    """--import-rows households in one .xlsx into a new township, as the county's admin."""
    admin, rows = ctx.client("admin"), ctx.args.import_rows
    township, grids = _import_township(ctx, admin, rows)
    started = time.perf_counter()
    files = [_write_import(Path(ctx.folder) / "import.xlsx", grids, 0, rows, ctx.args.seed)]
    built = time.perf_counter() - started
    with Memory(ctx.server.pid) as memory:
        started = time.perf_counter()
        status, answer = _upload(admin, files[0])
        if status == 400 and _code(answer) == "import_too_many_rows":
            print(f"one file refused ({_code(answer)}): files of {ctx.args.import_chunk}")
            files = [_write_import(Path(ctx.folder) / f"import{n}.xlsx", grids, n,
                                   min(n + ctx.args.import_chunk, rows), ctx.args.seed)
                     for n in range(0, rows, ctx.args.import_chunk)]
            started = time.perf_counter()   # the files are written before the clock runs
            for path in files:
                status, answer = _upload(admin, path)
                if status != 200:
                    break
        seconds = time.perf_counter() - started
    assert status == 200, json.dumps(answer, ensure_ascii=False)[:500]
    stored = ctx.query("SELECT count(*) FROM households h JOIN org_nodes n ON n.id ="
                       " h.node_id WHERE n.path LIKE ?", [township["path"] + "%"])[0][0]
    assert stored == rows, f"{stored} of {rows} rows stored"
    report(f"import of {rows:,} rows", f"{seconds:.1f} s, {rows / seconds:,.0f} rows/s",
           f"{memory}; {len(files)} file(s), {sum(p.stat().st_size for p in files) / 1e6:.1f}"
           f" MB, written in {built:.1f} s")


def _code(answer):
    """The error code of a refusal, answered by the route or by its failed job."""
    error = answer.get("error")
    return error.get("code") if isinstance(error, dict) else answer.get("code")


def _upload(client, path):
    """POST /api/households/import of a file: the answer of the route, or of its job."""
    boundary = "qzcountybench"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename="
            f"\"{path.name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode() \
        + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    status, data = client.call("POST", "/api/households/import", body,
                               f"multipart/form-data; boundary={boundary}")
    return client.finished(status, json.loads(data))


def _import_township(ctx, admin, rows):
    """A new township with villages of HOUSEHOLDS_PER_IMPORT_VILLAGE households' worth, two
    grids each, made through the admin API; (township, grid codes)."""
    tag, county = f"{int(time.time()) % 1_000_000:06d}", ctx.query(
        "SELECT id FROM org_nodes WHERE kind = 'county'")[0][0]
    township = _node(admin, county, f"{IMPORT_TOWNSHIP}{tag}", "township", f"IMP{tag}")
    grids = []
    for v in range(-(-rows // HOUSEHOLDS_PER_IMPORT_VILLAGE)):
        village = _node(admin, township["id"], f"导入{v + 1}村", "village", f"IMP{tag}V{v:03d}")
        grids += [_node(admin, village["id"], f"导入{v + 1}村第{g}网格", "grid",
                        f"{village['code']}G{g}")["code"] for g in (1, 2)]
    return township, grids


def _node(client, parent_id, name, kind, code):
    status, answer = client.json("POST", "/api/org/nodes", json.dumps(
        {"parent_id": parent_id, "name": name, "kind": kind, "code": code}))
    assert status == 201, answer
    return answer["node"]


def _write_import(path, grids, first, end, seed):
    """Rows first..end of the import as an .xlsx written by openpyxl's write-only mode:
    people as the county generator makes them, ID numbers unique in each village."""
    import openpyxl

    from qzapp.county import names
    from qzapp.county.people import People
    from qzapp.households.excel import DIFFICULTY_NAMES
    people = People(random.Random(f"{seed}:import:{first}"), dt.date.today().year)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("户籍")
    sheet.append(["所属组织编码", "所属组织名称", "户主", "困难类型", "需求", "地址", "电话",
                  "身份证号", "家庭成员"])
    kinds, seen, total = [d for d, _ in names.DIFFICULTIES], set(), len(grids)
    rows_per_grid = HOUSEHOLDS_PER_IMPORT_VILLAGE // 2
    for n in range(first, end):
        difficulty = kinds[n % len(kinds)]
        head, born, sex, members = people.family(difficulty)
        number = people.id_number(born, sex)
        while number in seen:
            number = people.id_number(born, sex)
        seen.add(number)
        grid = grids[min(n // rows_per_grid, total - 1)]
        sheet.append([grid, None, head, DIFFICULTY_NAMES[difficulty], None,
                      f"导入村{n % 12 + 1}组{n % 80 + 1}号", people.phone(), number,
                      "；".join(f"{m['name']}（{m['relation']}，{m['birth_year']}）"
                               for m in members)])
    book.save(path)
    return path


def export(ctx):
    """GET /api/households/export.xlsx of the township the last import filled."""
    found = ctx.query("SELECT id, name FROM org_nodes WHERE name LIKE ? ORDER BY id DESC"
                      " LIMIT 1", [f"{IMPORT_TOWNSHIP}%"])
    if not found:
        print("no imported township yet: importing first")
        import_(ctx)
        return export(ctx)
    township, name = found[0]
    admin = ctx.client("admin")
    with Memory(ctx.server.pid) as memory:
        started = time.perf_counter()
        status, body = admin.call("GET", f"/api/households/export.xlsx?node_id={township}")
        if status == 202:   # a job: its result names the file to download
            status, job = admin.finished(status, json.loads(body))
            url = next(v for v in (job.get("result") or {}).values()
                       if isinstance(v, str) and v.startswith("/api/"))
            status, body = admin.call("GET", url)
        seconds = time.perf_counter() - started
    assert status == 200, body[:500]
    rows = _sheet_rows(body)
    report(f"export of {rows:,} rows", f"{seconds:.1f} s, {rows / seconds:,.0f} rows/s",
           f"{memory}; {len(body) / 1e6:.1f} MB, {name}")


def _sheet_rows(xlsx):
    """The data rows of an .xlsx's first sheet (its header left out), read as the XML is."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive, \
            archive.open("xl/worksheets/sheet1.xml") as sheet:
        count, tail = 0, b""
        while chunk := sheet.read(1 << 20):
            count += (tail + chunk).count(b"<row ") - tail.count(b"<row ")
            tail = chunk[-8:]
    return count - 1
