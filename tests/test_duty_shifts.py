"""Community duty, part A: shifts and sign-ups — the server decides a sign-up's status as it
arrives (confirmed while places remain, else waiting with its position, and the member told
why), cancels before the community's cut-off, the waiting list moving up, refused sign-ups
(past, cancelled, overlapping, not approved), cancelled shifts, and the staff's lists."""
import datetime as dt

import pytest

from qzapp import clock
from tests.duty_world import (
    Phone,
    at,
    make_post,
    make_shift,
    make_world,
    notices_of,
    register,
    registered,
    zh,
)
from tests.factories import make_user


@pytest.fixture
def world(app, db):
    """Two communities of a county, their staff, three members of a party organisation."""
    return make_world(db)


@pytest.fixture
def phones(app, world):
    """A phone for each account of the world, by name; the three members approved with 东."""
    found = {name: Phone(app, f"duty_{name}") for name in (
        "east_staff", "west_staff", "m1", "m2", "m3", "admin")}
    for name in ("m1", "m2", "m3"):
        registered(found[name], found["east_staff"], world["east"])
    return found


@pytest.fixture
def post(phones, world):
    """A post of 东社区 for this year."""
    return make_post(phones["east_staff"], world["east"])


def sign_up(phone, shift_id):
    """The member signs up for a shift; the push's result."""
    return phone.put("duty_signup", {"shift_id": shift_id})


def cancel(phone, signup, shift_id):
    """The member cancels their sign-up (a put of its status); the push's result."""
    return phone.put("duty_signup", {"shift_id": shift_id, "status": "cancelled"},
                     record_id=signup["id"], base_rev=signup["rev"])


def stored(db, signup_id):
    """(status, position) of a stored sign-up."""
    found = db["duty_signups"].get(signup_id)
    return found["status"], found["position"]


def span(starts, hours):
    """A shift's time as messages name it."""
    begin, end = at(starts), at(starts + hours)
    return f"{begin[5:10]} {begin[11:16]}–{end[11:16]}"


# --- shifts -------------------------------------------------------------------------------

