"""Pledges (承诺践诺): a member approved with a community pledges offline, records its
fulfilment with photos; the community's staff confirm it or return it with a reason the member
is told. The public board's section: test_duty_pledge_board.py."""
import datetime as dt

import pytest

from qzapp.db import fetch_all, fetch_one, fetch_value
from qzapp.duty import pledge_board, pledges
from tests.duty_places import Phone, make_places, register
from tests.images import phone_jpeg, sha

DAY = dt.date(2026, 6, 15)
PLEDGE = {"year": 2026, "text": "每月为小区独居老人上门服务一次", "due_on": "2026-09-30"}


@pytest.fixture(autouse=True)
def june(monkeypatch):
    """Pledges are judged on 15 June 2026 (the rest of the app keeps the real clock)."""
    monkeypatch.setattr(pledges, "today", lambda: DAY)
    monkeypatch.setattr(pledge_board, "today", lambda: DAY)


@pytest.fixture
def places(db):
    return make_places(db)


@pytest.fixture
def wu(app, places):
    return Phone(app, "wu")


@pytest.fixture
def staff(app, places):
    return Phone(app, "staff")


def pledged(phone, **overrides):
    """A pledge the phone made and the server took; its id."""
    result = phone.put("duty_pledge", {**PLEDGE, **overrides})
    assert result["status"] == "applied", result
    return result["id"]


def recorded(phone, pledge_id, **overrides):
    """A record of fulfilment the server took; its id."""
    result = phone.put("duty_pledge_record", {"pledge_id": pledge_id, "text": "已上门三次",
                                              **overrides})
    assert result["status"] == "applied", result
    return result["id"]


def pledge_of(db, pledge_id):
    return fetch_one(db, "SELECT * FROM duty_pledges WHERE id = ?", [pledge_id])


def notices_of(db, user):
    return fetch_all(db, "SELECT kind, title, body, link FROM notices WHERE user_id = ?"
                         " ORDER BY created_at", [user["id"]])


def decide(phone, pledge_id, decision, reason=None):
    body = {"decision": decision, **({"reason": reason} if reason is not None else {})}
    return phone.api.post(f"/api/duty/pledges/{pledge_id}/decision", body)


# --- making a pledge --------------------------------------------------------------------------

def test_an_approved_member_pledges_where_they_are_registered(db, wu, places):
    pledge_id = pledged(wu)
    row = pledge_of(db, pledge_id)
    assert (row["node_id"], row["status"], row["created_by"]) == (
        places["east"]["id"], "open", places["wu"]["id"])
    assert wu.pulled("duty_pledge")[pledge_id]["text"] == PLEDGE["text"]


@pytest.mark.parametrize("who", ["pending", "nobody"])
def test_only_an_approved_member_pledges(app, db, places, who):
    result = Phone(app, who).put("duty_pledge", PLEDGE)
    assert result["status"] == "rejected" and result["code"] == "forbidden"
    assert "报到" in result["reason"]
    assert fetch_value(db, "SELECT count(*) FROM duty_pledges") == 0


def test_a_cadre_who_is_no_member_cannot_pledge(app, places):
    result = Phone(app, "cadre").put("duty_pledge", PLEDGE)
    assert (result["status"], result["code"]) == ("rejected", "forbidden")


@pytest.mark.parametrize("data,field,words", [
    ({"due_on": "2027-01-10"}, "due_on", "2026 年内"),
    ({"year": 2025, "due_on": "2025-12-01"}, "year", "2026 至 2027"),
    ({"year": 2028, "due_on": "2028-03-01"}, "year", "2026 至 2027"),
    ({"due_on": "2026-06-14"}, "due_on", "不能早于今天"),
    ({"due_on": "2026-02-30"}, "due_on", "日期"),
    ({"text": "诺" * 501}, "text", "500"),
    ({"text": "  "}, "text", "必填"),
])
def test_a_pledge_s_dates_and_text_are_checked(db, wu, data, field, words):
    result = wu.put("duty_pledge", {**PLEDGE, **data})
    assert result["status"] == "rejected" and result["code"] == "validation"
    assert [e["field"] for e in result["errors"]] == [field]
    assert words in result["errors"][0]["message"]
    assert fetch_value(db, "SELECT count(*) FROM duty_pledges") == 0


