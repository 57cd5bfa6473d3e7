"""Leaders' grassroots work (F8): days at the grassroots counted from the records, each date
once; research visits and the entourage rule; research reports (text or a document); targets
and contact points set by administrators; who reads a leader."""
import datetime as dt
import hashlib
import io
import zipfile

import pytest

from qzapp.clock import today
from tests.duty_world import zh
from tests.factories import ApiClient, make_node, new_id
from tests.leaders_world import Phone, day, make_world, visit

YEAR = today().year - 1   # a whole year that is over: nothing of it lies in the future


@pytest.fixture
def world(db):
    return make_world(db)


def days_of(app, username, user_id, year=YEAR):
    answer = ApiClient(app.test_client()).as_user(username).get(
        f"/api/leaders/{user_id}?year={year}")
    assert answer.status_code == 200, answer.json
    return answer.json["days"]


def test_a_city_leader_at_89_days_is_behind_and_at_90_is_not(app, world):
    """The seed's 90 days a year for city leaders, at its boundary, on a year that is over."""
    phone = Phone(app, "l_mayor")
    first = dt.date(YEAR, 1, 1)
    results = phone.push("grassroots_day", *(day(first + dt.timedelta(days=n))
                                             for n in range(89)))
    assert {r["status"] for r in results} == {"applied"}
    days = days_of(app, "l_sup", world["mayor"]["id"])
    assert (days["count"], days["target"], days["remaining"], days["behind"]) == (89, 90, 1, True)
    phone.push("grassroots_day", day(first + dt.timedelta(days=200)))
    days = days_of(app, "l_sup", world["mayor"]["id"])
    assert (days["count"], days["remaining"], days["behind"]) == (90, 0, False)


def test_a_day_proven_by_two_records_counts_once(app, world):
    """A logged day, a diary and a research visit of the same date: one day, three proofs."""
    phone = Phone(app, "l_chief")
    date = f"{YEAR}-05-06"
    phone.push("grassroots_day", day(date))
    phone.push("research_visit", visit(date))
    phone.push("diary", {"kind": "visit", "occurred_at": f"{date}T10:00:00+08:00",
                         "heard": "反映路灯", "photos": []})
    days = days_of(app, "l_chief", world["chief"]["id"])
    assert days["count"] == 1
    assert sorted(s["kind"] for s in days["list"][0]["sources"]) == ["diary", "logged", "visit"]


def test_a_visit_of_several_days_counts_each_of_them(app, world):
    phone = Phone(app, "l_chief")
    phone.push("research_visit", visit(f"{YEAR}-03-30", f"{YEAR}-04-02", kind="squat"))
    days = days_of(app, "l_chief", world["chief"]["id"])
    assert [d["day"] for d in days["list"]] == [f"{YEAR}-03-30", f"{YEAR}-03-31",
                                                f"{YEAR}-04-01", f"{YEAR}-04-02"]


def test_a_county_leader_has_no_target_until_a_node_sets_one(app, world):
    admin = ApiClient(app.test_client()).as_user("l_admin")
    assert days_of(app, "l_chief", world["chief"]["id"])["target"] is None
    answer = admin.put(f"/api/leaders/targets/{world['east']['id']}",
                       json={"county": {"days_per_year": 60, "receptions_per_month": None}})
    assert answer.status_code == 200, answer.json
    assert answer.json["targets"]["county"]["days_per_year"] == 60
    assert days_of(app, "l_chief", world["chief"]["id"])["target"] == 60
    # The city's own setting does not reach a county leader of another level.
    assert days_of(app, "l_sup", world["mayor"]["id"])["target"] == 90


def test_a_node_may_ask_more_of_city_leaders_never_less_than_the_seed(app, world):
    admin = ApiClient(app.test_client()).as_user("l_admin")
    url = f"/api/leaders/targets/{world['city']['id']}"
    answer = admin.put(url, json={"city": {"days_per_year": 89}})
    assert answer.status_code == 400
    assert answer.json["errors"] == [{"field": "city.days_per_year",
                                      "message": zh("leaders.days_below_floor", days=90)}]
    assert admin.put(url, json={"city": {"days_per_year": 120}}).status_code == 200
    assert days_of(app, "l_sup", world["mayor"]["id"])["target"] == 120
    bad = admin.put(url, json={"city": {"days_per_year": -1}, "village": {}})
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json["errors"]} == {"city.days_per_year", "village"}
    # Outside the admin's scope: as if it did not exist.
    other = make_node_outside(app)
    assert admin.put(f"/api/leaders/targets/{other}", json={}).status_code == 404


def make_node_outside(app):
    from qzapp.db import connect
    conn = connect(app.config["DATABASE"])
    try:
        return make_node(conn, kind="province", name="外省")["id"]
    finally:
        conn.close()


