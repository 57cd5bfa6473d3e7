"""Check-in and check-out at a post through sync, as the member's phone sends them offline: the
signed codes (forged, another post's, another year's, typed), the refusals (not registered, a
cancelled shift, a check-out without its check-in), each flag, and the post's QR poster read
back to exactly its signed payload."""
import io
import json

import pytest
import zxingcpp
from PIL import Image

from qzapp import clock
from qzapp.duty import checkins, codes
from qzapp.public import qr
from tests.duty_checkins import (
    FAR,
    POINT,
    Phone,
    at,
    checkin,
    checkout,
    make_post,
    make_shift,
    make_world,
    register,
    sign_up,
    this_year,
    zh,
)
from tests.factories import new_id


@pytest.fixture(autouse=True)
def app_context(app):
    """Codes are signed with the app's key."""
    with app.app_context():
        yield


@pytest.fixture
def world(db):
    return make_world(db)


@pytest.fixture
def post(db, world):
    return make_post(db, world["community"], world["staff"])


@pytest.fixture
def phone(api, world):
    return Phone(api, "member")


def stored(db, record_id):
    row = db.execute("SELECT * FROM duty_checkins WHERE id = ?", [record_id]).fetchone()
    if row is None:
        return None
    names = [c[0] for c in db.execute("SELECT * FROM duty_checkins LIMIT 0").description]
    record = dict(zip(names, row))
    record["flags"] = json.loads(record["flags"])
    return record


def accepted(phone, data):
    """Push one record; it must be applied; its stored row's flags."""
    record_id = new_id()
    [answer] = phone.send({"id": record_id, **data})
    assert answer["status"] == "applied", answer
    return record_id


def refused(phone, data):
    [answer] = phone.send(data)
    assert answer["status"] == "rejected", answer
    return answer


# --- the codes -------------------------------------------------------------------------------

def test_payload_and_short_code_verify_for_their_post_only(post):
    text = codes.payload(post["id"], post["year"])
    assert text.startswith(f"QZD1:{post['id']}:{post['year']}:") and len(text.split(":")[3]) == 10
    assert codes.verify(text) == (post["id"], post["year"])
    assert codes.verify(text[:-1] + ("A" if text[-1] != "A" else "B")) is None
    assert codes.verify(f"QZD1:{post['id']}:{post['year'] - 1}:{text.split(':')[3]}") is None
    short = codes.short_code(post["id"], post["year"])
    assert len(short) == 10 and short[:4] == codes.post_part(post["id"])
    assert codes.short_matches(codes.printed(short).lower(), post["id"], post["year"])
    assert not codes.short_matches(short, new_id(), post["year"])


def test_a_typed_code_forgives_what_hands_confuse():
    assert codes.parse(" abcd-efgh 12 ")[3] == "ABCDEFGH12"
    assert codes.parse("0OIL-1234-56")[3] == "0011123456"
    assert codes.parse("ABCU-EFGH12") is None   # U is not in the alphabet
    assert codes.parse("hello") is None


def test_the_poster_qr_decodes_to_exactly_the_signed_payload(post):
    image = Image.open(io.BytesIO(qr.png(codes.payload(post["id"], post["year"]))))
    [found] = zxingcpp.read_barcodes(image)
    assert found.text == codes.payload(post["id"], post["year"])


def test_the_poster_page_prints_the_code_and_its_short_code(api, post, world):
    api.as_user("staff")
    response = api.get(f"/api/duty/posts/{post['id']}/poster")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert post["title"] in page and "东门社区" in page
    assert codes.printed(codes.short_code(post["id"], post["year"])) in page
    assert page.count("<svg") == 1
    document = api.get(f"/api/duty/posts/{post['id']}/poster.svg")
    assert document.status_code == 200 and document.mimetype == "image/svg+xml"
    assert "attachment" in document.headers["Content-Disposition"]


@pytest.mark.parametrize("username, status", [("staff2", 404), ("member", 403)])
def test_the_poster_is_for_the_posts_own_staff(api, post, world, username, status):
    api.as_user(username)
    assert api.get(f"/api/duty/posts/{post['id']}/poster").status_code == status


# --- refusals --------------------------------------------------------------------------------

def test_a_forged_code_is_refused_with_a_reason(phone, post):
    good = codes.payload(post["id"], post["year"])
    forged = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    answer = refused(phone, checkin(post, code=forged))
    assert answer["reason"] == zh("duty.checkin.forged") and answer["code"] == "duty_code"


def test_a_made_up_short_code_is_refused(phone, post):
    short = codes.post_part(post["id"]) + "ZZZZZZ"
    if short == codes.short_code(post["id"], post["year"]):
        short = codes.post_part(post["id"]) + "YYYYYY"
    assert refused(phone, checkin(post, code=short))["reason"] == zh("duty.checkin.forged")