def test_next_year_s_pledge_and_one_due_today_are_taken(db, wu):
    assert pledge_of(db, pledged(wu, year=2027, due_on="2027-03-01"))["year"] == 2027
    assert pledge_of(db, pledged(wu, due_on=DAY.isoformat()))["due_on"] == "2026-06-15"


def test_a_pledge_whose_day_has_passed_keeps_it_when_edited(db, wu, monkeypatch):
    pledge_id = pledged(wu, due_on="2026-06-20")
    monkeypatch.setattr(pledges, "today", lambda: dt.date(2026, 7, 1))
    assert wu.put("duty_pledge", {**PLEDGE, "due_on": "2026-06-20", "text": "改一改"},
                  pledge_id)["status"] == "applied"
    moved = wu.put("duty_pledge", {**PLEDGE, "due_on": "2026-06-25"}, pledge_id)
    assert moved["errors"][0]["field"] == "due_on"


def test_status_and_place_are_the_server_s(db, wu):
    result = wu.put("duty_pledge", {**PLEDGE, "status": "confirmed"})
    assert result["status"] == "rejected"
    assert {e["field"] for e in result["errors"]} == {"status"}


def test_a_member_who_moved_cannot_change_a_pledge_of_the_old_community(db, wu, places):
    pledge_id = pledged(wu)
    db.execute("UPDATE duty_registrations SET status = 'ended' WHERE created_by = ?",
               [places["wu"]["id"]])
    db.conn.commit()
    register(db, places["wu"], places["west"])
    result = wu.put("duty_pledge", {**PLEDGE, "text": "换了社区"}, pledge_id)
    assert (result["status"], result["code"]) == ("rejected", "forbidden")
    assert pledge_of(db, pledge_id)["text"] == PLEDGE["text"]
    assert pledge_of(db, pledged(wu))["node_id"] == places["west"]["id"]


# --- records of fulfilment --------------------------------------------------------------------

def test_a_record_with_a_photo_marks_the_pledge_fulfilled(db, wu, places):
    pledge_id = pledged(wu)
    photo = phone_jpeg()
    upload = wu.api.client.put(f"/api/media/{sha(photo)}", data=photo, headers={
        "X-Requested-With": "qzapp", "Content-Type": "image/jpeg"})
    assert upload.status_code in (200, 201)
    record_id = recorded(wu, pledge_id, photos=[sha(photo)])
    assert pledge_of(db, pledge_id)["status"] == "fulfilled"
    assert wu.pulled("duty_pledge")[pledge_id]["status"] == "fulfilled"
    assert wu.pulled("duty_pledge_record")[record_id]["photos"] == [sha(photo)]
    # the staff see it, photo and all
    staff = Phone(wu.api.client.application, "staff")
    answer = staff.api.get(f"/api/duty/pledges/{pledge_id}").json
    assert answer["records"][0]["photos"] == [sha(photo)]
    assert answer["pledge"]["member_name"] == "吴党员"
    assert staff.api.get(f"/media/{sha(photo)}.thumb.jpg").status_code == 200


def test_a_photo_not_uploaded_is_refused_and_nothing_changes(db, wu):
    pledge_id = pledged(wu)
    result = wu.put("duty_pledge_record", {"pledge_id": pledge_id, "text": "做了",
                                           "photos": ["a" * 64]})
    assert result["status"] == "rejected"
    assert pledge_of(db, pledge_id)["status"] == "open"