@pytest.mark.parametrize("heads, over", [
    ({"entourage_provincial": 3, "entourage_city": 3, "entourage_county": 1}, False),
    ({"entourage_provincial": 4}, True),
    ({"entourage_city": 4}, True),
    ({"entourage_county": 2}, True),
])
def test_a_provincial_leaders_entourage_at_the_seeds_limits(app, world, heads, over):
    """≤ 3 from provincial departments, ≤ 3 from the city, 1 from the county: one more is
    recorded with a visible flag and the reason, never refused for being over."""
    phone = Phone(app, "l_gov")
    [result] = phone.push("research_visit", visit(f"{YEAR}-06-01", **heads))
    if over:
        assert result["status"] == "rejected"
        assert result["errors"][0]["field"] == "over_reason"
        [result] = phone.push("research_visit", visit(f"{YEAR}-06-01", **heads,
                                                      over_reason="防汛检查需要"))
    assert result["status"] == "applied", result
    visits = ApiClient(app.test_client()).as_user("l_sup").get(
        f"/api/leaders/{world['gov']['id']}?year={YEAR}")
    # The province's leader is above the city supervisor's scope.
    assert visits.status_code == 404
    mine = ApiClient(app.test_client()).as_user("l_gov").get(f"/api/leaders/me?year={YEAR}")
    assert mine.json["visits"]["over_limit"] == int(over)
    assert mine.json["visits"]["list"][0]["over_limit"] is over


def test_a_city_leaders_visit_has_no_head_count_rule(app, world):
    [result] = Phone(app, "l_mayor").push("research_visit",
                                          visit(f"{YEAR}-06-01", entourage_city=9))
    assert result["status"] == "applied"


@pytest.mark.parametrize("data, field, key", [
    (visit(f"{YEAR}-06-01", entourage_city=-1), "entourage_city", None),
    (visit(f"{YEAR}-06-02", f"{YEAR}-06-01"), "ends_on", "leaders.visit_ends_before"),
    (visit(f"{YEAR}-01-01", f"{YEAR}-06-01"), "ends_on", None),
    (visit("2999-01-01"), "starts_on", "leaders.future_date"),
    (visit(f"{YEAR}-06-01", kind="party"), "kind", None),
])
def test_bad_visits_are_refused_with_a_reason(app, world, data, field, key):
    [result] = Phone(app, "l_chief").push("research_visit", data)
    assert result["status"] == "rejected"
    assert [e["field"] for e in result["errors"]] == [field]
    if key:
        assert result["errors"][0]["message"] == zh(key)


def test_days_refuse_the_future_and_others_than_leaders(app, world):
    [future] = Phone(app, "l_chief").push("grassroots_day", day("2999-01-01"))
    assert future["errors"] == [{"field": "day", "message": zh("leaders.future_date")}]
    [other] = Phone(app, "l_sup").push("grassroots_day", day(f"{YEAR}-01-01"))
    assert other["status"] == "rejected" and other["code"] == "forbidden"


def test_a_place_outside_the_leaders_scope_is_refused(app, world):
    [result] = Phone(app, "l_chief").push("grassroots_day",
                                          day(f"{YEAR}-01-01", place_node_id=world["west"]["id"]))
    assert result["errors"][0]["field"] == "place_node_id"
    [ok_] = Phone(app, "l_chief").push("grassroots_day",
                                       day(f"{YEAR}-01-01", place_node_id=world["village"]["id"]))
    assert ok_["status"] == "applied"


def test_scope_a_county_supervisor_sees_its_leader_not_its_neighbours(app, world):
    east = ApiClient(app.test_client()).as_user("l_east_sup")
    west = ApiClient(app.test_client()).as_user("l_west_sup")
    assert east.get(f"/api/leaders/{world['chief']['id']}").status_code == 200
    assert west.get(f"/api/leaders/{world['chief']['id']}").status_code == 404
    assert [r["id"] for r in east.get("/api/leaders").json["items"]] == [world["chief"]["id"]]
    assert west.get("/api/leaders").json["items"] == []
    city = ApiClient(app.test_client()).as_user("l_sup").get("/api/leaders").json
    assert {r["id"] for r in city["items"]} == {world["mayor"]["id"], world["chief"]["id"]}
    assert west.get(f"/api/leaders?node_id={world['east']['id']}").status_code == 404
    for year in ("1999", "abc", "20261"):
        answer = east.get(f"/api/leaders?year={year}")
        assert answer.status_code == 400
        assert answer.json["errors"] == [{"field": "year", "message": zh("field.year_invalid")}]


