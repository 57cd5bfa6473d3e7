"""The rules of community duty (双报到, F5), defined once and served to the phone."""
from .. import rules as shared

# Who serves: in-service party members; who keeps a community's books: its staff.
MEMBERS = frozenset({"member"})
STAFF = frozenset({"community_staff"})
# Parts of the domain add what the phone needs of them here (served below).
SERVED = {"members": sorted(MEMBERS), "staff": sorted(STAFF)}


@shared.served("duty")
def served():
    """The duty rules as the phone checks and draws them."""
    return SERVED


# --- Check-in and hours (codes.py, checkins.py, hours.py) ---------------------------------------
from . import codes  # noqa: E402

CHECKIN_KINDS = ("in", "out")
# What a check-in or check-out is flagged with for the staff to look at (never refused for):
# far from the post (beyond its radius and the phone's accuracy), without a position, outside
# the window of the member's shift (with the community's tolerance), with no shift of the
# member's at all, or a check-out too long after its check-in.
CHECKIN_FLAGS = ("far", "no_gps", "outside_shift", "no_shift", "too_long")
# A check-out this many hours after its check-in is flagged too_long: nobody serves a post
# that long at a stretch; it is a check-out forgotten and made the next day.
TOO_LONG_HOURS = 12
# The community's tolerance around a shift's window when it has set none (duty_settings).
DEFAULT_CHECKIN_TOLERANCE_MINUTES = 30
HOURS_STATUSES = ("pending", "confirmed", "rejected")
HOURS_DECISIONS = {"confirm": "confirmed", "reject": "rejected"}
REJECT_REASON_MAX = 200
# Who decides a community's hours, and who reads them there (the lists, online).
HOURS_DECIDERS = STAFF
HOURS_READERS = STAFF | frozenset({"admin", "supervisor"})
# Whose phones hold a community's check-ins and hours besides their members' (by scope): its
# staff only. A county's supervisors read them online; on their phones they would be tens of
# thousands of records a year that no screen of theirs shows offline.
SYNCED_TO_STAFF = STAFF
# Who reads the totals and the workbook of the members of their own party organisation (a
# member's account sits at their party organisation's node, wherever they serve).
PARTY_ORG_READERS = frozenset({"admin", "supervisor", "first_secretary", "village_staff"})
HOURS_EXPORTERS = HOURS_READERS | PARTY_ORG_READERS

SERVED.update({
    "checkin": {"kinds": list(CHECKIN_KINDS), "flags": list(CHECKIN_FLAGS),
                "too_long_hours": TOO_LONG_HOURS, "code": codes.served()},
    "hours": {"statuses": list(HOURS_STATUSES), "decisions": list(HOURS_DECISIONS),
              "reason_max": REJECT_REASON_MAX, "deciders": sorted(HOURS_DECIDERS),
              "readers": sorted(HOURS_READERS), "exporters": sorted(HOURS_EXPORTERS)},
})


# --- Registration, posts, claims, shifts, sign-ups (membership.py, posts.py,
# shifts.py, signups.py, settings.py, routes.py) ----------------------------------------------
# A registration: waiting for the community's staff, approved, declined (with a reason the
# member sees), or ended (the member moved: their next one was approved).
REGISTRATION_STATUSES = ("pending", "approved", "declined", "ended")
REGISTRATION_DECISIONS = {"approve": "approved", "decline": "declined"}
DECLINE_REASON_MAX = 200
# §3 双报到: every in-service member registered with a community claims at least this many of
# its service posts a year.
POSTS_PER_MEMBER_YEAR = 1
# A sign-up: confirmed while the shift has places, else waiting (in order of arrival);
# cancelled by the member (before the cut-off) or with its shift.
SIGNUP_STATUSES = ("confirmed", "waiting", "cancelled")
SIGNUP_ACTIVE = ("confirmed", "waiting")
# A community's settings when it has set none, and the bounds staff may set them within.
DEFAULT_SIGNUP_CUTOFF_HOURS = 2
CUTOFF_HOURS_MAX = 72
TOLERANCE_MINUTES_MAX = 240
# A post's limits: its title, texts, how many may claim it, its radius around its GPS point.
POST_TITLE_MAX = 60
POST_TEXT_MAX = 1000
POST_PLACE_MAX = 100
POST_SKILLS_MAX = 200
POST_CONTACT_MAX = 50
POST_CAPACITY_MAX = 2000
RADIUS_M = (10, 5000)
DEFAULT_RADIUS_M = 100
# A shift: at most this long, for at most this many members, with a short note.
SHIFT_HOURS_MAX = 24
SHIFT_CAPACITY_MAX = 500
SHIFT_NOTE_MAX = 200
# What a member's phone keeps of the community: its shifts from today for this many days.
COMMUNITY_SHIFT_DAYS = 60
# Who reads the registrations, claims, shifts and sign-ups of the communities in their scope,
# and who lists the members of their own party organisation without a post (PARTY_ORG_READERS,
# defined with the check-in's: a member's account sits at their party organisation's node).
DUTY_READERS = STAFF | frozenset({"admin", "supervisor"})

SERVED.update({
    "registration": {"statuses": list(REGISTRATION_STATUSES),
                     "decisions": list(REGISTRATION_DECISIONS),
                     "reason_max": DECLINE_REASON_MAX},
    "posts_per_member_year": POSTS_PER_MEMBER_YEAR,
    "post": {"title_max": POST_TITLE_MAX, "text_max": POST_TEXT_MAX,
             "place_max": POST_PLACE_MAX, "skills_max": POST_SKILLS_MAX,
             "contact_max": POST_CONTACT_MAX, "capacity_max": POST_CAPACITY_MAX,
             "radius_m": list(RADIUS_M), "default_radius_m": DEFAULT_RADIUS_M},
    "shift": {"hours_max": SHIFT_HOURS_MAX, "capacity_max": SHIFT_CAPACITY_MAX,
              "note_max": SHIFT_NOTE_MAX, "community_days": COMMUNITY_SHIFT_DAYS},
    "signup": {"statuses": list(SIGNUP_STATUSES), "active": list(SIGNUP_ACTIVE)},
    "settings": {"signup_cutoff_hours": DEFAULT_SIGNUP_CUTOFF_HOURS,
                 "checkin_tolerance_minutes": DEFAULT_CHECKIN_TOLERANCE_MINUTES,
                 "cutoff_hours_max": CUTOFF_HOURS_MAX,
                 "tolerance_minutes_max": TOLERANCE_MINUTES_MAX},
    "readers": sorted(DUTY_READERS), "party_org_readers": sorted(PARTY_ORG_READERS),
})
