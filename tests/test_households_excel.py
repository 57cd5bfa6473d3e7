"""The register in Excel: export as each user sees it, import all rows or none, round trip."""
import datetime as dt
from io import BytesIO

import openpyxl
import pytest

from tests.factories import make_household, make_node, make_user, xlsx_file
from tests.jobs import finished, outcome, run_inline

HEADER = ["所属组织编码", "所属组织名称", "户主", "困难类型", "需求", "地址", "电话", "身份证号",
          "家庭成员"]


@pytest.fixture(autouse=True)
def inline_jobs(monkeypatch):
    """Imports run to their end inside the upload's request."""
    run_inline(monkeypatch)


@pytest.fixture
def village(db):
    county = make_node(db, make_node(db), kind="county", name="县")
    village = make_node(db, make_node(db, county, kind="township"), kind="village",
                        name="青山村", code="510101001001")
    grid = make_node(db, village, kind="grid", name="青山村一网格")
    other = make_node(db, make_node(db, county, kind="township"), kind="village", name="别村")
    make_user(db, village, roles=["village_staff"], username="staff")
    make_user(db, county, roles=["admin"], username="admin")
    cadre = make_user(db, county, roles=["cadre"], username="cadre", name="刘干部")
    make_user(db, other, roles=["village_staff"], username="otherstaff")
    return {"village": village, "grid": grid, "other": other, "cadre": cadre}


def workbook(rows, header=HEADER, title="户籍"):
    return xlsx_file({title: [header, *rows]})


def upload(api, data):
    return api.client.post("/api/households/import", data={"file": (data, "register.xlsx")},
                           headers=api.HEADERS, content_type="multipart/form-data")


def read(response, sheet="户籍"):
    book = openpyxl.load_workbook(BytesIO(response.data))
    rows = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def count(db):
    return db.execute("SELECT count(*) FROM households").fetchone()[0]


GOOD = [
    ["510101001001", None, "王建国", "因病", "医疗救助", "1组3号", "13812345678",
     "510104199001011230", "李秀英（配偶，1962）；王小红（孙女，2014）"],
    [None, "青山村一网格", "陈玉兰", "空巢独居老人", None, None, "028-88886666", None, None],
]


def test_import_then_export_round_trip(api, db, village):
    api.login("staff")
    job = finished(api, upload(api, workbook(GOOD)))
    assert job["state"] == "done" and job["result"] == {"created": 2}
    assert (job["checked"], job["written"], job["total"]) == (2, 2, 2)
    row = db.execute("SELECT node_id, members FROM households WHERE head_name = '王建国'").fetchone()
    assert row[0] == village["village"]["id"] and "王小红" in row[1] and "2014" in row[1]
    exported = api.get("/api/households/export.xlsx")
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = {r["户主"]: r for r in read(exported)}
    assert rows["王建国"]["身份证号"] == "510104199001011230"
    assert rows["王建国"]["家庭成员"] == "李秀英（配偶，1962）；王小红（孙女，2014）"
    assert rows["陈玉兰"]["所属组织名称"] == "青山村一网格"
    # the exported sheet, brought into another village's register, reads back the same
    api.logout()
    api.login("otherstaff")
    again = [[None, "别村", r["户主"], r["困难类型"], r["需求"], r["地址"], r["电话"],
              r["身份证号"], r["家庭成员"]] for r in read(exported)]
    assert finished(api, upload(api, workbook(again)))["result"]["created"] == 2
    copies = db.execute("SELECT head_name, members, phone, id_number FROM households WHERE"
                        " node_id = ? ORDER BY head_name", [village["other"]["id"]]).fetchall()
    originals = db.execute("SELECT head_name, members, phone, id_number FROM households WHERE"
                           " node_id != ? ORDER BY head_name", [village["other"]["id"]]).fetchall()
    assert copies == originals


