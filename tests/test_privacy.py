"""Personal data of a household, role by role and route by route: in full for those who
handle it, masked for other readers, absent for everyone else."""
import json
from io import BytesIO

import openpyxl
import pytest

from qzapp.auth.models import load_user_row
from qzapp.households import pairing
from tests.factories import diary_data, make_household, make_node, make_user, new_id, put

GOOD_ID = "510104199001011230"
FULL = ("王建国", "王小明", "13812345678", GOOD_ID)
MASKED = ("王*", "138****5678", "5101**********1230")

ROLES = ("cadre", "sec", "staff", "gridw", "sup", "admin", "cadre2", "othersec", "leader",
         "member")
HANDLERS = ("cadre", "sec", "staff", "gridw")   # paired with it, or keep its village's register
REGISTER = {"full": HANDLERS, "masked": ("sup", "admin")}
DIARIES = {"full": ("cadre", "sec", "staff"), "masked": ("sup",)}   # diaries name the head
# Every read that can show a household: who sees its personal data in full, who masked;
# anyone else sees nothing of it there.
ROUTES = {
    "/api/households": REGISTER,
    "/api/households/{id}": REGISTER,
    "/api/households/export.xlsx": REGISTER,
    "/api/sync/pull": REGISTER,
    "/api/households/mine": {"full": ("cadre",), "masked": ()},
    "/api/diaries": DIARIES,
    "/api/diaries/export.xlsx": DIARIES,
    "/api/pairings": {"full": (), "masked": ()},   # pairings name the cadre only
}
# What each route shows of the household to those who see it in full.
SHOWN = {"/api/diaries": ("王建国",), "/api/diaries/export.xlsx": ("王建国",)}


@pytest.fixture
def village(app, db, api):
    """青山村 with a grid and a household paired with `cadre`, a diary about it, and people in
    every role around it."""
    county = make_node(db, make_node(db), kind="county", name="县")
    village = make_node(db, make_node(db, county, kind="township"), kind="village", name="青山村")
    grid = make_node(db, village, kind="grid", name="一网格")
    other = make_node(db, make_node(db, county, kind="township"), kind="village", name="别村")
    people = {name: make_user(db, node, roles=[role], username=name, phone="13900000000")
              for name, node, role in [
                  ("admin", county, "admin"), ("sup", county, "supervisor"),
                  ("cadre", county, "cadre"), ("cadre2", county, "cadre"),
                  ("sec", village, "first_secretary"), ("staff", village, "village_staff"),
                  ("gridw", grid, "grid_worker"), ("leader", county, "leader"),
                  ("othersec", other, "first_secretary"), ("member", village, "member")]}
    household = make_household(db, grid, head_name="王建国", phone="13812345678",
                               id_number=GOOD_ID, address="青山村三组",
                               members=[{"name": "王小明", "relation": "子"}])
    with app.app_context(), db.atomic():
        pairing.pair(db, load_user_row(db, people["admin"]["id"]), household,
                     people["cadre"]["id"], "2026-01-05")
    api.as_user("cadre")
    diary = diary_data(household_id=household["id"], heard="反映屋顶漏雨")
    assert api.push([put(1, new_id(), diary)]).json["results"][0]["status"] == "applied"
    api.logout()
    return {"household": household, "village": village, **people}


def answer_text(response):
    """Everything an answer shows, as one text: JSON as it is, a workbook's every cell."""
    if response.mimetype.endswith("sheet"):
        book = openpyxl.load_workbook(BytesIO(response.data))
        return " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                        for v in row if v is not None)
    return json.dumps(response.json, ensure_ascii=False)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("username", ROLES)
def test_personal_data_by_role_and_route(api, village, username, route):
    api.as_user(username)
    response = api.get(route.format(id=village["household"]["id"]))
    assert response.status_code in (200, 403, 404), response.json
    text = answer_text(response) if response.status_code == 200 else ""
    full = username in ROUTES[route]["full"]
    for value in SHOWN.get(route, FULL) if full else FULL:
        assert (value in text) is full, (value, text)
    assert ("王*" in text) is (username in ROUTES[route]["masked"]), text


def test_search_never_matches_a_masked_name(api, village):
    api.as_user("sup")
    assert api.get("/api/households?q=建国").json["households"] == []
    found = api.get("/api/households?q=三组").json["households"]
    assert [h["head_name"] for h in found] == ["王*"]
    api.as_user("sec")
    assert [h["head_name"] for h in api.get("/api/households?q=建国").json["households"]] == [
        "王建国"]


def test_search_never_matches_a_masked_phone(api, db, village):
    make_user(db, village["village"], username="liu", phone="13912345678")
    api.as_user("sup")
    assert api.get("/api/users?q=139123").json["users"] == []
    assert [u["username"] for u in api.get("/api/users?q=liu").json["users"]] == ["liu"]
    api.as_user("admin")
    assert [u["username"] for u in api.get("/api/users?q=139123").json["users"]] == ["liu"]


def test_masked_names_sent_back_never_overwrite_the_real_ones(api, db, village):
    api.as_user("admin")
    seen = api.get(f"/api/households/{village['household']['id']}").json["household"]
    assert seen["head_name"] == "王*" and seen["members"][0]["name"] == "王*"
    data = {k: seen[k] for k in ("node_id", "head_name", "members", "difficulty_type", "needs",
                                 "address", "phone", "id_number")}
    data["needs"] = "医疗救助"
    result = api.push([put(1, seen["id"], data, base_rev=seen["rev"], entity="household")])
    assert result.json["results"][0]["status"] == "applied"
    row = db.execute("SELECT head_name, members, phone, id_number, needs FROM households"
                     " WHERE id = ?", [seen["id"]]).fetchone()
    assert row[0] == "王建国" and json.loads(row[1])[0]["name"] == "王小明"
    assert row[2:] == ("13812345678", GOOD_ID, "医疗救助")


def test_a_duplicate_in_another_grid_does_not_name_a_household_the_writer_cannot_see(
        api, db, village):
    second = make_node(db, village["village"], kind="grid", name="二网格")
    make_user(db, second, roles=["grid_worker"], username="gridw2")
    api.as_user("gridw2")
    twin = {"node_id": second["id"], "head_name": "王建国", "difficulty_type": "illness",
            "id_number": GOOD_ID}
    result = api.push([put(1, new_id(), twin, entity="household")]).json["results"][0]
    assert result["code"] == "duplicate"
    assert result.get("duplicate_of") is None
    assert village["household"]["id"] not in json.dumps(result)
