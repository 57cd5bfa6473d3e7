"""Community duty, part A: members' registrations with a community (approval, one at a time,
moving), service posts and claims (capacity, this year's, approved members only), the yearly
rule tracked for community staff and for the member's party organisation, a community's
settings, and the scope of staff."""
import pytest

from qzapp import clock
from qzapp.duty import rules
from tests.duty_world import (
    Phone,
    decide,
    make_post,
    make_world,
    notices_of,
    register,
    registered,
    zh,
)


@pytest.fixture
def world(app, db):
    """Two communities of a county, their staff, three members of a party organisation."""
    return make_world(db)


@pytest.fixture
def phones(app, world):
    """A phone for each account of the world, by name."""
    return {name: Phone(app, f"duty_{name}") for name in ("east_staff", "west_staff", "m1", "m2", "m3",
                                                 "party_sec", "admin")}


# --- registration -------------------------------------------------------------------------

def test_a_registration_waits_for_its_staff_who_are_told(phones, world, db):
    result = register(phones["m1"], world["east"])
    assert result["status"] == "applied"
    stored = db["duty_registrations"].get(result["id"])
    assert (stored["status"], stored["node_id"], stored["created_by"]) == (
        "pending", world["east"]["id"], world["m1"]["id"])
    assert notices_of(db, world["east_staff"]) == [(
        "duty_registration_received", zh("notice.duty_registration_received.title",
                                         member="m1姓名", community="东社区"))]
    assert notices_of(db, world["west_staff"]) == []


def test_staff_approve_and_the_member_is_told(phones, world, db):
    reg = register(phones["m1"], world["east"])["id"]
    answer = decide(phones["east_staff"], reg)
    assert answer.status_code == 200
    assert answer.json["registration"]["status"] == "approved"
    assert answer.json["registration"]["member_name"] == "m1姓名"
    stored = db["duty_registrations"].get(reg)
    assert stored["decided_by"] == world["east_staff"]["id"] and stored["decided_at"]
    assert ("duty_registration_approved", zh("notice.duty_registration_approved.title",
                                             community="东社区")) in notices_of(db, world["m1"])
    mine = phones["m1"].get("/api/duty/community")
    assert mine["community"]["name"] == "东社区"
    assert mine["registrations"][0]["status"] == "approved"


def test_declining_needs_a_reason_the_member_sees(phones, world, db):
    reg = register(phones["m1"], world["east"])["id"]
    answer = decide(phones["east_staff"], reg, "decline")
    assert answer.status_code == 400
    assert answer.json["errors"] == [{"field": "reason",
                                      "message": zh("duty.registration.reason_required")}]
    assert decide(phones["east_staff"], reg, "decline", "不住本社区").status_code == 200
    mine = phones["m1"].get("/api/duty/community")
    assert mine["community"] is None
    assert (mine["registrations"][0]["status"], mine["registrations"][0]["reason"]) == (
        "declined", "不住本社区")
    assert notices_of(db, world["m1"])[-1] == (
        "duty_registration_declined", zh("notice.duty_registration_declined.title",
                                         community="东社区"))
    # declined: the member may register again, here or elsewhere
    assert register(phones["m1"], world["west"])["status"] == "applied"


def test_a_decided_registration_is_not_decided_again(phones, world):
    reg = register(phones["m1"], world["east"])["id"]
    assert decide(phones["east_staff"], reg).status_code == 200
    again = decide(phones["east_staff"], reg, "decline", "改主意")
    assert again.status_code == 409
    assert again.json["error"] == zh("duty.registration.decided_already",
                                     status=zh("duty.registration.status.approved"))


def test_one_community_at_a_time_while_one_waits(phones, world, db):
    assert register(phones["m1"], world["east"])["status"] == "applied"
    second = register(phones["m1"], world["west"])
    assert second["status"] == "rejected" and second["code"] == "pending"
    assert second["reason"] == zh("duty.registration.pending_elsewhere", community="东社区")
    assert db.execute("SELECT count(*) FROM duty_registrations").fetchone()[0] == 1


def test_registering_twice_with_the_same_community_is_refused(phones, world):
    registered(phones["m1"], phones["east_staff"], world["east"])
    again = register(phones["m1"], world["east"])
    assert (again["status"], again["reason"]) == (
        "rejected", zh("duty.registration.already", community="东社区"))


