"""The demo county's community duty, part A: the demo member registered with 东门社区
(approved by its staff), three service posts of this year there, and their shifts over the
next two weeks. The member has claimed no post yet: 我的服务 asks them to."""
import datetime as dt
import random
import uuid

from ..auth.models import load_user_row
from ..clock import CHINA, now_iso, today
from ..sync import store
from .membership import REGISTRATION
from .posts import POST
from .shifts import SHIFT

COMMUNITY = "东门社区"
# (title, description, place, lat, lng, radius in metres, capacity, skills, contact role)
POSTS = [
    ("楼栋文明劝导", "劝导楼道堆物、高空抛物，宣传文明养犬", "东门社区1—5栋", 30.6598, 104.0817,
     150, 10, "沟通协调", "网格长"),
    ("垃圾分类督导", "早晚投放时段在分类亭指导居民分类投放", "东门菜市场旁分类亭", 30.6611,
     104.0829, 100, 8, "熟悉分类标准", "社区环卫专干"),
    ("老年人助餐服务", "午餐时段帮助长者取餐、送餐上门", "东门社区长者食堂", 30.6589, 104.0802,
     100, 6, "耐心细致", "社区党委书记"),
]
# Shifts of each post: (days from today, start hour, hours, places), over two weeks.
SHIFTS = [(1, 9, 2, 3), (3, 14, 2, 3), (5, 9, 2, 2), (8, 14, 2, 3), (10, 9, 2, 3),
          (13, 14, 2, 2)]


def _id(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def load(db, accounts, nodes):
    """Register the demo member with 东门社区 and give it posts and shifts (inside the demo's
    transaction); ids of their own random sequence, so the rest of the demo keeps its ids."""
    rng = random.Random(2016)
    staff = load_user_row(db, accounts["community"]["id"])
    member = load_user_row(db, accounts["member"]["id"])
    community = nodes[COMMUNITY]
    store.save(db, member, REGISTRATION, _id(rng), None, {
        "node_id": community["id"], "status": "approved", "reason": None,
        "decided_by": staff.id, "decided_at": now_iso(), "ended_at": None})
    year = today().year
    for title, text, place, lat, lng, radius, capacity, skills, contact in POSTS:
        post_id = _id(rng)
        store.save(db, staff, POST, post_id, None, {
            "node_id": community["id"], "year": year, "title": title, "description": text,
            "place": place, "lat": lat, "lng": lng, "radius_m": radius, "capacity": capacity,
            "skills": skills, "contact_role": contact, "active": True})
        for days, hour, hours, places in SHIFTS:
            start = dt.datetime.combine(today() + dt.timedelta(days=days), dt.time(hour), CHINA)
            store.save(db, staff, SHIFT, _id(rng), None, {
                "post_id": post_id, "node_id": community["id"],
                "starts_at": start.isoformat(timespec="seconds"),
                "ends_at": (start + dt.timedelta(hours=hours)).isoformat(timespec="seconds"),
                "capacity": places, "team_id": None, "note": None, "cancelled": False})