def test_another_posts_code_is_refused(db, phone, post, world):
    other = make_post(db, world["community"], world["staff"], title="垃圾分类督导岗")
    answer = refused(phone, checkin(post, code=codes.payload(other["id"], other["year"])))
    assert answer["reason"] == zh("duty.checkin.other_post", post="垃圾分类督导岗",
                                  claimed=post["title"])
    typed = codes.short_code(other["id"], other["year"])
    assert refused(phone, checkin(post, code=typed))["reason"] == answer["reason"]


def test_a_code_of_another_year_is_refused(db, phone, world):
    old = make_post(db, world["community"], world["staff"], year=this_year() - 1)
    register(db, world["member"], world["community"])
    answer = refused(phone, checkin(old))
    assert answer["reason"] == zh("duty.checkin.other_year", year=this_year() - 1,
                                  at_year=this_year())
    # A code signed for another year than its post's says so too.
    post = make_post(db, world["community"], world["staff"])
    answer = refused(phone, checkin(post, code=codes.payload(post["id"], this_year() - 1)))
    assert answer["reason"] == zh("duty.checkin.code_year", year=this_year() - 1,
                                  post_year=this_year())


def test_a_member_not_approved_with_the_community_is_refused(db, api, post, world):
    register(db, world["stranger"], world["community"], status="pending")
    answer = refused(Phone(api, "stranger"), checkin(post))
    assert answer["reason"] == zh("duty.checkin.not_registered", community="东门社区")


def test_only_members_check_in(api, post):
    answer = refused(Phone(api, "staff"), checkin(post))
    assert answer["code"] == "forbidden"


def test_a_check_in_on_a_cancelled_shift_is_refused(db, phone, post, world):
    shift = make_shift(db, post, world["staff"], at(-1), at(2), cancelled=True)
    answer = refused(phone, checkin(post, shift_id=shift["id"]))
    assert answer["reason"] == zh("duty.checkin.shift_cancelled")


def test_a_check_in_during_my_shift_that_was_cancelled_is_refused(db, phone, post, world):
    """The phone did not know (it names no shift): the server finds it all the same."""
    shift = make_shift(db, post, world["staff"], at(-1), at(2), cancelled=True)
    sign_up(db, shift, world["member"], status="cancelled", cancel_reason="shift_cancelled")
    assert refused(phone, checkin(post))["reason"] == zh("duty.checkin.shift_cancelled")
    # Another shift of mine there that holds the moment is served instead.
    other = make_shift(db, post, world["staff"], at(-0.5), at(1))
    sign_up(db, other, world["member"])
    assert stored(db, accepted(phone, checkin(post)))["shift_id"] == other["id"]


def test_a_check_out_without_a_check_in_is_refused(db, phone, post):
    answer = refused(phone, checkout(post))
    assert answer["reason"] == zh("duty.checkout.no_checkin") and "没有对应的签到" in answer[
        "reason"]
    assert db.execute("SELECT count(*) FROM duty_checkins").fetchone()[0] == 0


def test_a_check_out_at_another_post_closes_nothing(db, phone, post, world):
    other = make_post(db, world["community"], world["staff"], title="另一岗")
    accepted(phone, checkin(post, at(-2)))
    assert refused(phone, checkout(other))["reason"] == zh("duty.checkout.no_checkin")


def test_someone_elses_check_in_cannot_be_closed(db, api, phone, post):
    mine = accepted(phone, checkin(post, at(-2)))
    answer = refused(Phone(api, "member2", "duty-phone-2"), checkout(post, checkin_id=mine))
    assert answer["reason"] == zh("duty.checkout.no_checkin")


def test_a_check_in_is_closed_once(phone, post):
    opened = accepted(phone, checkin(post, at(-2)))
    accepted(phone, checkout(post, at(-1), checkin_id=opened))
    answer = refused(phone, checkout(post, checkin_id=opened))
    assert answer["reason"] == zh("duty.checkout.closed_already")


def test_a_check_out_before_its_check_in_is_refused(phone, post):
    opened = accepted(phone, checkin(post, at(-1)))
    answer = refused(phone, checkout(post, at(-2), checkin_id=opened))
    assert answer["reason"] == zh("duty.checkout.before_checkin")


@pytest.mark.parametrize("data, field", [
    ({"code": "hello"}, "code"),
    ({"lat": 30.1, "lng": None}, "lat"),
    ({"kind": "maybe"}, "kind"),
    ({"at": "yesterday"}, "at"),
])
def test_bad_input_names_its_field(phone, post, data, field):
    answer = refused(phone, {**checkin(post), **data})
    assert field in {e["field"] for e in answer["errors"]}


