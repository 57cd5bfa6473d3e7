"""The 台账 in Excel: the export in the offices' layout, masked as the reader sees it, text never
a formula; the historical backlog's import, all rows or none with every bad row named."""
from io import BytesIO

import openpyxl
import pytest

from tests.factories import make_node, make_user, new_id, put, xlsx_file
from tests.jobs import finished, run_inline

HEADER = ["来源", "时间", "诉求人", "联系电话", "类别", "紧急程度", "内容", "所属组织编码",
          "所属组织名称", "状态"]


@pytest.fixture(autouse=True)
def inline_jobs(monkeypatch):
    run_inline(monkeypatch)


@pytest.fixture
def village(db):
    county = make_node(db, make_node(db), kind="county", name="县")
    township = make_node(db, county, kind="township", name="镇")
    village = make_node(db, township, kind="village", name="青山村", code="510101001001")
    other = make_node(db, township, kind="village", name="别村")
    make_user(db, village, ("first_secretary",), username="sec", name="李书记")
    make_user(db, county, ("supervisor",), username="super")
    make_user(db, county, ("cadre",), username="cadre")
    return {"village": village, "other": other}


def receive(api, text, **data):
    case_id = new_id()
    answer = api.push([put(1, new_id(), {
        "case_id": case_id, "kind": "receive", "at": "2026-11-02T10:00:00+08:00",
        "data": {"channel": "hotline", "category": "land", "text": text,
                 "person_name": "赵大海", "person_phone": "13912345678", **data}},
        entity="case_event")], device=f"phone-{case_id[:8]}")
    assert answer.json["results"][0]["status"] == "applied", answer.json
    return case_id


def read(response, sheet="民情台账"):
    book = openpyxl.load_workbook(BytesIO(response.data))
    rows = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def upload(api, rows, header=HEADER, title="历史积案"):
    data = xlsx_file({title: [header, *rows]})
    return api.client.post("/api/cases/import", data={"file": (data, "backlog.xlsx")},
                           headers=api.HEADERS, content_type="multipart/form-data")


def test_export_in_the_offices_layout_masked_for_who_does_not_handle(api, db, village):
    api.as_user("sec")
    receive(api, "=HYPERLINK(\"http://x\")宅基地纠纷")
    rows = read(api.get("/api/cases/export.xlsx"))
    assert list(rows[0]) == ["编号", "来源", "时间", "诉求人", "联系电话", "类别", "紧急程度",
                             "内容", "首办人", "责任单位", "期限", "状态", "办理情况", "办结时间",
                             "满意度"]
    [row] = rows
    assert row["来源"] == "热线电话" and row["类别"] == "土地" and row["诉求人"] == "赵大海"
    assert row["首办人"] == "李书记" and row["责任单位"] == "青山村" and row["状态"] == "待受理"
    assert row["内容"].startswith("=HYPERLINK")   # text, never a formula
    api.as_user("super")
    [row] = read(api.get("/api/cases/export.xlsx"))
    assert row["诉求人"] == "赵*" and row["联系电话"] == "139****5678"
    assert read(api.get("/api/cases/export.xlsx?status=closed")) == []
    api.as_user("cadre")
    assert api.get("/api/cases/export.xlsx").status_code == 403


def test_backlog_import_all_rows_or_none(api, db, village):
    api.as_user("sec")
    rows = [
        ["来访接待", "2024-03-15", "张某某", "13800000000", "土地", "一般", "宅基地纠纷",
         "510101001001", None, "办理中"],
        ["信鸽", "2024-03-15", None, None, "土地", None, "来源不对", None, "青山村", None],
        ["热线电话", "明天", None, None, "飞船", None, "时间和类别不对", None, "青山村", None],
        ["热线电话", "2024-01-01", None, None, "医疗", None, None, None, "别处", None],
        ["热线电话", "2099-01-01", None, None, "医疗", "特急", "将来", None, "青山村", "待受理"],
    ]
    job = finished(api, upload(api, rows))
    assert job["state"] == "failed" and job["error"]["code"] == "import_invalid"
    found = [(e["row"], e["field"]) for e in job["error"]["errors"]]
    assert found == [(3, "来源"), (4, "类别"), (4, "时间"), (5, "内容"), (5, "所属组织名称"),
                     (6, "时间")]
    assert "热线电话" in job["error"]["errors"][0]["message"]
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_backlog_imported_as_open_backlog_cases(api, db, village):
    api.as_user("sec")
    rows = [["来访接待", "2024-03-15", "张某某", "13800000000", "土地", "一般", "宅基地纠纷",
             "510101001001", None, None],
            ["热线电话", "2025-06-01 09:30", None, None, "医疗", "紧急", "看病难", None, "青山村",
             "待受理"]]
    job = finished(api, upload(api, rows))
    assert job["state"] == "done" and job["result"] == {"created": 2}
    cases = db.execute("SELECT status, backlog, received_at, urgency FROM cases"
                       " ORDER BY received_at").fetchall()
    assert cases == [("in_progress", 1, "2024-03-15T00:00:00+08:00", "normal"),
                     ("received", 1, "2025-06-01T09:30:00+08:00", "urgent")]
    ledger = api.get("/api/cases?backlog=1").json
    assert ledger["total"] == 2 and ledger["counts"]["overdue"] == 2


def test_the_import_template_has_the_columns(api, village):
    api.as_user("sec")
    rows = read(api.get("/api/cases/import-template.xlsx"), sheet="历史积案")
    assert list(rows[0]) == HEADER