def test_moving_ends_the_old_registration_when_the_new_one_is_approved(phones, world, db):
    old = registered(phones["m1"], phones["east_staff"], world["east"])
    new = register(phones["m1"], world["west"])["id"]
    # until the new community decides, the member stays with the old one
    assert phones["m1"].get("/api/duty/community")["community"]["name"] == "东社区"
    assert decide(phones["west_staff"], new).status_code == 200
    assert db["duty_registrations"].get(old)["status"] == "ended"
    assert db["duty_registrations"].get(old)["ended_at"]
    assert db["duty_registrations"].get(new)["status"] == "approved"
    assert phones["m1"].get("/api/duty/community")["community"]["name"] == "西社区"


@pytest.mark.parametrize("node", ["village", "party", "street"])
def test_only_a_community_takes_registrations(phones, world, node):
    result = register(phones["m1"], world[node])
    assert result["status"] == "rejected"
    assert result["errors"] == [{"field": "node_id",
                                 "message": zh("duty.registration.not_community")}]


def test_only_members_register_and_nobody_edits_a_registration(phones, world):
    staff = register(phones["east_staff"], world["east"])
    assert (staff["status"], staff["code"]) == ("rejected", "forbidden")
    reg = register(phones["m1"], world["east"])
    edit = phones["m1"].put("duty_registration", {"node_id": world["west"]["id"]},
                            record_id=reg["id"], base_rev=reg["rev"])
    assert (edit["status"], edit["code"]) == ("rejected", "forbidden")


def test_staff_of_another_community_neither_see_nor_decide(phones, world):
    reg = register(phones["m1"], world["east"])["id"]
    assert decide(phones["west_staff"], reg).status_code == 404
    assert phones["west_staff"].get("/api/duty/registrations")["items"] == []
    east = phones["east_staff"].get("/api/duty/registrations?status=pending")
    assert [(i["id"], i["member_name"], i["member_org"], i["community"]) for i in east[
        "items"]] == [(reg, "m1姓名", "联合党委", "东社区")]
    # an admin reads them but decides nothing: deciding is the community's
    assert phones["admin"].get("/api/duty/registrations")["total"] == 1
    assert decide(phones["admin"], reg).status_code == 403
    assert phones["m1"].api.get("/api/duty/registrations").status_code == 403


def test_staff_see_registrations_by_sync_and_members_their_own(phones, world):
    reg = register(phones["m1"], world["east"])["id"]
    pulled = {name: {c["id"] for c in phones[name].get("/api/sync/pull?since=0")["changes"]
                     if c["entity"] == "duty_registration"}
              for name in ("east_staff", "west_staff", "m1", "m2")}
    assert pulled == {"east_staff": {reg}, "west_staff": set(), "m1": {reg}, "m2": set()}


def test_registrations_list_filters_and_pages(phones, world):
    for name in ("m1", "m2", "m3"):
        register(phones[name], world["east"])
    first = phones["east_staff"].get("/api/duty/registrations?limit=2")
    assert (len(first["items"]), first["more"], first["total"]) == (2, True, 3)
    rest = phones["east_staff"].get(f"/api/duty/registrations?limit=2&cursor="
                                    f"{first['next_cursor']}")
    names = [i["member_name"] for i in first["items"] + rest["items"]]
    assert sorted(names) == ["m1姓名", "m2姓名", "m3姓名"]   # each once (oldest first)
    assert phones["east_staff"].get("/api/duty/registrations?status=approved")["total"] == 0
    bad = phones["east_staff"].api.get("/api/duty/registrations?status=maybe")
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == "status"


def test_communities_to_register_with_are_those_of_the_county(phones, world, app, db):
    other = make_world(db, tag="b")
    listed = phones["m1"].get("/api/duty/communities")["communities"]
    assert listed == [{"id": world["east"]["id"], "name": "东社区", "township": "街道"},
                      {"id": world["west"]["id"], "name": "西社区", "township": "街道"}]
    assert other["east"]["id"] not in {c["id"] for c in listed}


# --- posts and claims --------------------------------------------------------------------

def test_staff_publish_posts_that_their_phones_and_approved_members_receive(phones, world):
    post = make_post(phones["east_staff"], world["east"])
    staff_pull = phones["east_staff"].get("/api/sync/pull?since=0")["changes"]
    assert post in {c["id"] for c in staff_pull if c["entity"] == "duty_post"}
    assert post not in {c["id"] for c in phones["west_staff"].get(
        "/api/sync/pull?since=0")["changes"]}
    registered(phones["m1"], phones["east_staff"], world["east"])
    posts = phones["m1"].get("/api/duty/community")["posts"]
    assert [(p["id"], p["claimed"], p["mine"], p["capacity"]) for p in posts] == [
        (post, 0, False, 3)]