def test_bad_rows_reported_and_nothing_imported(api, db, village):
    api.login("staff")
    make_household(db, village["village"], head_name="王建国", id_number="510104199001011230")
    rows = [
        GOOD[0],                                                     # duplicate in the village
        [None, "别村", "赵六", "因病", None, None, None, None, None],     # outside scope
        [None, "青山村", "钱七", "懒惰", None, None, None, None, None],   # unknown type
        [None, "青山村", "孙八", "因残", None, None, "电话", None, None],  # bad phone
        [None, "青山村", "李九", "因灾", None, None, None, "123", None],   # bad ID
        [None, "青山村", "周十", "其他", None, None, None, None, "小明（子，2090）"],
        [None, "青山村", "吴一", "其他", None, None, None, None, "乱写（（"],
        [None, "青山村", None, "其他", None, None, None, None, None],     # no head
        [None, "青山村", "郑二", "其他", None, None, None, None, None],   # fine
        [None, "青山村", "郑二", "其他", None, None, None, "11010519491231002X", None],
        [None, "青山村", "郑二", "其他", None, None, None, "11010519491231002X", None],  # twin
    ]
    job = finished(api, upload(api, workbook(rows)))
    error = job["error"]
    assert job["state"] == "failed" and error["code"] == "import_invalid"
    found = [(e["row"], e["field"]) for e in error["errors"]]
    assert found == [(2, "身份证号"), (3, "所属组织名称"), (4, "困难类型"), (5, "电话"),
                     (6, "身份证号"), (7, "家庭成员"), (8, "家庭成员"), (9, "户主"), (12, "身份证号")]
    assert all(e["sheet"] == "户籍" and e["message"] for e in error["errors"])
    assert error["errors"][0]["message"] == "本村已有同名、同身份证号的户，请打开已有的户"
    assert error["errors"][-1]["message"] == "与第 11 行重复"
    assert "9 处错误" in error["error"] and error["errors_total"] == 9
    assert count(db) == 1


@pytest.mark.parametrize("make,status,code", [
    (lambda: BytesIO(b"not a workbook"), 400, "import_bad_file"),   # refused at once
    (lambda: workbook([["x"]], header=["名字"]), 202, "import_columns"),   # by its job
    (lambda: workbook([], header=HEADER), 202, "import_empty"),
    (lambda: workbook(GOOD, title="Sheet1"), 202, "import_empty"),
])
def test_unusable_files(api, db, village, make, status, code):
    api.login("staff")
    assert outcome(api, upload(api, make())) == (status, code)
    assert count(db) == 0


def test_import_needs_a_register_keeper(api, village):
    api.login("cadre")
    assert upload(api, workbook(GOOD)).status_code == 403


def test_export_is_masked_for_those_who_do_not_handle(api, db, village):
    make_household(db, village["grid"], head_name="王建国", phone="13812345678")
    api.login("admin")
    rows = read(api.get("/api/households/export.xlsx"))
    assert rows[0]["电话"] == "138****5678" and rows[0]["身份证号"] == "5101**********1230"
    assert rows[0]["户主"] == "王*"
    api.logout()
    api.login("otherstaff")
    assert read(api.get("/api/households/export.xlsx")) == []


def test_export_lists_pairings_with_their_rotation(api, db, village):
    paired = make_household(db, village["grid"], head_name="王建国")
    make_household(db, village["grid"], head_name="陈玉兰")   # not paired: not listed
    api.login("admin")
    start = (dt.date.today() - dt.timedelta(days=400)).isoformat()   # past 12 months: due
    assert api.post(f"/api/households/{paired['id']}/pairing",
                    {"cadre_id": village["cadre"]["id"], "start_date": start}).status_code == 201
    rows = read(api.get("/api/households/export.xlsx"), "结对")
    assert rows == [{"户主": "王*", "结对干部": "刘干部", "开始日期": start,
                     "计划结束": rows[0]["计划结束"], "轮换": "应轮换"}]
    assert rows[0]["计划结束"] > start
