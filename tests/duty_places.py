"""Places and people for the tests of volunteer teams and pledges: two communities of one
street, a village beside them, their staff, and members registered with them."""
import itertools

from qzapp.clock import now_iso
from qzapp.sync import changes
from tests.factories import ApiClient, make_node, make_user, new_id, put


def register(db, member, community, status="approved"):
    """A member's registration with a community, as its entity stores one (its row and
    its change), decided already."""
    stamp = now_iso()
    row = {"id": new_id(), "node_id": community["id"], "status": status,
           "created_by": member["id"], "created_at": stamp, "updated_at": stamp,
           "updated_by": member["id"], "deleted": 0}
    with db.atomic():
        row["rev"] = changes.record_change(db, "duty_registration", row["id"],
                                           changes.Audience(community["id"], member["id"]))
        db["duty_registrations"].insert(row)
    return row


def make_places(db):
    """Two communities (东门, 西门) and a village under a street, each community with its staff
    and approved members; a member still pending, a member of no community, a cadre."""
    county = make_node(db, make_node(db, make_node(db), kind="city"), kind="county", name="县")
    street = make_node(db, county, kind="township", subtype="street", name="城关街道")
    east = make_node(db, street, kind="village", subtype="community", name="东门社区")
    west = make_node(db, street, kind="village", subtype="community", name="西门社区")
    village = make_node(db, street, kind="village", name="青山村")
    party = make_node(db, county, kind="party_org", subtype="other", name="县教育局党支部")
    people = {
        "staff": make_user(db, east, ("community_staff",), username="staff", name="周社工"),
        "west_staff": make_user(db, west, ("community_staff",), username="wstaff",
                                name="郑社工"),
        "wu": make_user(db, party, ("member",), username="wudm", name="吴党员"),
        "li": make_user(db, party, ("member",), username="lidm", name="李党员"),
        "he": make_user(db, party, ("member",), username="hedm", name="何党员"),
        "west_member": make_user(db, party, ("member",), username="qiandm", name="钱党员"),
        "pending": make_user(db, party, ("member",), username="pending", name="孙党员"),
        "nobody": make_user(db, party, ("member",), username="nobody", name="冯党员"),
        "cadre": make_user(db, county, ("cadre",), username="cadre", name="赵干部"),
        "supervisor": make_user(db, county, ("supervisor",), username="super", name="陈督查"),
    }
    for name in ("wu", "li", "he"):
        register(db, people[name], east)
    register(db, people["west_member"], west)
    register(db, people["pending"], east, status="pending")
    return {"east": east, "west": west, "village": village, "street": street, **people}


# The accounts' usernames by their names above, where the two differ.
USERNAMES = {"wu": "wudm", "li": "lidm", "he": "hedm", "west_member": "qiandm",
             "west_staff": "wstaff", "supervisor": "super"}


class Phone:
    """A signed-in phone of one user: pushes with its own mid counter."""

    def __init__(self, app, name, device=None):
        username = USERNAMES.get(name, name)
        self.api = ApiClient(app.test_client()).as_user(username)
        self.device = device or f"phone-{username}"
        self.mids = itertools.count(1)

    def put(self, entity, data, record_id=None, base_rev=None):
        """Push one put; its result."""
        record_id = record_id or new_id()
        answer = self.api.push([put(next(self.mids), record_id, data, base_rev, entity)],
                               self.device)
        assert answer.status_code == 200, answer.json
        return {**answer.json["results"][0], "id": record_id}

    def delete(self, entity, record_id):
        """Push one delete; its result."""
        answer = self.api.push([{"mid": next(self.mids), "op": "delete", "entity": entity,
                                 "id": record_id}], self.device)
        return answer.json["results"][0]

    def pulled(self, entity):
        """The records of entity this phone receives from zero, by id."""
        found, since = {}, 0
        while True:
            page = self.api.get(f"/api/sync/pull?since={since}&limit=1000").json
            for change in page["changes"]:
                if change["entity"] == entity and change.get("data"):
                    found[change["id"]] = change["data"]
            if not page["more"]:
                return found
            since = page["next"]