def test_a_record_only_for_my_own_pledge(app, db, wu, places):
    pledge_id = pledged(wu)
    for phone, target in ((Phone(app, "li"), pledge_id), (wu, "0" * 8 + "-0000-4000-8000-" + "0" * 12)):
        result = phone.put("duty_pledge_record", {"pledge_id": target, "text": "替他做了"})
        assert result["status"] == "rejected"
        assert result["errors"] == [{"field": "pledge_id", "message": "只能为自己的承诺记录践诺情况"}]
    assert pledge_of(db, pledge_id)["status"] == "open"


def test_a_record_cannot_move_to_another_pledge(db, wu):
    first, second = pledged(wu), pledged(wu, text="第二项承诺")
    record_id = recorded(wu, first)
    moved = wu.put("duty_pledge_record", {"pledge_id": second, "text": "挪过去"}, record_id)
    assert moved["status"] == "rejected"
    assert pledge_of(db, second)["status"] == "open"


def test_withdrawing_the_last_record_opens_the_pledge_again(db, wu):
    pledge_id = pledged(wu)
    first, second = recorded(wu, pledge_id), recorded(wu, pledge_id, text="又去了一次")
    assert wu.delete("duty_pledge_record", first)["status"] == "applied"
    assert pledge_of(db, pledge_id)["status"] == "fulfilled"
    assert wu.delete("duty_pledge_record", second)["status"] == "applied"
    assert pledge_of(db, pledge_id)["status"] == "open"


def test_a_pledge_and_its_record_in_one_push(db, wu):
    from tests.factories import new_id, put
    pledge_id = new_id()
    answer = wu.api.push([put(1, pledge_id, PLEDGE, entity="duty_pledge"),
                          put(2, new_id(), {"pledge_id": pledge_id, "text": "当天就做了"},
                              entity="duty_pledge_record")], wu.device)
    assert [r["status"] for r in answer.json["results"]] == ["applied", "applied"]
    assert pledge_of(db, pledge_id)["status"] == "fulfilled"


# --- the staff's decision ---------------------------------------------------------------------

def test_the_staff_confirm_and_the_member_is_told(db, wu, staff, places):
    pledge_id = pledged(wu)
    recorded(wu, pledge_id)
    answer = decide(staff, pledge_id, "confirm")
    assert answer.status_code == 200 and answer.json["pledge"]["status"] == "confirmed"
    row = pledge_of(db, pledge_id)
    assert (row["status"], row["decided_by"]) == ("confirmed", places["staff"]["id"])
    [notice] = notices_of(db, places["wu"])
    assert notice["kind"] == "duty_pledge_confirmed" and PLEDGE["text"][:10] in notice["body"]
    assert notice["link"] == f"#/duty-pledge?id={pledge_id}"
    assert wu.pulled("duty_pledge")[pledge_id]["status"] == "confirmed"
    # confirmed, the pledge is no longer the member's to change or withdraw
    assert wu.put("duty_pledge", {**PLEDGE, "text": "改"}, pledge_id)["code"] == "forbidden"
    assert wu.delete("duty_pledge", pledge_id)["code"] == "forbidden"


def test_a_return_needs_a_reason_the_member_reads(db, wu, staff, places):
    pledge_id = pledged(wu)
    recorded(wu, pledge_id)
    blank = decide(staff, pledge_id, "return", "  ")
    assert blank.status_code == 400 and blank.json["errors"][0]["field"] == "reason"
    answer = decide(staff, pledge_id, "return", "照片看不出是哪次服务，请补充")
    assert answer.status_code == 200
    pulled = wu.pulled("duty_pledge")[pledge_id]
    assert (pulled["status"], pulled["reason"]) == ("open", "照片看不出是哪次服务，请补充")
    [notice] = notices_of(db, places["wu"])
    assert notice["kind"] == "duty_pledge_returned" and "请补充" in notice["title"]
    # a new record sends it back to the staff
    recorded(wu, pledge_id, text="补充了服务照片")
    assert pledge_of(db, pledge_id)["status"] == "fulfilled"
    assert decide(staff, pledge_id, "confirm").status_code == 200


