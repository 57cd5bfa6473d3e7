"""Satisfaction surveys of a unit (F12), the staff's API: make one in scope, list, read its
results (counts and percentages), close early, Excel, the QR code of its public link."""
import io
import json
import re

import openpyxl
import pytest
import zxingcpp
from PIL import Image

from qzapp.public import qr
from qzapp.surveys import rules
from tests.factories import ApiClient, make_node, make_user
from tests.surveys import (
    ALL,
    count,
    day,
    make_survey,
    open_form,
    page_text,
    resident,
    send,
    token_of,
    zh,
)


def test_supervisor_makes_a_survey_of_a_unit_in_scope(sup, world, db):
    survey = make_survey(sup, world["village"])
    assert survey["node_name"] == "甲村" and survey["state"] == "open"
    assert survey["questions"] == list(rules.QUESTIONS)
    assert (survey["answers"], survey["complete"]) == (0, 0)
    token = token_of(survey)
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token)
    assert survey["link"] == f"http://localhost/s/{token}"
    [row] = db.query("SELECT * FROM surveys")
    assert (row["token"], row["created_by"]) == (token, world["supervisor"]["id"])
    [entry] = db.query("SELECT * FROM audit WHERE entity = 'survey'")
    assert entry["action"] == "create" and token not in entry["after"]


def test_public_base_url_is_the_link(app, sup, world):
    app.config["PUBLIC_BASE_URL"] = "https://qz.example.cn/"
    survey = make_survey(sup, world["village"])
    assert survey["link"] == f"https://qz.example.cn/s/{token_of(survey)}"


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"title": ""}, "title", zh("field.required")),
    ({"title": "调" * 101}, "title", zh("field.too_long", max=100)),
    ({"title": "第一行\n第二行"}, "title", zh("field.control_characters")),
    ({"starts_on": "2026-13-01"}, "starts_on", zh("field.not_date")),
    ({"ends_on": None}, "ends_on", zh("field.required")),
    ({"starts_on": day(5), "ends_on": day(4)}, "ends_on", zh("survey.error.ends_before_start")),
    ({"starts_on": day(-10), "ends_on": day(-1)}, "ends_on", zh("survey.error.ends_in_past")),
    ({"ends_on": day(366)}, "ends_on", zh("survey.error.too_long", days=366)),
    ({"node_id": "甲村"}, "node_id", zh("field.not_integer")),
    ({"node_id": 99999}, "node_id", zh("field.node_out_of_scope")),
    ({"questions": ["style"]}, "questions", zh("field.unknown")),
])
def test_a_bad_survey_is_refused_with_its_field_named(sup, world, db, change, field, message):
    body = {"node_id": world["village"]["id"], "title": "调查", "starts_on": day(),
            "ends_on": day(30), **change}
    response = sup.post("/api/surveys", body)
    assert response.status_code == 400
    assert {"field": field, "message": message} in response.get_json()["errors"]
    assert count(db, "surveys") == 0


def test_every_bad_field_is_named_at_once(sup, world):
    response = sup.post("/api/surveys", {"node_id": 99999, "title": "", "starts_on": day(3),
                                         "ends_on": day(1)})
    assert {e["field"] for e in response.get_json()["errors"]} == {"node_id", "title",
                                                                   "ends_on"}


def test_a_unit_outside_the_scope_is_refused(sup, world, db):
    elsewhere = make_node(db, make_node(db), kind="county", name="外县")
    response = sup.post("/api/surveys", {"node_id": elsewhere["id"], "title": "调查",
                                         "starts_on": day(), "ends_on": day(3)})
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "node_id"


@pytest.mark.parametrize("username", ["cadre", "sec"])
def test_only_supervisors_and_admins_make_and_read_surveys(api, world, username):
    api.as_user(username)
    body = {"node_id": world["village"]["id"], "title": "调查", "starts_on": day(),
            "ends_on": day(3)}
    assert api.post("/api/surveys", body).status_code == 403
    assert api.get("/api/surveys").status_code == 403


def test_an_admin_makes_one_and_nobody_signed_out_does(api, world, db):
    make_user(db, world["county"], roles=["admin"], username="adm")
    body = {"node_id": world["village"]["id"], "title": "调查", "starts_on": day(),
            "ends_on": day(3)}
    assert api.post("/api/surveys", body).status_code == 401
    assert api.get("/api/surveys").status_code == 401
    assert api.as_user("adm").post("/api/surveys", body).status_code == 201


