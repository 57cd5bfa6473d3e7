"""Hours served: written from a check-in and its check-out with both ends' flags, seen by the
member and the community's staff through sync; confirmed or rejected by the community's staff
only (a reject needs a reason, which the member is told); listed, totalled and exported for the
community and for the member's own party organisation."""
from io import BytesIO

import openpyxl
import pytest

from qzapp.duty import hours as hours_module
from tests.duty_checkins import (
    FAR,
    Phone,
    at,
    checkin,
    checkout,
    make_post,
    make_world,
    register,
    this_year,
    zh,
)
from tests.factories import make_node, make_user, new_id


@pytest.fixture(autouse=True)
def app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def world(db):
    return make_world(db)


@pytest.fixture
def post(db, world):
    return make_post(db, world["community"], world["staff"])


def serve(api, post, username="member", start=-3.0, end=-0.5, **where):
    """A check-in and its check-out pushed by a phone of its own; the id of the check-out."""
    phone = Phone(api, username, "duty-phone-" + new_id()[:8])
    opened, closed = new_id(), new_id()
    answers = phone.send({"id": opened, **checkin(post, at(start), **where)},
                         {"id": closed, **checkout(post, at(end), checkin_id=opened, **where)})
    assert [a["status"] for a in answers] == ["applied", "applied"], answers
    return closed


def hours_of(db, checkout_id):
    row = db.execute("SELECT id, minutes, flags, status, reason, member_id, node_id, year,"
                     " started_at, ended_at FROM duty_hours WHERE checkout_id = ?",
                     [checkout_id]).fetchone()
    keys = ("id", "minutes", "flags", "status", "reason", "member_id", "node_id", "year",
            "started_at", "ended_at")
    return dict(zip(keys, row))


def decide(api, username, hours_id, decision, reason=None):
    api.as_user(username)
    body = {"decision": decision} if reason is None else {"decision": decision, "reason": reason}
    return api.post(f"/api/duty/hours/{hours_id}/decision", body)


def test_the_hours_of_a_pair(db, api, post, world):
    row = hours_of(db, serve(api, post))
    assert row["minutes"] == 150 and row["status"] == "pending"
    assert row["member_id"] == world["member"]["id"] and row["node_id"] == world["community"]["id"]
    assert row["year"] == this_year() and row["flags"] == '["no_shift"]'


def test_the_flags_of_both_ends_are_the_hours(db, api, post):
    phone = Phone(api, "member")
    opened = new_id()
    phone.send({"id": opened, **checkin(post, at(-14), point=None)})
    closed = new_id()
    assert phone.send({"id": closed, **checkout(post, at(-0.5), point=FAR,
                                                  checkin_id=opened)})[0]["status"] == "applied"
    assert hours_module.as_list(hours_of(db, closed)["flags"]) == [
        "far", "no_gps", "no_shift", "too_long"]


def test_the_member_and_the_communitys_staff_pull_the_hours_and_nobody_else(db, api, post, world):
    hours_id = hours_of(db, serve(api, post))["id"]
    for username, sees in (("member", True), ("staff", True), ("sup", False),
                           ("staff2", False), ("member2", False)):
        api.as_user(username)
        pulled = api.get("/api/sync/pull?since=0").get_json()["changes"]
        assert (hours_id in {c["id"] for c in pulled if c["entity"] == "duty_hours"}) is sees


def test_phones_cannot_write_hours(db, api, post):
    hours_id = hours_of(db, serve(api, post))["id"]
    api.as_user("member")
    [answer] = api.push([{"mid": 1, "op": "put", "entity": "duty_hours", "id": hours_id,
                          "data": {"status": "confirmed"}}], device="another-phone").get_json()[
        "results"]
    assert answer["status"] == "rejected"


def test_staff_confirm_and_the_member_is_told(db, api, post, world):
    hours_id = hours_of(db, serve(api, post))["id"]
    response = decide(api, "staff", hours_id, "confirm")
    assert response.status_code == 200 and response.get_json()["hours"]["status"] == "confirmed"
    row = hours_of(db, db.execute("SELECT checkout_id FROM duty_hours").fetchone()[0])
    assert row["status"] == "confirmed"
    [(kind, title, body)] = db.execute("SELECT kind, title, body FROM notices WHERE"
                                       " user_id = ?", [world["member"]["id"]]).fetchall()
    assert kind == "duty_hours_confirmed" and title == zh("notice.duty_hours_confirmed.title")
    assert post["title"] in body and "2.5" in body
    assert decide(api, "staff", hours_id, "confirm").status_code == 409


def test_a_reject_needs_its_reason_which_the_member_sees(db, api, post, world):
    hours_id = hours_of(db, serve(api, post))["id"]
    response = decide(api, "staff", hours_id, "reject")
    assert response.status_code == 400
    assert response.get_json()["errors"][0] == {"field": "reason",
                                                "message": zh("duty.hours.reason_required")}
    assert decide(api, "staff", hours_id, "reject", "当天未见到本人在岗").status_code == 200
    api.as_user("member")
    pulled = [c for c in api.get("/api/sync/pull?since=0").get_json()["changes"]
              if c["entity"] == "duty_hours"]
    assert pulled[-1]["data"]["status"] == "rejected"
    assert pulled[-1]["data"]["reason"] == "当天未见到本人在岗"
    body = db.execute("SELECT body FROM notices WHERE kind = 'duty_hours_rejected'").fetchone()[0]
    assert "当天未见到本人在岗" in body


