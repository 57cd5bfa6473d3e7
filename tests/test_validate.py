"""Text fields take what a person types: control characters and bidirectional overrides are
refused, and what a phone keyboard adds at the ends is trimmed."""
import pytest

from tests.factories import NODE_HEADER, diary_data, make_user, new_id, put, xlsx_file
from tests.jobs import finished

REFUSED = "含有不可见的控制字符或文字方向符，请删除后重新输入"


@pytest.mark.parametrize("field,value", [
    ("heard", "村口\u202e修路"),         # RIGHT-TO-LEFT OVERRIDE: reads 路修 on screen
    ("heard", "村口\u2066修路\u2069"),   # isolates
    ("heard", "村口\x07修路"),            # BEL
    ("heard", "村口\x00修路"),
    ("place", "村委会\n二楼"),            # a one-line field
    ("place", "村委会\t二楼"),
])
def test_control_characters_and_overrides_are_refused(api, world, field, value):
    api.as_user("cadre")
    result = api.push([put(1, new_id(), diary_data(world["village"]["id"], **{field: value}))])
    answer = result.json["results"][0]
    assert answer["status"] == "rejected"
    assert {"field": field, "message": REFUSED} in answer["errors"]


def test_keyboard_additions_are_trimmed_and_lines_kept(api, db, world):
    api.as_user("cadre")
    record = new_id()
    data = diary_data(world["village"]["id"], place="\u3000村委会\u200b ",
                      heard="\ufeff反映两件事：\r\n一、路灯\r\n二、水渠\u00a0")
    assert api.push([put(1, record, data)]).json["results"][0]["status"] == "applied"
    row = db.execute("SELECT place, heard FROM diaries WHERE id = ?", [record]).fetchone()
    assert row == ("村委会", "反映两件事：\n一、路灯\n二、水渠")


def test_blank_after_trimming_is_missing(api, world):
    api.as_user("cadre")
    data = diary_data(world["village"]["id"], kind="evening_talk", topic="\u200b\u3000")
    answer = api.push([put(1, new_id(), data)]).json["results"][0]
    assert {"field": "topic", "message": "必填"} in answer["errors"]


def test_online_forms_refuse_them_too(api, db, world):
    make_user(db, world["county"], roles=["admin"], username="boss")
    api.as_user("boss")
    response = api.post("/api/users", {"username": "zhang", "name": "张\u202e三",
                                       "node_id": world["county"]["id"], "roles": ["cadre"]})
    assert response.status_code == 400
    assert response.json["errors"] == [{"field": "name", "message": REFUSED}]


def test_imported_cells_refuse_them_too(api, db, world):
    make_user(db, world["county"], roles=["admin"], username="boss")
    api.as_user("boss")
    book = xlsx_file({"组织": [NODE_HEADER, [None, "县", "新\u202e镇", "乡镇街道", None, None]]})
    job = finished(api, api.post("/api/org/import", data={"file": (book, "org.xlsx")},
                                 content_type="multipart/form-data"))
    assert job["state"] == "failed"
    assert job["error"]["errors"] == [{"sheet": "组织", "row": 2, "field": "名称",
                                       "message": REFUSED}]
