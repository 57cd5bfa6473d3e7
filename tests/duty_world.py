"""What the tests of community duty's registrations, posts and shifts share: a county with two
communities and a party organisation, phones that push duty records, and shortcuts that make
them through the API as a phone would."""
import datetime as dt
import json
from pathlib import Path

from qzapp import clock
from tests.factories import ApiClient, Phone, make_node, make_user, new_id, put  # noqa: F401

CATALOGUE = json.loads((Path(__file__).resolve().parent.parent / "pwa" / "i18n"
                        / "zh-CN.json").read_text(encoding="utf-8"))


def zh(key, **values):
    """A message of the Chinese catalogue, filled in."""
    return CATALOGUE[key].format(**values) if values else CATALOGUE[key]


def make_world(db, tag=""):
    """A county: a street with two communities (东/西) and a village, a party organisation,
    staff of each community, three members of the party organisation, its secretary, and an
    admin of the county. Usernames: duty_<name><tag>."""
    county = make_node(db, make_node(db), kind="county", name=f"县{tag}")
    street = make_node(db, county, kind="township", subtype="street", name=f"街道{tag}")
    east = make_node(db, street, kind="village", subtype="community", name=f"东社区{tag}")
    west = make_node(db, street, kind="village", subtype="community", name=f"西社区{tag}")
    village = make_node(db, street, kind="village", name=f"甲村{tag}")
    party = make_node(db, county, kind="party_org", subtype="non_public", name=f"联合党委{tag}")
    world = {"county": county, "street": street, "east": east, "west": west,
             "village": village, "party": party}
    for name, node, roles in (("east_staff", east, ["community_staff"]),
                              ("west_staff", west, ["community_staff"]),
                              ("m1", party, ["member"]), ("m2", party, ["member"]),
                              ("m3", party, ["member"]),
                              ("party_sec", party, ["first_secretary"]),
                              ("admin", county, ["admin"])):
        world[name] = make_user(db, node, roles=roles, username=f"duty_{name}{tag}",
                                name=f"{name}姓名")
    return world


def at(hours=0, days=0):
    """A moment from now, in Beijing time, to the second."""
    moment = clock.now() + dt.timedelta(hours=hours, days=days)
    return moment.astimezone(clock.CHINA).isoformat(timespec="seconds")


def register(phone, community):
    """The member registers with community; the push's result."""
    return phone.put("duty_registration", {"node_id": community["id"]})


def decide(staff_phone, registration_id, decision="approve", reason=None):
    """Staff decide a registration online; the response."""
    body = {"decision": decision, **({"reason": reason} if reason else {})}
    return staff_phone.api.post(f"/api/duty/registrations/{registration_id}/decision", body)


def registered(member_phone, staff_phone, community):
    """Register the member with community and approve it; the registration's id."""
    result = register(member_phone, community)
    assert result["status"] == "applied", result
    assert decide(staff_phone, result["id"]).status_code == 200
    return result["id"]


def make_post(staff_phone, community, **overrides):
    """A post of this year published by staff; its id."""
    data = {"node_id": community["id"], "year": clock.today().year, "title": "楼道文明劝导",
            "description": "劝导楼道堆物", "place": "3 栋", "lat": 30.66, "lng": 104.06,
            "radius_m": 150, "capacity": 3, "skills": "沟通", "contact_role": "网格长",
            "active": True, **overrides}
    result = staff_phone.put("duty_post", data)
    assert result["status"] == "applied", result
    return result["id"]


def make_shift(staff_phone, post_id, starts=24, hours=2, capacity=2, **overrides):
    """A shift of the post from starts hours from now, hours long; its id."""
    data = {"post_id": post_id, "starts_at": at(starts), "ends_at": at(starts + hours),
            "capacity": capacity, **overrides}
    result = staff_phone.put("duty_shift", data)
    assert result["status"] == "applied", result
    return result["id"]


def row(db, table, record_id):
    """A stored row by id, as a dict."""
    return db[table].get(record_id)


def notices_of(db, user):
    """The (kind, title) of a user's notices, oldest first."""
    return [(r["kind"], r["title"]) for r in db.query(
        "SELECT kind, title FROM notices WHERE user_id = ? ORDER BY rowid", [user["id"]])]


def duty_in(app, db, beside, county, tag):
    """In another test's tree: a community beside the village beside (same township) with
    its staff, a member of county approved there (with no post claimed), a post and a shift
    the member signed up for. Returns the community."""
    township = db["org_nodes"].get(beside["parent_id"])
    community = make_node(db, township, kind="village", subtype="community", name=f"社区{tag}")
    make_user(db, community, roles=["community_staff"], username=f"duty_staff{tag}")
    make_user(db, county, roles=["member"], username=f"duty_member{tag}")
    staff, member = Phone(app, f"duty_staff{tag}"), Phone(app, f"duty_member{tag}")
    registered(member, staff, community)
    shift = make_shift(staff, make_post(staff, community))
    assert member.put("duty_signup", {"shift_id": shift})["status"] == "applied"
    return community