def test_the_list_is_the_subtree_newest_first_a_page_at_a_time(app, sup, world, db):
    first = make_survey(sup, world["village"], title="甲村调查")
    second = make_survey(sup, world["other"], title="乙村调查")
    listed = sup.get("/api/surveys?limit=1").get_json()
    assert [s["id"] for s in listed["items"]] == [second["id"]]
    assert listed["total"] == 2 and listed["more"]
    rest = sup.get(f"/api/surveys?limit=1&cursor={listed['next_cursor']}").get_json()
    assert [s["id"] for s in rest["items"]] == [first["id"]] and not rest["more"]
    only = sup.get(f"/api/surveys?node_id={world['other']['id']}").get_json()
    assert [s["title"] for s in only["items"]] == ["乙村调查"]
    # A supervisor of one village sees that village's surveys only, and no other's detail.
    make_user(db, world["village"], roles=["supervisor"], username="vsup")
    village_sup = ApiClient(app.test_client()).as_user("vsup")
    assert [s["id"] for s in village_sup.get("/api/surveys").get_json()["items"]] == [
        first["id"]]
    sheet = openpyxl.load_workbook(io.BytesIO(village_sup.get(
        "/api/surveys/export.xlsx").data))["满意度汇总"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["甲村"]
    assert village_sup.get(f"/api/surveys/{second['id']}").status_code == 404
    assert village_sup.get(f"/api/surveys/{second['id']}/export.xlsx").status_code == 404
    assert village_sup.get(f"/api/surveys/{second['id']}/qr.svg").status_code == 404
    assert village_sup.post(f"/api/surveys/{second['id']}/close").status_code == 404


def test_results_count_each_choice_with_its_percentage(app, sup, world):
    survey = make_survey(sup, world["village"])
    token = token_of(survey)
    answers = [ALL, {**ALL, "style": "basic", "overall": "unsatisfied"},
               {"style": "unknown", "efficiency": "basic"}]
    for choices in answers:
        assert send(resident(app), token, choices).status_code == 303
    answer = sup.get(f"/api/surveys/{survey['id']}").get_json()
    results = answer["results"]
    assert (results["answers"], results["complete"], results["partial"]) == (3, 2, 1)
    assert answer["survey"]["answers"] == 3
    by = {q["question"]: q for q in results["questions"]}
    assert list(by) == list(rules.QUESTIONS)
    style = {c["choice"]: (c["count"], c["percent"]) for c in by["style"]["choices"]}
    assert style == {"satisfied": (1, 33.3), "basic": (1, 33.3), "unsatisfied": (0, 0.0),
                     "unknown": (1, 33.3)}
    # 不了解 is no judgement: 2 of the 2 who judged are satisfied or basically so.
    assert by["style"]["satisfaction"] == 100.0
    assert (by["overall"]["answered"], by["overall"]["skipped"]) == (2, 1)
    assert by["overall"]["satisfaction"] == 50.0
    assert by["attitude"]["choices"][0] == {"choice": "satisfied", "count": 2,
                                            "percent": 100.0}


def test_a_survey_nobody_answered_has_no_rate(sup, world):
    survey = make_survey(sup, world["village"])
    results = sup.get(f"/api/surveys/{survey['id']}").get_json()["results"]
    assert results["answers"] == 0
    assert all(q["satisfaction"] is None and q["answered"] == 0 for q in results["questions"])


def test_closing_early_ends_the_public_form(app, sup, world, db):
    survey = make_survey(sup, world["village"])
    token = token_of(survey)
    phone = resident(app)
    _, stamp = open_form(phone, token)
    closed = sup.post(f"/api/surveys/{survey['id']}/close")
    assert closed.status_code == 200 and closed.get_json()["survey"]["state"] == "closed"
    again = sup.post(f"/api/surveys/{survey['id']}/close")
    assert again.status_code == 409 and again.get_json()["error"] == zh(
        "survey.error.already_closed")
    response = send(phone, token, stamp=stamp)
    assert response.status_code == 410 and zh("public.survey_closed") in page_text(response)
    assert count(db, "survey_answers") == 0
    assert resident(app).get(f"/s/{token}").status_code == 410
    assert [r["action"] for r in db.query("SELECT action FROM audit WHERE entity = 'survey'"
                                          " ORDER BY id")] == ["create", "close"]


def test_the_excel_export_reads_back(app, sup, world):
    survey = make_survey(sup, world["village"], title="=HYPERLINK(\"x\")")
    token = token_of(survey)
    send(resident(app), token, ALL, comment="窗口服务很好")
    send(resident(app), token, {"style": "unsatisfied"}, comment="=1+1", phone="13800001111")
    response = sup.get(f"/api/surveys/{survey['id']}/export.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers[
        "Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["调查信息", "结果汇总", "答卷"]
    facts = dict(book["调查信息"].iter_rows(min_row=2, values_only=True))
    assert facts["单位"] == "甲村" and facts["调查名称"] == "=HYPERLINK(\"x\")"
    assert (facts["答卷"], facts["完整"], facts["部分"]) == (2, 1, 1)
    summary = list(book["结果汇总"].iter_rows(values_only=True))
    assert summary[0] == ("问题", "选项", "人数", "占比(%)", "回答人数", "满意率(%)")
    assert summary[1] == ("工作作风", "满意", 1, 50.0, 2, 50.0)
    assert summary[3] == (None, "不满意", 1, 50.0, None, None)
    answers = list(book["答卷"].iter_rows(values_only=True))
    assert answers[0][:4] == ("序号", "时间", "完整", "工作作风") and answers[0][-1] == "意见建议"
    assert answers[1][2:4] == ("完整", "满意") and answers[1][-1] == "窗口服务很好"
    assert answers[2][2:5] == ("部分", "不满意", None) and answers[2][-1] == "=1+1"
    assert "13800001111" not in json.dumps([list(r) for r in answers], ensure_ascii=False)


def test_the_subtree_export_has_a_row_per_unit(app, sup, world):
    first = make_survey(sup, world["village"])
    make_survey(sup, world["other"], title="乙村调查")
    send(resident(app), token_of(first), {**ALL, "overall": "unsatisfied"})
    response = sup.get("/api/surveys/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["满意度汇总"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == ("单位", "调查名称", "开始日期", "结束日期", "状态", "答卷", "完整",
                           "部分")
    by_unit = {r[0]: r for r in rows[1:]}
    assert set(by_unit) == {"甲村", "乙村"}
    assert by_unit["甲村"][4:8] == ("进行中", 1, 1, 0)
    assert by_unit["甲村"][8] == 100.0 and by_unit["甲村"][-1] == 0.0
    assert by_unit["乙村"][5] == 0 and by_unit["乙村"][8] is None


def test_the_qr_code_is_the_public_link(sup, world):
    survey = make_survey(sup, world["village"])
    response = sup.get(f"/api/surveys/{survey['id']}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).startswith("<svg")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.get_data(as_text=True) == qr.svg(survey["link"])
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.png(survey["link"]))))
    assert code.text == survey["link"]