@pytest.mark.parametrize("change,field,message", [
    ({"year": 2001}, "year", "duty.post.year_range"),
    ({"lat": None}, "lat", "duty.post.point_half"),
    ({"capacity": 0}, "capacity", None),
])
def test_a_post_is_checked(phones, world, change, field, message):
    data = {"node_id": world["east"]["id"], "year": clock.today().year, "title": "岗位",
            "lat": 30.1, "lng": 104.1, "capacity": 2, **change}
    result = phones["east_staff"].put("duty_post", data)
    assert result["status"] == "rejected"
    assert result["errors"][0]["field"] == field
    if message == "duty.post.year_range":
        year = clock.today().year
        assert result["errors"][0]["message"] == zh(message, this=year, next=year + 1)
    elif message:
        assert result["errors"][0]["message"] == zh(message)


def test_staff_publish_only_for_their_own_community(phones, world):
    result = phones["west_staff"].put("duty_post", {
        "node_id": world["east"]["id"], "year": clock.today().year, "title": "岗位",
        "capacity": 2})
    assert result["errors"] == [{"field": "node_id", "message": zh("duty.post.not_community")}]
    member = phones["m1"].put("duty_post", {"node_id": world["east"]["id"],
                                            "year": clock.today().year, "title": "岗位",
                                            "capacity": 2})
    assert member["code"] == "forbidden"


def claim(phone, post_id):
    """The member claims a post; the push's result."""
    return phone.put("duty_claim", {"post_id": post_id})


def test_an_approved_member_claims_a_post_once(phones, world, db):
    post = make_post(phones["east_staff"], world["east"])
    registered(phones["m1"], phones["east_staff"], world["east"])
    assert claim(phones["m1"], post)["status"] == "applied"
    twice = claim(phones["m1"], post)
    assert (twice["code"], twice["reason"]) == ("duplicate",
                                                zh("duty.claim.twice", title="楼道文明劝导"))
    mine = phones["m1"].get("/api/duty/community")
    assert mine["posts"][0]["mine"] and mine["posts"][0]["claimed"] == 1
    assert [c["title"] for c in mine["claims"]] == ["楼道文明劝导"]


def test_a_member_not_approved_there_cannot_claim(phones, world):
    post = make_post(phones["east_staff"], world["east"])
    assert claim(phones["m1"], post)["reason"] == zh("duty.claim.not_registered",
                                                     community="东社区")
    register(phones["m1"], world["east"])   # pending is not enough
    assert claim(phones["m1"], post)["code"] == "not_registered"
    registered(phones["m2"], phones["west_staff"], world["west"])   # another community's
    assert claim(phones["m2"], post)["code"] == "not_registered"


def test_a_full_post_refuses_the_next_claim_as_it_arrives(phones, world, db):
    post = make_post(phones["east_staff"], world["east"], capacity=2)
    for name in ("m1", "m2", "m3"):
        registered(phones[name], phones["east_staff"], world["east"])
    assert claim(phones["m1"], post)["status"] == "applied"
    assert claim(phones["m2"], post)["status"] == "applied"
    third = claim(phones["m3"], post)
    assert (third["status"], third["code"]) == ("rejected", "full")
    assert third["reason"] == zh("duty.claim.full", title="楼道文明劝导", capacity=2)
    # the post cannot shrink below its claims
    shrink = phones["east_staff"].put("duty_post", {
        "node_id": world["east"]["id"], "year": clock.today().year, "title": "楼道文明劝导",
        "capacity": 1}, record_id=post)
    assert shrink["errors"] == [{"field": "capacity", "message": zh(
        "duty.post.capacity_below_claims", count=2)}]


def test_inactive_and_next_years_posts_are_not_claimed(phones, world):
    registered(phones["m1"], phones["east_staff"], world["east"])
    year = clock.today().year
    later = make_post(phones["east_staff"], world["east"], year=year + 1, title="明年的")
    closed = make_post(phones["east_staff"], world["east"], active=False, title="停了的")
    assert claim(phones["m1"], later)["reason"] == zh("duty.claim.not_this_year",
                                                      title="明年的", year=year + 1)
    assert claim(phones["m1"], closed)["reason"] == zh("duty.claim.inactive", title="停了的")


# --- the yearly rule: members without a post -----------------------------------------------

def without(phone, query=""):
    """(name, registration status) of the members without a post, as phone's reader sees."""
    answer = phone.get(f"/api/duty/without-post{query}")
    assert answer["posts_per_year"] == rules.POSTS_PER_MEMBER_YEAR == 1
    return [(i["name"], i["registration"]) for i in answer["items"]]


