"""Reading diaries online: a village's list and one's own, filters, Excel, who may read."""
from io import BytesIO

import openpyxl
import pytest

from qzapp.auth.models import load_user_row
from qzapp.households import pairing
from tests.factories import (
    diary_data,
    make_diary,
    make_household,
    make_node,
    make_user,
    new_id,
    put,
)


@pytest.fixture
def village(app, api, db):
    county = make_node(db, make_node(db), kind="county", name="县")
    village = make_node(db, make_node(db, county, kind="township"), kind="village", name="青山村")
    other = make_node(db, make_node(db, county, kind="township"), kind="village", name="别村")
    people = {name: make_user(db, node, roles=[role], username=name, name=f"{name}名")
              for name, node, role in [
                  ("cadre", county, "cadre"), ("sec", village, "first_secretary"),
                  ("sup", county, "supervisor"), ("othersec", other, "first_secretary"),
                  ("leader", county, "leader"), ("admin", county, "admin")]}
    household = make_household(db, village, head_name="王建国")
    with app.app_context(), db.atomic():   # the cadre writes about the household paired
        pairing.pair(db, load_user_row(db, people["admin"]["id"]), household,
                     people["cadre"]["id"], "2026-01-01")
    api.login("cadre")
    entries = [
        diary_data(village["id"], household_id=household["id"],
                   occurred_at="2026-03-01T09:00:00+08:00", follow_up_date=None),
        diary_data(village["id"], kind="evening_talk", topic="村规民约", attendance=35,
                   occurred_at="2026-04-01T20:00:00+08:00", heard="", done=""),
    ]
    api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(i + 1, new_id(), d) for i, d in enumerate(entries)]})
    api.logout()
    api.login("sec")
    api.post("/api/sync/push", {"device_id": "phone-0002", "mutations": [
        put(1, new_id(), diary_data(occurred_at="2026-05-01T10:00:00+08:00"))]})
    api.logout()
    return {"village": village, "household": household}


def listed(api, query=""):
    response = api.get(f"/api/diaries{query}")
    assert response.status_code == 200, response.json
    return [d["occurred_at"][:10] for d in response.json["diaries"]]


def test_village_list_newest_first_with_names(api, village):
    api.login("sec")
    diaries = api.get("/api/diaries").json["diaries"]
    assert [d["occurred_at"][:10] for d in diaries] == ["2026-05-01", "2026-04-01", "2026-03-01"]
    assert diaries[2]["head_name"] == "王建国" and diaries[2]["author_name"] == "cadre名"


@pytest.mark.parametrize("query,dates", [
    ("?mine=1", ["2026-05-01"]),
    ("?kind=evening_talk", ["2026-04-01"]),
    ("?from=2026-03-15&to=2026-04-30", ["2026-04-01"]),
    ("?household_id={household}", ["2026-03-01"]),
])
def test_filters(api, village, query, dates):
    api.login("sec")
    assert listed(api, query.format(household=village["household"]["id"])) == dates


@pytest.mark.parametrize("username,count", [("cadre", 2), ("sup", 3), ("othersec", 0),
                                            ("leader", 0)])
def test_who_reads_diaries(api, village, username, count):
    api.login(username)
    assert len(listed(api)) == count


@pytest.mark.parametrize("query,field", [("?kind=party", "kind"), ("?from=明天", "from"),
                                         ("?to=2026-13-01", "to")])
def test_bad_filters(api, village, query, field):
    api.login("sec")
    response = api.get(f"/api/diaries{query}")
    assert response.status_code == 400 and response.json["errors"][0]["field"] == field


def test_export(api, village):
    api.login("sec")
    response = api.get("/api/diaries/export.xlsx?kind=evening_talk")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(BytesIO(response.data))["民情日记"].iter_rows(
        values_only=True))
    assert rows[0][:3] == ("日期时间", "类型", "地点")
    assert [(r[1], r[7], r[8]) for r in rows[1:]] == [("基层夜话", "村规民约", 35)]


def test_list_pages_newest_first_and_the_export_has_everything(api, village):
    api.login("sec")
    first = api.get("/api/diaries?limit=2").json
    assert len(first["diaries"]) == 2 and first["more"] is True and first["total"] == 3
    rest = api.get(f"/api/diaries?limit=2&cursor={first['next_cursor']}").json
    assert len(rest["diaries"]) == 1 and rest["more"] is False
    days = [d["occurred_at"] for d in first["diaries"] + rest["diaries"]]
    assert days == sorted(days, reverse=True)
    assert api.get("/api/diaries?kind=visit").json["more"] is False
    rows = list(openpyxl.load_workbook(BytesIO(api.get("/api/diaries/export.xlsx").data))[
        "民情日记"].iter_rows(values_only=True))
    assert len(rows) == 1 + 3


@pytest.mark.parametrize("query", ["node_id=abc", "node_id=99999999999999999999", "node_id=-3"])
def test_bad_node_argument_is_a_400(api, village, query):
    api.login("sec")
    for url in ("/api/diaries", "/api/households", "/api/households/export.xlsx"):
        response = api.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert response.json["errors"][0]["field"] == "node_id"


def test_export_keeps_text_as_text(api, db, village):
    """A formula-looking note stays text, and a control character a workbook cannot hold
    (in a diary stored before such characters were refused) is left out rather than
    failing the whole export."""
    sec = db.execute("SELECT * FROM users WHERE username = 'sec'").fetchone()
    make_diary(db, {"id": sec[0]}, village["village"], occurred_at="2026-06-01T10:00:00+08:00",
               heard="=HYPERLINK(\"http://x\")", done="修好\x01了")
    api.login("sec")
    response = api.get("/api/diaries/export.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(response.data))["民情日记"]
    titles = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value.startswith("2026-06-01"))
    heard, done = row[titles.index("听到的民情")], row[titles.index("做了什么")]
    assert (heard.value, heard.data_type) == ('=HYPERLINK("http://x")', "s")
    assert done.value == "修好了"