def test_contact_points_set_by_an_admin_of_both(app, world):
    admin = ApiClient(app.test_client()).as_user("l_admin")
    url = f"/api/leaders/{world['chief']['id']}/contacts"
    answer = admin.put(url, json={"node_ids": [world["village"]["id"], world["town"]["id"]]})
    assert answer.status_code == 200, answer.json
    assert [c["name"] for c in answer.json["contacts"]] == ["东镇", "东村"]
    assert admin.put(url, json={"node_ids": [make_node_outside(app)]}).status_code == 400
    assert admin.put(url, json={"node_ids": "东村"}).status_code == 400
    assert admin.put(url, json={"node_ids": [2 ** 63]}).status_code == 400
    # A county is no contact point: a township, a village or community, a unit is.
    wrong = admin.put(url, json={"node_ids": [world["east"]["id"]]})
    assert wrong.json["errors"] == [{"field": "node_ids", "message": zh("leaders.contact_kind")}]
    mine = ApiClient(app.test_client()).as_user("l_chief").get("/api/leaders/me").json
    assert [c["name"] for c in mine["contacts"]] == ["东镇", "东村"]
    answer = admin.put(url, json={"node_ids": [world["village"]["id"]]})
    assert [c["name"] for c in answer.json["contacts"]] == ["东村"]
    # A leader is not their own administrator.
    assert ApiClient(app.test_client()).as_user("l_chief").put(
        url, json={"node_ids": []}).status_code == 403


# --- Reports -----------------------------------------------------------------------------------

def pdf_bytes(text="report"):
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text.encode()
            + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(api, data):
    sha = hashlib.sha256(data).hexdigest()
    return sha, api.put(f"/api/leaders/documents/{sha}", data=data)


def test_a_report_as_text_meets_the_years_target(app, world):
    phone = Phone(app, "l_chief")
    [made] = phone.push("research_visit", visit(f"{YEAR}-02-01"))
    visit_id = phone.api.get(f"/api/leaders/me?year={YEAR}").json["visits"]["list"][0]["id"]
    assert made["status"] == "applied"
    [result] = phone.push("research_report", {"year": YEAR, "title": "关于饮水安全的调研报告",
                                              "body": "全文……", "visit_ids": [visit_id]})
    assert result["status"] == "applied", result
    reports = phone.api.get(f"/api/leaders/me?year={YEAR}").json["reports"]
    assert (reports["count"], reports["met"]) == (1, True)
    assert reports["list"][0]["visit_ids"] == [visit_id]


def test_an_empty_report_and_a_strangers_visit_are_refused(app, world):
    [empty] = Phone(app, "l_chief").push("research_report", {"year": YEAR, "title": "空"})
    assert empty["errors"] == [{"field": "body", "message": zh("leaders.report_empty")}]
    [strange] = Phone(app, "l_chief").push("research_report", {
        "year": YEAR, "title": "题", "body": "文", "visit_ids": [new_id()]})
    assert strange["errors"][0]["field"] == "visit_ids"


@pytest.mark.parametrize("data", [pdf_bytes(), docx_bytes(), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                  + b"\0" * 600])
def test_a_pdf_or_word_document_is_taken_and_served_to_readers_only(app, world, data):
    leader = ApiClient(app.test_client()).as_user("l_chief")
    sha, answer = upload(leader, data)
    assert answer.status_code == 201, answer.json
    assert upload(leader, data)[1].status_code == 200   # again: idempotent
    phone = Phone(app, "l_chief")
    [result] = phone.push("research_report", {"year": YEAR, "title": "报告", "document": sha,
                                              "document_name": "调研报告"})
    assert result["status"] == "applied", result
    got = ApiClient(app.test_client()).as_user("l_east_sup").get(
        f"/api/leaders/documents/{sha}")
    assert got.status_code == 200 and got.data == data
    assert "attachment" in got.headers["Content-Disposition"]
    assert ApiClient(app.test_client()).as_user("l_west_sup").get(
        f"/api/leaders/documents/{sha}").status_code == 404


@pytest.mark.parametrize("data", [b"%PDF-1.4 but not really a pdf", b"hello, I am a .doc",
                                  b"PK\x03\x04broken zip", b""])
def test_a_file_that_is_not_what_it_claims_is_refused(app, world, data):
    sha, answer = upload(ApiClient(app.test_client()).as_user("l_chief"), data)
    assert answer.status_code == 415
    assert answer.json["error"] == zh("leaders.document_kind")
    [result] = Phone(app, "l_chief").push("research_report", {
        "year": YEAR, "title": "报告", "document": sha, "document_name": "x.pdf"})
    assert result["errors"] == [{"field": "document",
                                 "message": zh("leaders.document_not_uploaded")}]


def test_a_document_too_large_or_not_matching_its_hash_is_refused(app, world):
    leader = ApiClient(app.test_client()).as_user("l_chief")
    big = pdf_bytes("x" * (10 * 1024 * 1024))
    assert upload(leader, big)[1].status_code == 413
    answer = leader.put(f"/api/leaders/documents/{'0' * 64}", data=pdf_bytes())
    assert answer.status_code == 400
    assert answer.json["error"] == zh("leaders.document_hash_mismatch")
    assert leader.put("/api/leaders/documents/xyz", data=b"").status_code == 400
    # Only leaders upload reports.
    assert upload(ApiClient(app.test_client()).as_user("l_sup"), pdf_bytes())[1] \
        .status_code == 403
