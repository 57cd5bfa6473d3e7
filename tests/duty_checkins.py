"""What the check-in and hours tests share: a county with two communities, their staff, members
registered with one of them from their own party organisations, posts and shifts (the
membership tables, written here as rows), and a member's phone that pushes check-ins."""
import datetime as dt
import json
from pathlib import Path

from qzapp import clock
from qzapp.duty import codes
from tests.factories import make_node, make_user, new_id, put

CATALOGUE = json.loads((Path(__file__).resolve().parent.parent / "pwa" / "i18n"
                        / "zh-CN.json").read_text(encoding="utf-8"))
# The post's point (a square in Chengdu) and a place about 2 km east of it.
POINT = (30.6586, 104.0648)
FAR = (30.6586, 104.0857)


def zh(key, **values):
    """A message of the Chinese catalogue, filled in."""
    return CATALOGUE[key].format(**values) if values else CATALOGUE[key]


def at(hours=0.0, base=None):
    """A moment hours from now (or from base), as a phone sends it: Beijing time."""
    moment = (base or clock.now()) + dt.timedelta(hours=hours)
    return moment.astimezone(clock.CHINA).isoformat(timespec="seconds")


def this_year():
    """China's year now."""
    return clock.today().year


def _sync_columns(author_id):
    stamp = clock.now_iso()
    return {"rev": 1, "created_by": author_id, "created_at": stamp, "updated_by": author_id,
            "updated_at": stamp, "deleted": 0}


def make_world(db):
    """Two communities of a street, a party organisation, staff, members and a supervisor."""
    county = make_node(db, make_node(db, make_node(db), kind="city"), kind="county", name="县")
    street = make_node(db, county, kind="township", subtype="street", name="街道")
    community = make_node(db, street, kind="village", subtype="community", name="东门社区")
    other = make_node(db, street, kind="village", subtype="community", name="西门社区")
    party = make_node(db, county, kind="party_org", subtype="other", name="县财政局党支部")
    world = {"county": county, "community": community, "other": other, "party": party,
             "staff": make_user(db, community, ["community_staff"], username="staff",
                                name="周社工"),
             "other_staff": make_user(db, other, ["community_staff"], username="staff2"),
             "member": make_user(db, party, ["member"], username="member", name="吴党员"),
             "member2": make_user(db, party, ["member"], username="member2", name="郑党员"),
             "stranger": make_user(db, party, ["member"], username="stranger"),
             "secretary": make_user(db, party, ["first_secretary"], username="party_sec"),
             "supervisor": make_user(db, county, ["supervisor"], username="sup")}
    for name in ("member", "member2"):
        register(db, world[name], community)
    return world


def register(db, member, node, status="approved"):
    """A member's registration with a community."""
    db["duty_registrations"].insert({"id": new_id(), "node_id": node["id"], "status": status,
                                     **_sync_columns(member["id"])})


def make_post(db, node, staff, year=None, point=POINT, radius_m=100, title="社区文明劝导岗"):
    """A post of a community for a year (this one by default)."""
    post = {"id": new_id(), "node_id": node["id"], "year": year or this_year(), "title": title,
            "place": "东门广场", "lat": point[0] if point else None,
            "lng": point[1] if point else None, "radius_m": radius_m, "capacity": 10,
            "active": 1, **_sync_columns(staff["id"])}
    db["duty_posts"].insert(post)
    return post


def make_shift(db, post, staff, starts, ends, cancelled=False):
    """A shift of a post from starts to ends (Beijing times)."""
    shift = {"id": new_id(), "post_id": post["id"], "node_id": post["node_id"],
             "starts_at": starts, "ends_at": ends, "capacity": 5, "cancelled": int(cancelled),
             **_sync_columns(staff["id"])}
    db["duty_shifts"].insert(shift)
    return shift


def sign_up(db, shift, member, status="confirmed", cancel_reason=None):
    """A member's sign-up for a shift."""
    db["duty_signups"].insert({"cancel_reason": cancel_reason,
        "id": new_id(), "shift_id": shift["id"], "post_id": shift["post_id"],
        "node_id": shift["node_id"], "starts_at": shift["starts_at"],
        "ends_at": shift["ends_at"], "status": status, "queued": 1,
        **_sync_columns(member["id"])})


class Phone:
    """A member's phone: check-ins and check-outs pushed with increasing mids."""

    def __init__(self, api, username, device="duty-phone-1"):
        self.api, self.username, self.device, self.mid = api, username, device, 0

    def send(self, *records):
        """Push duty_checkin records (id given or made); their answers."""
        self.api.as_user(self.username)
        mutations = []
        for record in records:
            self.mid += 1
            record = dict(record)
            mutations.append(put(self.mid, record.pop("id", new_id()), record,
                                 entity="duty_checkin"))
        response = self.api.push(mutations, device=self.device)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["results"]


def checkin(post, when=None, point=POINT, accuracy=20, kind="in", code=None, **extra):
    """A check-in's data: the post's QR code scanned at a point (None: no position)."""
    data = {"kind": kind, "post_id": post["id"], "at": when or at(),
            "code": code or codes.payload(post["id"], post["year"]), **extra}
    if point is not None:
        data.update(lat=point[0], lng=point[1], accuracy=accuracy)
    return data


def checkout(post, when=None, **extra):
    """A check-out's data at the post."""
    return checkin(post, when, kind="out", **extra)


def make_hours(db, node, member, minutes=90, status="pending", title="社区文明劝导岗"):
    """An hours record of a member at a community node, stored as the server stores one
    (no check-ins behind it: for tests of who sees what)."""
    from qzapp.duty.hours import HOURS
    from qzapp.sync import store
    start = clock.now() - dt.timedelta(hours=3)
    row = {"node_id": node["id"], "member_id": member["id"], "post_id": new_id(),
           "post_title": title, "shift_id": None, "checkin_id": new_id(),
           "checkout_id": new_id(), "started_at": at(0, start),
           "ended_at": at(minutes / 60, start), "minutes": minutes, "year": this_year(),
           "flags": [], "status": status, "reason": None, "decided_by": None,
           "decided_at": None}
    with db.atomic():
        store.save(db, None, HOURS, new_id(), None, row)
    return row
