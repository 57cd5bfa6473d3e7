"""Check-in and check-out at a post (duty_checkin): written on the member's phone, offline, from
the post's scanned QR code or its typed short code, the time and the position where allowed;
verified by the server when it arrives.

Refused, with a clear reason (the phone keeps the record in its refused list): a code that is
not the server's (forged, mistyped), one of another post than the record names, one of another
year; a member not approved with the post's community; a check-in on a cancelled shift; a
check-out with no open check-in of the same member at the same post. Everything else is kept,
flagged for the staff to look at: far from the post, without a position, outside the shift's
window (or with no shift of the member's at all), a check-out too long after its check-in.
A check-out writes the hours of its pair (hours.py)."""
import datetime as dt
import math

from .. import clock
from ..i18n import t
from ..sync.registry import Entity, Reject, fields_clean, register
from ..validate import DateTime, Float, Str
from . import codes, common, hours, queries, rules

FIELDS = {
    "kind": Str(choices=rules.CHECKIN_KINDS),
    "post_id": Str(required=False, max_len=36),
    "shift_id": Str(required=False, max_len=36),
    "at": DateTime(),
    "code": Str(max_len=80),
    "lat": Float(required=False, min_value=-90, max_value=90),
    "lng": Float(required=False, min_value=-180, max_value=180),
    "accuracy": Float(required=False, min_value=0, max_value=100_000),
    "checkin_id": Str(required=False, max_len=36),
}
EARTH_RADIUS_M = 6_371_000


def own_rules(checkin):
    """The record's own rules: a code of our shape, a position whole or absent."""
    errors = []
    if codes.parse(checkin["code"]) is None:
        errors.append({"field": "code", "message": t("duty.checkin.code_shape")})
    if (checkin["lat"] is None) != (checkin["lng"] is None):
        errors.append({"field": "lat", "message": t("duty.checkin.half_position")})
    if checkin["kind"] == "in" and checkin["checkin_id"]:
        errors.append({"field": "checkin_id", "message": t("field.unknown")})
    return errors


def distance_m(lat1, lng1, lat2, lng2):
    """The great-circle distance between two points in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _moment(text):
    """A stored time as an aware moment (Beijing time when it carries no offset)."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.CHINA)


def _claimed(at):
    """When the phone says it happened, in Beijing time: kept as claimed, but never later
    than the server's now (a phone whose clock runs ahead must not serve in the future)."""
    moment = min(_moment(at), clock.now())
    return moment.astimezone(clock.CHINA).isoformat(timespec="seconds")


def _refuse(key, **values):
    """Refuse a record for its code (the reason says it all: no field is named besides)."""
    raise Reject(t(key, **values), code="duty_code")


def post_of_code(db, code, claimed_post_id):
    """The post a genuine code names (a stored post row); a Reject when the code is not the
    server's, names no post, or names another post than the record claims."""
    kind, post_part, _, _ = codes.parse(code)
    if kind == "payload":
        verified = codes.verify(code)
        if verified is None:
            _refuse("duty.checkin.forged")
        post = queries.checkin_post(db, verified[0])
        if post is None or post["deleted"]:
            _refuse("duty.checkin.post_unknown")
        if verified[1] != post["year"]:
            _refuse("duty.checkin.code_year", year=verified[1], post_year=post["year"])
    else:
        post = next((queries.checkin_post(db, row["id"]) for row in queries.posts_ending_with(
            db, codes.post_hex(post_part)) if codes.short_matches(code, row["id"], row["year"])),
            None)
        if post is None:
            _refuse("duty.checkin.forged")
    if claimed_post_id and claimed_post_id.lower() != post["id"]:
        claimed = queries.checkin_post(db, claimed_post_id.lower())
        _refuse("duty.checkin.other_post", post=post["title"],
                claimed=claimed["title"] if claimed else claimed_post_id)
    return post


def _tolerance(db, node_id):
    minutes = queries.checkin_tolerance(db, node_id)
    return dt.timedelta(minutes=rules.DEFAULT_CHECKIN_TOLERANCE_MINUTES
                        if minutes is None else minutes)


def _in_window(shift, moment, tolerance):
    return _moment(shift["starts_at"]) - tolerance <= moment <= _moment(shift["ends_at"]) \
        + tolerance


def _cancelled_shift():
    raise Reject(t("duty.checkin.shift_cancelled"), code="duty_shift")


def _shift_flags(db, user, post, checkin, moment):
    """(the shift the check-in belongs to, its flags): the one the phone named (refused when
    cancelled or of another post), else the member's confirmed one at this post whose window
    (with the tolerance) holds the moment (refused when that shift was cancelled and no
    other holds it), else the nearest of that day (outside_shift), else none (no_shift)."""
    tolerance = _tolerance(db, post["node_id"])
    if checkin.get("shift_id"):
        shift = queries.shift_for_checkin(db, checkin["shift_id"].lower())
        if shift is None or shift["deleted"] or shift["post_id"] != post["id"]:
            raise Reject(t("error.validation"), [{"field": "shift_id",
                                                  "message": t("duty.checkin.shift_unknown")}],
                         "validation")
        if shift["cancelled"]:
            _cancelled_shift()
        return shift["id"], [] if _in_window(shift, moment, tolerance) else ["outside_shift"]
    day = moment.astimezone(clock.CHINA).date()
    start = (day - dt.timedelta(days=1)).isoformat()
    end = (day + dt.timedelta(days=2)).isoformat()
    rows = queries.member_shifts_between(db, user.id, post["id"], start, end)
    shifts = [s for s in rows if not s["cancelled"]]
    for shift in shifts:
        if _in_window(shift, moment, tolerance):
            return shift["id"], []
    if any(_in_window(s, moment, tolerance) for s in rows if s["cancelled"]):
        _cancelled_shift()
    same_day = [s for s in shifts if _moment(s["starts_at"]).astimezone(clock.CHINA).date()
                == day]
    if same_day:
        nearest = min(same_day, key=lambda s: abs(_moment(s["starts_at"]) - moment))
        return nearest["id"], ["outside_shift"]
    return None, ["no_shift"]


