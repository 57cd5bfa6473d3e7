"""What the tests of leaders' work share: a province with a city, two counties, a township and
a village; leaders at each level, the city's admin and supervisor, each county's supervisor;
and the records a leader's phone pushes."""
import datetime as dt

from tests.factories import Phone, make_node, make_user  # noqa: F401


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


def day(date, **extra):
    return {"day": date.isoformat() if isinstance(date, dt.date) else date,
            "done": "走访群众，了解饮水问题", **extra}


def visit(start, end=None, **extra):
    return {"kind": "topic", "starts_on": start, "ends_on": end or start, "places": "东村",
            "topic": "饮水安全", **extra}