def test_members_without_a_post_for_staff_and_for_their_party_organisation(phones, world):
    post = make_post(phones["east_staff"], world["east"])
    registered(phones["m1"], phones["east_staff"], world["east"])
    registered(phones["m2"], phones["east_staff"], world["east"])
    register(phones["m3"], world["west"])   # pending: not yet the community's
    assert without(phones["east_staff"]) == [("m1姓名", "approved"), ("m2姓名", "approved")]
    assert without(phones["west_staff"]) == []
    # the party organisation sees all its members, registered or not
    assert without(phones["party_sec"]) == [("m1姓名", "approved"), ("m2姓名", "approved"),
                                            ("m3姓名", "pending")]
    assert claim(phones["m1"], post)["status"] == "applied"
    assert without(phones["east_staff"]) == [("m2姓名", "approved")]
    assert without(phones["party_sec"]) == [("m2姓名", "approved"), ("m3姓名", "pending")]
    # another year: nobody has claimed a post then
    last = clock.today().year - 1
    assert len(without(phones["east_staff"], f"?year={last}")) == 2
    bad = phones["east_staff"].api.get("/api/duty/without-post?year=20x6")
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == "year"


def test_the_party_organisation_sees_only_its_own_members(app, phones, world, db):
    other = make_world(db, tag="b")
    registered(Phone(app, "duty_m1b"), phones["east_staff"], world["east"])

    def ids(phone):
        return {i["id"] for i in phone.get("/api/duty/without-post")["items"]}
    # a member of another county's party organisation registered here: this community sees
    # them, and so does their own party organisation; this party organisation does not
    assert ids(phones["east_staff"]) == {other["m1"]["id"]}
    assert ids(phones["party_sec"]) == {world[m]["id"] for m in ("m1", "m2", "m3")}
    assert ids(Phone(app, "duty_party_secb")) == {other[m]["id"] for m in ("m1", "m2", "m3")}


def test_without_post_pages(phones, world):
    for name in ("m1", "m2", "m3"):
        registered(phones[name], phones["east_staff"], world["east"])
    first = phones["east_staff"].get("/api/duty/without-post?limit=2")
    second = phones["east_staff"].get(f"/api/duty/without-post?limit=2&cursor="
                                      f"{first['next_cursor']}")
    assert first["total"] == 3 and not second["more"]
    assert [i["name"] for i in first["items"] + second["items"]] == ["m1姓名", "m2姓名",
                                                                     "m3姓名"]


# --- settings -----------------------------------------------------------------------------

def test_staff_set_their_communitys_settings(phones, world, db):
    url = f"/api/duty/settings/{world['east']['id']}"
    assert phones["east_staff"].get(url)["settings"] == {
        "signup_cutoff_hours": 2, "checkin_tolerance_minutes": 30}
    answer = phones["east_staff"].api.put(url, json={"signup_cutoff_hours": 6,
                                                     "checkin_tolerance_minutes": 15})
    assert answer.status_code == 200
    assert answer.json["settings"] == {"signup_cutoff_hours": 6, "checkin_tolerance_minutes": 15}
    assert db.execute("SELECT count(*) FROM audit WHERE entity = 'duty_settings'"
                      ).fetchone()[0] == 1


@pytest.mark.parametrize("body,field", [
    ({"signup_cutoff_hours": 73, "checkin_tolerance_minutes": 30}, "signup_cutoff_hours"),
    ({"signup_cutoff_hours": -1, "checkin_tolerance_minutes": 30}, "signup_cutoff_hours"),
    ({"signup_cutoff_hours": 2, "checkin_tolerance_minutes": 241}, "checkin_tolerance_minutes"),
    ({"signup_cutoff_hours": 2}, "checkin_tolerance_minutes"),
])
def test_settings_are_bounded(phones, world, body, field):
    answer = phones["east_staff"].api.put(f"/api/duty/settings/{world['east']['id']}",
                                          json=body)
    assert answer.status_code == 400 and [e["field"] for e in answer.json["errors"]] == [field]


def test_settings_belong_to_the_communitys_staff(phones, world):
    url = f"/api/duty/settings/{world['east']['id']}"
    body = {"signup_cutoff_hours": 4, "checkin_tolerance_minutes": 10}
    assert phones["west_staff"].api.put(url, json=body).status_code == 404
    assert phones["west_staff"].api.get(url).status_code == 404
    assert phones["admin"].api.put(url, json=body).status_code == 403
    assert phones["m1"].api.get(url).status_code == 403
    assert phones["admin"].api.get(f"/api/duty/settings/{world['village']['id']}"
                                   ).status_code == 400
    assert phones["admin"].api.get("/api/duty/settings/99999999999999999999").status_code == 404
