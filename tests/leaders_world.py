"""What the tests of leaders' work share: a province with a city, two counties, a township and
a village; leaders at each level, the city's admin and supervisor, each county's supervisor;
phones that push leaders' records."""
import datetime as dt

from tests.factories import ApiClient, make_node, make_user, new_id, put


def make_world(db):
    """A province with a city and two counties under it, a township; leaders at each level,
    the city's admin and supervisor, a supervisor of each county."""
    province = make_node(db, kind="province", name="省")
    city = make_node(db, province, kind="city", name="市")
    east = make_node(db, city, kind="county", name="东县")
    west = make_node(db, city, kind="county", name="西县")
    town = make_node(db, east, kind="township", name="东镇")
    village = make_node(db, town, kind="village", name="东村")
    w = {"province": province, "city": city, "east": east, "west": west, "town": town,
         "village": village}
    for name, node, roles in (("gov", province, ["leader"]), ("mayor", city, ["leader"]),
                              ("chief", east, ["leader", "cadre"]),
                              ("admin", city, ["admin"]), ("sup", city, ["supervisor"]),
                              ("east_sup", east, ["supervisor"]),
                              ("west_sup", west, ["supervisor"])):
        w[name] = make_user(db, node, roles=roles, username=f"l_{name}", name=f"{name}名")
    return w


class Phone:
    """One signed-in phone of a user: pushes records with increasing mids."""

    def __init__(self, app, username):
        self.api = ApiClient(app.test_client()).as_user(username)
        self.mid = 0

    def push(self, entity, *records):
        """Push records of an entity in one batch; their results."""
        mutations = []
        for data in records:
            self.mid += 1
            mutations.append(put(self.mid, new_id(), data, entity=entity))
        answer = self.api.push(mutations, device=f"dev-{id(self)}")
        assert answer.status_code == 200, answer.json
        return answer.json["results"]

    def put(self, entity, data, record_id=None, base_rev=None):
        """Push one record (a new one, or record_id at base_rev); its result, with its id."""
        self.mid += 1
        record_id = record_id or new_id()
        answer = self.api.push([put(self.mid, record_id, data, base_rev, entity)],
                               device=f"dev-{id(self)}")
        assert answer.status_code == 200, answer.json
        return {**answer.json["results"][0], "id": record_id}


def day(date, **extra):
    return {"day": date.isoformat() if isinstance(date, dt.date) else date,
            "done": "走访群众，了解饮水问题", **extra}


def visit(start, end=None, **extra):
    return {"kind": "topic", "starts_on": start, "ends_on": end or start, "places": "东村",
            "topic": "饮水安全", **extra}