def test_check_ins_are_never_changed_afterwards(phone, post):
    record_id = accepted(phone, checkin(post, at(-1)))
    [answer] = phone.send({"id": record_id, **checkin(post)})
    assert answer["status"] in ("rejected", "conflict") and answer.get("code") != "applied"


# --- accepted, and flagged -------------------------------------------------------------------

def test_a_check_in_on_time_at_the_post_has_no_flags(db, phone, post, world):
    shift = make_shift(db, post, world["staff"], at(-1), at(2))
    sign_up(db, shift, world["member"])
    row = stored(db, accepted(phone, checkin(post)))
    assert row["flags"] == [] and row["shift_id"] == shift["id"]
    assert row["node_id"] == world["community"]["id"] and row["distance_m"] < 1


def test_the_typed_code_checks_in_without_naming_the_post(db, phone, post, world):
    shift = make_shift(db, post, world["staff"], at(-1), at(2))
    sign_up(db, shift, world["member"])
    typed = codes.printed(codes.short_code(post["id"], post["year"])).lower()
    data = checkin(post, code=typed)
    del data["post_id"]
    row = stored(db, accepted(phone, data))
    assert row["post_id"] == post["id"] and row["flags"] == []


def test_far_from_the_post(db, phone, post, world):
    assert stored(db, accepted(phone, checkin(post, point=FAR)))["flags"] == ["far", "no_shift"]


def test_accuracy_widens_the_post(db, phone, post):
    row = stored(db, accepted(phone, checkin(post, point=FAR, accuracy=2500)))
    assert "far" not in row["flags"] and 1900 < row["distance_m"] < 2100


def test_no_gps(db, phone, post):
    assert stored(db, accepted(phone, checkin(post, point=None)))["flags"] == ["no_gps",
                                                                               "no_shift"]


def test_outside_the_shift_window(db, phone, post, world):
    shift = make_shift(db, post, world["staff"], at(-6), at(-4))
    sign_up(db, shift, world["member"])
    row = stored(db, accepted(phone, checkin(post)))
    assert row["flags"] == ["outside_shift"] and row["shift_id"] == shift["id"]


def test_the_communitys_tolerance_counts(db, phone, post, world):
    shift = make_shift(db, post, world["staff"], at(0.4), at(3))   # starts in 24 minutes
    sign_up(db, shift, world["member"])
    assert stored(db, accepted(phone, checkin(post)))["flags"] == []
    db["duty_settings"].insert({"node_id": world["community"]["id"], "signup_cutoff_hours": 2,
                                "checkin_tolerance_minutes": 10,
                                "updated_at": clock.now_iso()})
    assert stored(db, accepted(phone, checkin(post)))["flags"] == ["outside_shift"]


def test_a_named_shift_outside_its_window(db, phone, post, world):
    shift = make_shift(db, post, world["staff"], at(5), at(7))
    assert stored(db, accepted(phone, checkin(post, shift_id=shift["id"])))["flags"] == [
        "outside_shift"]


def test_no_shift_of_the_member(db, phone, post, world):
    make_shift(db, post, world["staff"], at(-1), at(2))   # signed up by nobody
    assert stored(db, accepted(phone, checkin(post)))["flags"] == ["no_shift"]


def test_a_check_out_too_long_after_its_check_in(db, phone, post):
    opened = accepted(phone, checkin(post, at(-13)))
    row = stored(db, accepted(phone, checkout(post, checkin_id=opened)))
    assert "too_long" in row["flags"] and row["checkin_id"] == opened


def test_a_check_out_closes_the_open_check_in_without_naming_it(db, phone, post):
    opened = accepted(phone, checkin(post, at(-2)))
    assert stored(db, accepted(phone, checkout(post)))["checkin_id"] == opened


def test_a_phone_clock_ahead_is_held_to_the_servers_time(db, phone, post):
    row = stored(db, accepted(phone, checkin(post, at(5))))
    assert checkins._moment(row["at"]) <= clock.now()


def test_the_distance_is_haversine():
    assert checkins.distance_m(*POINT, *POINT) == 0
    assert 1990 < checkins.distance_m(*POINT, *FAR) < 2010
    assert 111_000 < checkins.distance_m(0, 0, 1, 0) < 111_400


def test_the_rules_are_served(client):
    body = client.get("/js/rules.js").get_data(as_text=True)
    served = json.loads(body.split("export default ", 1)[1].rstrip(";\n"))["duty"]
    assert served["checkin"]["too_long_hours"] == 12
    assert served["checkin"]["code"]["alphabet"] == codes.CROCKFORD
    assert served["checkin"]["flags"] == ["far", "no_gps", "outside_shift", "no_shift",
                                          "too_long"]