def _place_flags(post, checkin):
    """(distance from the post in metres or None, flags): no_gps without a position, far
    beyond the post's radius and the phone's accuracy."""
    if checkin["lat"] is None:
        return None, ["no_gps"]
    if post["lat"] is None or post["lng"] is None:
        return None, []
    distance = distance_m(checkin["lat"], checkin["lng"], post["lat"], post["lng"])
    far = distance > (post["radius_m"] or 0) + (checkin["accuracy"] or 0)
    return round(distance, 1), ["far"] if far else []


def _closed_checkin(db, user, post, checkout, moment):
    """The check-in a check-out closes (the one it names, else the member's open one at the
    post); a Reject when there is none, it is closed already, or it comes after it."""
    if checkout["checkin_id"]:
        checkin = queries.live_row(db, "duty_checkins", checkout["checkin_id"].lower())
        if checkin is None or checkin["created_by"] != user.id or checkin["kind"] != "in" \
                or checkin["post_id"] != post["id"]:
            _no_checkin("duty.checkout.no_checkin")
        if queries.is_closed(db, checkin["id"]):
            _no_checkin("duty.checkout.closed_already")
    else:
        checkin = queries.open_checkin(db, user.id, post["id"])
        if checkin is None:
            _no_checkin("duty.checkout.no_checkin")
    if moment < _moment(checkin["at"]):
        _no_checkin("duty.checkout.before_checkin")
    return checkin


def _no_checkin(key):
    raise Reject(t(key), code="duty_checkout")


def prepare(db, user, checkin, existing):
    """The columns of an arriving check-in or check-out, verified and flagged; a Reject when
    it is refused."""
    at = _claimed(checkin["at"])
    moment = _moment(at)
    post = post_of_code(db, checkin["code"], checkin["post_id"])
    if moment.astimezone(clock.CHINA).year != post["year"]:
        _refuse("duty.checkin.other_year", year=post["year"],
                at_year=moment.astimezone(clock.CHINA).year)
    if not queries.is_approved_with(db, user.id, post["node_id"]):
        raise Reject(t("duty.checkin.not_registered", community=post["community"]),
                     code="duty_registration")
    distance, flags = _place_flags(post, checkin)
    row = {"node_id": post["node_id"], "post_id": post["id"], "kind": checkin["kind"],
           "at": at, "year": post["year"], "code": checkin["code"], "lat": checkin["lat"],
           "lng": checkin["lng"], "accuracy": checkin["accuracy"], "distance_m": distance,
           "checkin_id": None}
    if checkin["kind"] == "in":
        row["shift_id"], shift_flags = _shift_flags(db, user, post, checkin, moment)
    else:
        opened = _closed_checkin(db, user, post, checkin, moment)
        row.update(checkin_id=opened["id"], shift_id=opened["shift_id"])
        shift_flags = _checkout_shift_flags(db, post, opened, moment)
        if moment - _moment(opened["at"]) > dt.timedelta(hours=rules.TOO_LONG_HOURS):
            shift_flags.append("too_long")
    row["flags"] = [f for f in rules.CHECKIN_FLAGS if f in flags + shift_flags]
    return row


def _checkout_shift_flags(db, post, checkin, moment):
    """A check-out is outside its shift when its check-in's shift has ended, tolerance and
    all, before it (a check-in with no shift was flagged already)."""
    if not checkin["shift_id"]:
        return []
    shift = queries.shift_for_checkin(db, checkin["shift_id"])
    if shift is None or _in_window(shift, moment, _tolerance(db, post["node_id"])):
        return []
    return ["outside_shift"]


def after_save(db, row, existing):
    """A new check-out writes the hours of its pair."""
    if existing is None and row["kind"] == "out" and not row["deleted"]:
        hours.record_pair(db, queries.live_row(db, "duty_checkins", row["checkin_id"]), row)


SHOWN = ("id", "node_id", "post_id", "shift_id", "kind", "at", "year", "code", "lat", "lng",
         "accuracy", "distance_m", "checkin_id", "flags", "created_by", "created_at")


def serialize(db, row):
    """A check-in as the phone stores it (created_at: when the server had it)."""
    return {k: hours.as_list(row[k]) if k == "flags" else row[k] for k in SHOWN}


CHECKIN = register(Entity(
    name="duty_checkin", table="duty_checkins", ops=("put",),
    clean=fields_clean(FIELDS, rules.MEMBERS, own_rules), prepare=prepare,
    may_write=lambda user, existing: False, serialize=serialize, after_save=after_save,
    audience=common.member_audience,
    node_readers=rules.SYNCED_TO_STAFF,
))