@pytest.mark.parametrize("record,confirm_first,words", [
    (False, False, "还没有践诺记录"), (True, True, "已确认"),
])
def test_only_a_fulfilled_pledge_is_decided(wu, staff, record, confirm_first, words):
    pledge_id = pledged(wu)
    if record:
        recorded(wu, pledge_id)
    if confirm_first:
        assert decide(staff, pledge_id, "confirm").status_code == 200
    answer = decide(staff, pledge_id, "confirm")
    assert answer.status_code == 409 and words in answer.json["error"]


def test_staff_of_another_community_cannot_decide_or_see(app, db, wu, places):
    pledge_id = pledged(wu)
    recorded(wu, pledge_id)
    west = Phone(app, "wstaff")
    assert decide(west, pledge_id, "confirm").status_code == 404
    assert west.api.get(f"/api/duty/pledges/{pledge_id}").status_code == 404
    assert west.api.get("/api/duty/pledges").json["items"] == []
    assert pledge_id not in west.pulled("duty_pledge")
    assert pledge_of(db, pledge_id)["status"] == "fulfilled"


@pytest.mark.parametrize("who,status", [("wu", 403), ("supervisor", 403), ("cadre", 403)])
def test_only_staff_decide(app, wu, who, status):
    pledge_id = pledged(wu)
    recorded(wu, pledge_id)
    assert decide(Phone(app, who), pledge_id, "confirm").status_code == status


def test_a_bad_decision_is_a_clear_400(wu, staff):
    pledge_id = pledged(wu)
    answer = decide(staff, pledge_id, "approve")
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "decision"


# --- the staff's list -------------------------------------------------------------------------

def test_the_staff_list_by_status_and_year_a_page_at_a_time(app, db, wu, staff, places):
    first, second = pledged(wu, due_on="2026-07-01"), pledged(wu, due_on="2026-08-01")
    pledged(Phone(app, "li"), due_on="2026-09-01")
    pledged(wu, year=2027, due_on="2027-02-01")
    recorded(wu, second)
    listed = staff.api.get("/api/duty/pledges").json
    assert [i["due_on"] for i in listed["items"]] == ["2026-07-01", "2026-08-01", "2026-09-01"]
    assert listed["items"][0]["member_name"] == "吴党员" and listed["total"] == 3
    assert listed["items"][1]["records"] == 1
    assert [i["id"] for i in staff.api.get("/api/duty/pledges?status=fulfilled").json[
        "items"]] == [second]
    assert staff.api.get("/api/duty/pledges?year=2027").json["total"] == 1
    page = staff.api.get("/api/duty/pledges?limit=2").json
    assert page["more"] and [i["id"] for i in page["items"]] == [first, second]
    rest = staff.api.get(f"/api/duty/pledges?limit=2&cursor={page['next_cursor']}").json
    assert len(rest["items"]) == 1 and not rest["more"]


def test_the_supervisor_above_reads_the_list(app, wu):
    pledged(wu)
    assert Phone(app, "super").api.get("/api/duty/pledges").json["total"] == 1


@pytest.mark.parametrize("query,field", [("status=done", "status"), ("year=20x6", "year"),
                                         ("limit=0", "limit")])
def test_a_bad_filter_is_a_clear_400(staff, query, field):
    answer = staff.api.get(f"/api/duty/pledges?{query}")
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == field


def test_members_do_not_read_the_staff_list(wu):
    assert wu.api.get("/api/duty/pledges").status_code == 403


def test_the_rules_the_phone_checks_are_served(client):
    from tests.test_rules_served import served_rules
    assert served_rules(client)["duty"]["pledge"] == {
        "text_max": pledges.TEXT_MAX, "record_text_max": pledges.RECORD_TEXT_MAX,
        "photos_max": pledges.PHOTOS_MAX, "reason_max": pledges.REASON_MAX,
        "years_ahead": pledges.YEARS_AHEAD, "statuses": list(pledges.STATUSES)}
    assert pledges.FIELDS["text"].max_len == pledges.TEXT_MAX