def test_staff_publish_shifts_in_beijing_time(phones, post, db):
    start = (clock.now() + dt.timedelta(days=1)).replace(microsecond=0)
    result = phones["east_staff"].put("duty_shift", {
        "post_id": post, "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(), "capacity": 2})
    assert result["status"] == "applied"
    shift = db["duty_shifts"].get(result["id"])
    assert shift["starts_at"] == start.astimezone(clock.CHINA).isoformat()
    assert shift["starts_at"].endswith("+08:00")


@pytest.mark.parametrize("starts,ends,field,key", [
    (-1, 1, "starts_at", "duty.shift.in_past"),
    (5, 4, "ends_at", "duty.shift.ends_before_start"),
    (5, 5, "ends_at", "duty.shift.ends_before_start"),
    (5, 30, "ends_at", "duty.shift.too_long"),
])
def test_a_shift_is_never_in_the_past_nor_ends_before_it_starts(phones, post, starts, ends,
                                                                 field, key):
    result = phones["east_staff"].put("duty_shift", {
        "post_id": post, "starts_at": at(starts), "ends_at": at(ends), "capacity": 2})
    assert result["status"] == "rejected"
    message = zh(key, hours=24) if key == "duty.shift.too_long" else zh(key)
    assert result["errors"] == [{"field": field, "message": message}]


def test_staff_of_another_community_cannot_publish_its_shifts(phones, post):
    result = phones["west_staff"].put("duty_shift", {
        "post_id": post, "starts_at": at(5), "ends_at": at(6), "capacity": 2})
    assert result["errors"] == [{"field": "post_id", "message": zh("duty.shift.post_unknown")}]


def test_a_team_shift_names_a_team_of_the_community(phones, post, world, db):
    team = phones["east_staff"].put("duty_team", {
        "node_id": world["east"]["id"], "name": "先锋队", "leader_id": world["m1"]["id"],
        "members": [world["m1"]["id"], world["m2"]["id"]]})
    assert team["status"] == "applied", team
    shift = make_shift(phones["east_staff"], post, team_id=team["id"])
    assert db["duty_shifts"].get(shift)["team_id"] == team["id"]
    result = phones["east_staff"].put("duty_shift", {
        "post_id": post, "starts_at": at(5), "ends_at": at(6), "capacity": 2,
        "team_id": "00000000-0000-4000-8000-000000000000"})
    assert result["errors"] == [{"field": "team_id", "message": zh("duty.shift.team_unknown")}]


# --- sign-ups: capacity and the waiting list ------------------------------------------------

def test_sign_ups_are_confirmed_while_places_remain_then_wait_and_are_told(phones, post,
                                                                          world, db):
    shift = make_shift(phones["east_staff"], post, capacity=1)
    first, second, third = (sign_up(phones[m], shift) for m in ("m1", "m2", "m3"))
    assert [r["status"] for r in (first, second, third)] == ["applied"] * 3
    assert [stored(db, r["id"]) for r in (first, second, third)] == [
        ("confirmed", None), ("waiting", 1), ("waiting", 2)]
    assert notices_of(db, world["m1"])[-1][0] == "duty_registration_approved"
    assert notices_of(db, world["m2"])[-1] == ("duty_signup_waiting", zh(
        "notice.duty_signup_waiting.title", position=1))
    assert notices_of(db, world["m3"])[-1] == ("duty_signup_waiting", zh(
        "notice.duty_signup_waiting.title", position=2))
    # the member's phone learns the status from its pull
    pulled = [c for c in phones["m2"].get("/api/sync/pull?since=0")["changes"]
              if c["entity"] == "duty_signup"]
    assert [(c["data"]["status"], c["data"]["position"]) for c in pulled] == [("waiting", 1)]


def test_two_members_taking_the_last_place_offline(app, phones, post, db):
    """Both phones signed up offline for the last place; whichever arrives first is
    confirmed, the other waits and is told why."""
    shift = make_shift(phones["east_staff"], post, capacity=2)
    assert sign_up(phones["m1"], shift)["status"] == "applied"
    # both written offline while one place was left; m3's phone syncs first
    late = sign_up(phones["m3"], shift)
    later = sign_up(phones["m2"], shift)
    assert stored(db, late["id"]) == ("confirmed", None)
    assert stored(db, later["id"]) == ("waiting", 1)
    community = phones["m2"].get("/api/duty/community")
    mine = next(s for s in community["shifts"] if s["id"] == shift)
    assert (mine["taken"], mine["waiting"], mine["my_signup"]["status"],
            mine["my_signup"]["position"]) == (2, 1, "waiting", 1)


def test_a_confirmed_cancel_before_the_cut_off_promotes_the_first_who_waits(phones, post,
                                                                           world, db):
    shift = make_shift(phones["east_staff"], post, capacity=1)
    first = sign_up(phones["m1"], shift)
    second, third = sign_up(phones["m2"], shift), sign_up(phones["m3"], shift)
    assert cancel(phones["m1"], first, shift)["status"] == "applied"
    assert db["duty_signups"].get(first["id"])["cancel_reason"] == "member"
    assert [stored(db, r["id"]) for r in (first, second, third)] == [
        ("cancelled", None), ("confirmed", None), ("waiting", 1)]
    assert notices_of(db, world["m2"])[-1] == ("duty_signup_promoted",
                                               zh("notice.duty_signup_promoted.title"))


def test_a_cancel_made_on_a_stale_copy_conflicts_and_its_merge_is_taken(phones, post, db):
    """A member cancels a waiting sign-up offline while the server confirms it: the cancel
    meets the newer copy (a conflict), and the phone's merge — the whole record as pulled,
    its status chosen — is taken."""
    shift = make_shift(phones["east_staff"], post, capacity=1)
    first, second = sign_up(phones["m1"], shift), sign_up(phones["m2"], shift)
    cancel(phones["m1"], first, shift)   # m2 is confirmed meanwhile
    stale = cancel(phones["m2"], second, shift)
    assert stale["status"] == "conflict"
    merged = {**stale["server"], "status": "cancelled"}
    rev = merged.pop("rev")
    again = phones["m2"].put("duty_signup", merged, record_id=second["id"], base_rev=rev)
    assert again["status"] == "applied", again
    assert stored(db, second["id"]) == ("cancelled", None)


def test_a_waiting_cancel_moves_the_list_up(phones, post, db):
    shift = make_shift(phones["east_staff"], post, capacity=1)
    sign_up(phones["m1"], shift)
    second, third = sign_up(phones["m2"], shift), sign_up(phones["m3"], shift)
    assert cancel(phones["m2"], second, shift)["status"] == "applied"
    assert stored(db, third["id"]) == ("waiting", 1)


def test_after_the_cut_off_a_confirmed_sign_up_stays(phones, post, db):
    shift = make_shift(phones["east_staff"], post, starts=1, capacity=1)
    first = sign_up(phones["m1"], shift)
    waiting = sign_up(phones["m2"], shift)
    refused = cancel(phones["m1"], first, shift)
    assert (refused["status"], refused["code"]) == ("rejected", "cutoff")
    assert refused["reason"] == zh("duty.signup.cancel_cutoff", when=span(1, 2), hours=2)
    assert stored(db, first["id"]) == ("confirmed", None)
    # who waits may still leave the list: they hold no place
    assert cancel(phones["m2"], waiting, shift)["status"] == "applied"


def test_the_cut_off_is_the_communitys(phones, post, world, db):
    phones["east_staff"].api.put(f"/api/duty/settings/{world['east']['id']}",
                                 json={"signup_cutoff_hours": 0,
                                       "checkin_tolerance_minutes": 30})
    shift = make_shift(phones["east_staff"], post, starts=1, capacity=1)
    first = sign_up(phones["m1"], shift)
    assert cancel(phones["m1"], first, shift)["status"] == "applied"
    phones["east_staff"].api.put(f"/api/duty/settings/{world['east']['id']}",
                                 json={"signup_cutoff_hours": 48,
                                       "checkin_tolerance_minutes": 30})
    later = make_shift(phones["east_staff"], post, starts=30, capacity=1)
    signed = sign_up(phones["m1"], later)
    assert cancel(phones["m1"], signed, later)["reason"] == zh(
        "duty.signup.cancel_cutoff", when=span(30, 2), hours=48)


# --- refused sign-ups ------------------------------------------------------------------------

def test_a_shift_that_started_meanwhile_refuses_sign_ups(phones, post, monkeypatch):
    shift = make_shift(phones["east_staff"], post, starts=1)
    when = span(1, 2)
    later = clock.now() + dt.timedelta(hours=1, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    result = sign_up(phones["m1"], shift)
    assert (result["status"], result["code"]) == ("rejected", "past")
    assert result["reason"] == zh("duty.signup.shift_past", when=when)


def test_a_cancelled_shift_refuses_sign_ups(phones, post):
    shift = make_shift(phones["east_staff"], post)
    phones["east_staff"].put("duty_shift", {"post_id": post, "starts_at": at(24),
                                            "ends_at": at(26), "capacity": 2,
                                            "cancelled": True}, record_id=shift)
    result = sign_up(phones["m1"], shift)
    assert (result["code"], result["reason"]) == (
        "cancelled", zh("duty.signup.shift_cancelled", when=span(24, 2)))


def test_overlapping_sign_ups_of_one_member_are_refused(phones, post, world):
    other_post = make_post(phones["east_staff"], world["east"], title="垃圾分类督导")
    morning = make_shift(phones["east_staff"], post, starts=24, hours=3)
    overlapping = make_shift(phones["east_staff"], other_post, starts=26, hours=2)
    after = make_shift(phones["east_staff"], other_post, starts=27, hours=2)
    assert sign_up(phones["m1"], morning)["status"] == "applied"
    refused = sign_up(phones["m1"], overlapping)
    assert (refused["code"], refused["reason"]) == (
        "overlap", zh("duty.signup.overlap", when=span(24, 3)))
    assert sign_up(phones["m1"], after)["status"] == "applied"   # it starts as the first ends
    twice = sign_up(phones["m1"], morning)
    assert (twice["code"], twice["reason"]) == ("duplicate",
                                                zh("duty.signup.twice", when=span(24, 3)))


def test_a_cancelled_sign_up_frees_the_member_to_sign_up_again(phones, post):
    shift = make_shift(phones["east_staff"], post)
    first = sign_up(phones["m1"], shift)
    cancel(phones["m1"], first, shift)
    assert sign_up(phones["m1"], shift)["status"] == "applied"


def test_only_members_sign_up(phones, post):
    shift = make_shift(phones["east_staff"], post)
    assert sign_up(phones["admin"], shift)["code"] == "forbidden"
    assert sign_up(phones["east_staff"], shift)["code"] == "forbidden"


def test_a_pending_member_cannot_sign_up(app, db, world, phones, post):
    shift = make_shift(phones["east_staff"], post)
    make_user(db, world["party"], roles=["member"], username="duty_new", name="新党员")
    newcomer = Phone(app, "duty_new")
    register(newcomer, world["east"])
    result = sign_up(newcomer, shift)
    assert (result["code"], result["reason"]) == (
        "not_registered", zh("duty.signup.not_registered", community="东社区"))


# --- cancelled shifts, more places, moving ----------------------------------------------------

def test_a_cancelled_shift_cancels_its_sign_ups_and_tells_their_members(phones, post, world,
                                                                         db):
    shift = make_shift(phones["east_staff"], post, capacity=1)
    first, second = sign_up(phones["m1"], shift), sign_up(phones["m2"], shift)
    result = phones["east_staff"].put("duty_shift", {
        "post_id": post, "starts_at": at(24), "ends_at": at(26), "capacity": 1,
        "cancelled": True}, record_id=shift)
    assert result["status"] == "applied"
    assert [stored(db, r["id"]) for r in (first, second)] == [("cancelled", None)] * 2
    assert {db["duty_signups"].get(r["id"])["cancel_reason"] for r in (first, second)} == {
        "shift_cancelled"}
    for member in ("m1", "m2"):
        assert notices_of(db, world[member])[-1] == (
            "duty_shift_cancelled", zh("notice.duty_shift_cancelled.title"))
    again = phones["east_staff"].put("duty_shift", {
        "post_id": post, "starts_at": at(24), "ends_at": at(26), "capacity": 1,
        "cancelled": False}, record_id=shift)
    assert again["reason"] == zh("duty.shift.cancelled_already")


def test_more_places_take_members_from_the_waiting_list(phones, post, db):
    shift = make_shift(phones["east_staff"], post, capacity=1)
    signups = [sign_up(phones[m], shift) for m in ("m1", "m2", "m3")]
    row = db["duty_shifts"].get(shift)
    result = phones["east_staff"].put("duty_shift", {
        "post_id": post, "starts_at": row["starts_at"], "ends_at": row["ends_at"],
        "capacity": 2}, record_id=shift)
    assert result["status"] == "applied"
    assert [stored(db, r["id"]) for r in signups] == [
        ("confirmed", None), ("confirmed", None), ("waiting", 1)]


def test_a_shift_with_sign_ups_keeps_its_times_and_its_confirmed_places(phones, post, db):
    shift = make_shift(phones["east_staff"], post, capacity=2)
    sign_up(phones["m1"], shift)
    sign_up(phones["m2"], shift)
    row = db["duty_shifts"].get(shift)
    moved = phones["east_staff"].put("duty_shift", {
        "post_id": post, "starts_at": at(48), "ends_at": at(50), "capacity": 2},
        record_id=shift)
    assert moved["errors"] == [{"field": "starts_at",
                                "message": zh("duty.shift.times_fixed", count=2)}]
    fewer = phones["east_staff"].put("duty_shift", {
        "post_id": post, "starts_at": row["starts_at"], "ends_at": row["ends_at"],
        "capacity": 1}, record_id=shift)
    assert fewer["errors"] == [{"field": "capacity",
                                "message": zh("duty.shift.capacity_below_taken", count=2)}]


def test_moving_away_gives_up_the_places_held_there(phones, post, world, db):
    shift = make_shift(phones["east_staff"], post, capacity=1)
    first, second = sign_up(phones["m1"], shift), sign_up(phones["m2"], shift)
    moving = register(phones["m1"], world["west"])["id"]
    phones["west_staff"].api.post(f"/api/duty/registrations/{moving}/decision",
                                  {"decision": "approve"})
    assert db["duty_signups"].get(first["id"])["cancel_reason"] == "moved"
    assert stored(db, second["id"]) == ("confirmed", None)


# --- what members and staff read ---------------------------------------------------------------

def test_the_member_reads_the_coming_shifts_of_their_community(phones, post, world):
    soon = make_shift(phones["east_staff"], post, starts=24, capacity=2)
    make_shift(phones["east_staff"], post, starts=24 * 70)   # beyond the days a phone keeps
    mine = sign_up(phones["m1"], soon)
    answer = phones["m1"].get("/api/duty/community")
    assert [s["id"] for s in answer["shifts"]] == [soon]
    shift = answer["shifts"][0]
    assert (shift["post_id"], shift["taken"], shift["capacity"], shift["my_signup"]) == (
        post, 1, 2, {"id": mine["id"], "status": "confirmed", "position": None,
                     "rev": mine["rev"]})
    assert "cancelled" not in shift and "note" not in shift   # what is empty is left out
    assert answer["settings"] == {"signup_cutoff_hours": 2, "checkin_tolerance_minutes": 30}
    other = phones["m2"].get("/api/duty/community")["shifts"][0]
    assert "my_signup" not in other and other["taken"] == 1


def test_staff_list_the_sign_ups_of_a_shift_with_its_waiting_list(phones, post):
    shift = make_shift(phones["east_staff"], post, capacity=1)
    for m in ("m1", "m2", "m3"):
        sign_up(phones[m], shift)
    answer = phones["east_staff"].get(f"/api/duty/signups?shift_id={shift}")
    assert (answer["shift"]["taken"], answer["shift"]["waiting"], answer["total"]) == (1, 2, 3)
    assert [(i["member_name"], i["status"], i["position"]) for i in answer["items"]] == [
        ("m1姓名", "confirmed", None), ("m2姓名", "waiting", 1), ("m3姓名", "waiting", 2)]
    assert phones["east_staff"].get("/api/duty/signups")["total"] == 3
    # staff of another community neither see the shift nor its sign-ups
    assert phones["west_staff"].api.get(f"/api/duty/signups?shift_id={shift}"
                                        ).status_code == 404
    assert phones["west_staff"].get("/api/duty/signups")["items"] == []
    assert phones["m1"].api.get("/api/duty/signups").status_code == 403


def test_staff_phones_receive_shifts_and_sign_ups_by_sync(phones, post):
    shift = make_shift(phones["east_staff"], post)
    signup = sign_up(phones["m1"], shift)
    entities = {(c["entity"], c["id"]) for c in phones["east_staff"].get(
        "/api/sync/pull?since=0")["changes"]}
    assert {("duty_shift", shift), ("duty_signup", signup["id"])} <= entities
    other = {c["id"] for c in phones["west_staff"].get("/api/sync/pull?since=0")["changes"]}
    assert not {shift, signup["id"]} & other


def test_the_phone_is_served_the_rules_it_applies(client):
    """What the phone checks itself (the yearly claim, the cut-off, a shift's limits) is
    served from the Python constants (RULES.duty)."""
    from qzapp.duty import rules
    from tests.test_rules_served import served_rules
    served = served_rules(client)["duty"]
    assert served["posts_per_member_year"] == rules.POSTS_PER_MEMBER_YEAR == 1
    assert served["settings"] == {
        "signup_cutoff_hours": rules.DEFAULT_SIGNUP_CUTOFF_HOURS,
        "checkin_tolerance_minutes": rules.DEFAULT_CHECKIN_TOLERANCE_MINUTES,
        "cutoff_hours_max": 72, "tolerance_minutes_max": 240}
    assert served["shift"]["hours_max"] == rules.SHIFT_HOURS_MAX
    assert served["signup"]["statuses"] == ["confirmed", "waiting", "cancelled"]