@pytest.mark.parametrize("username, status", [
    ("staff2", 404),       # another community's staff
    ("member", 403), ("sup", 403), ("party_sec", 403),
])
def test_only_the_communitys_staff_decide(db, api, post, username, status):
    hours_id = hours_of(db, serve(api, post))["id"]
    assert decide(api, username, hours_id, "confirm").status_code == status
    assert hours_of(db, db.execute("SELECT checkout_id FROM duty_hours").fetchone()[0])[
        "status"] == "pending"


@pytest.mark.parametrize("body, field", [
    ({"decision": "maybe"}, "decision"), ({}, "decision"),
    ({"decision": "reject", "reason": "x" * 201}, "reason"),
])
def test_a_bad_decision_names_its_field(db, api, post, body, field):
    hours_id = hours_of(db, serve(api, post))["id"]
    api.as_user("staff")
    response = api.post(f"/api/duty/hours/{hours_id}/decision", body)
    assert response.status_code == 400 and response.get_json()["errors"][0]["field"] == field


def test_the_staffs_list_shows_flags_and_pages(db, api, post, world):
    for start in (-9, -6, -3):
        serve(api, post, start=start, end=start + 1)
    api.as_user("staff")
    first = api.get("/api/duty/hours?status=pending&limit=2").get_json()
    assert first["total"] == 3 and len(first["items"]) == 2 and first["more"]
    assert first["items"][0]["flags"] == ["no_shift"]
    assert first["items"][0]["member_name"] == "吴党员"
    rest = api.get(f"/api/duty/hours?status=pending&limit=2&cursor={first['next_cursor']}")
    assert len(rest.get_json()["items"]) == 1
    assert api.get("/api/duty/hours?status=confirmed").get_json()["total"] == 0
    api.as_user("staff2")
    assert api.get("/api/duty/hours").get_json()["total"] == 0


@pytest.mark.parametrize("query", ["status=done", "year=26", "limit=0"])
def test_bad_list_arguments_are_400(api, world, query):
    api.as_user("staff")
    assert api.get(f"/api/duty/hours?{query}").status_code == 400


def test_totals_per_member_and_per_community(db, api, post, world):
    confirmed = hours_of(db, serve(api, post, start=-5, end=-3))["id"]
    serve(api, post, start=-2, end=-1)
    serve(api, post, "member2", start=-4, end=-3.5)
    decide(api, "staff", confirmed, "confirm")
    body = api.get(f"/api/duty/hours/totals?year={this_year()}").get_json()
    totals = {m["member_name"]: (m["confirmed"], m["pending"]) for m in body["members"]}
    assert totals == {"吴党员": (120, 60), "郑党员": (0, 30)}
    [community] = body["communities"]
    assert community["community"] == "东门社区" and community["members"] == 2
    assert (community["confirmed"], community["pending"]) == (120, 90)
    assert api.get(f"/api/duty/hours/totals?year={this_year() - 1}").get_json()["members"] == []


def read_workbook(response):
    assert response.status_code == 200
    book = openpyxl.load_workbook(BytesIO(response.data))
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_the_communitys_workbook(db, api, post, world):
    confirmed = hours_of(db, serve(api, post, start=-5, end=-3))["id"]
    decide(api, "staff", confirmed, "confirm")
    serve(api, post, start=-2, end=-1, point=None)
    api.as_user("staff")
    sheets = read_workbook(api.get(f"/api/duty/hours/export.xlsx?year={this_year()}"))
    records = sheets["服务时长"]
    assert records[0][:5] == ("年度", "社区", "党员", "所在党组织", "岗位")
    assert [(r[2], r[3], r[7], r[10]) for r in records[1:]] == [
        ("吴党员", "县财政局党支部", 120, "已确认"), ("吴党员", "县财政局党支部", 60, "待确认")]
    assert records[2][9] == "无定位、没有报名的班次"
    assert sheets["党员时长汇总"][1][1:5] == ("吴党员", "县财政局党支部", "东门社区", 2)
    assert sheets["社区时长汇总"][1][1:4] == ("东门社区", 1, 2)


def test_the_party_organisations_workbook_holds_its_own_members_only(db, api, post, world):
    serve(api, post)
    # A member of another organisation, serving at the same community.
    elsewhere = make_node(db, world["county"], kind="party_org", subtype="other", name="县教育局党支部")
    make_user(db, elsewhere, ["member"], username="teacher", name="钱老师")
    register(db, {"id": db.execute("SELECT id FROM users WHERE username = 'teacher'")
                  .fetchone()[0]}, world["community"])
    serve(api, post, "teacher")
    secretary = read_workbook(api.as_user("party_sec").get("/api/duty/hours/export.xlsx"))
    assert [r[2] for r in secretary["服务时长"][1:]] == ["吴党员"]
    staff = read_workbook(api.as_user("staff").get("/api/duty/hours/export.xlsx"))
    assert sorted(r[2] for r in staff["服务时长"][1:]) == ["吴党员", "钱老师"]
    other = read_workbook(api.as_user("staff2").get("/api/duty/hours/export.xlsx"))
    assert other["服务时长"][1:] == []
    assert api.as_user("member").get("/api/duty/hours/export.xlsx").status_code == 403
