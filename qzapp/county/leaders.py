"""The leaders' records of a generated county (F8, F9): each county and township leader's days
at the grassroots this year, research visits, receptions (held month by month, one planned and
announced), a research report — about 2,000 records, each checked and placed by its entity's
own clean and prepare as a push from the leader's phone is, and stored by the sync engine's
store as of the day it tells of (the same seed on the same day makes the same records), after
the county's register, diaries and ledger are written."""
import datetime as dt
import random
import uuid

from ..auth.models import load_user_row
from ..db import immediate
from ..sync import registry, store
from .bulk import day_start_ms, stamp

DAYS = 20
VISITS = 4
RECEPTIONS = 7


def _uuid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _moment(day, hour):
    return f"{day.isoformat()}T{hour:02d}:00:00+08:00"


def _records(rng, today, places):
    """(entity, data) of one leader's year so far."""
    start = dt.date(today.year, 1, 1)
    span = max((today - start).days, 1)
    days = sorted({start + dt.timedelta(days=rng.randrange(span)) for _ in range(DAYS)})
    for day in days:
        place = rng.choice(places)
        yield "grassroots_day", {"day": day.isoformat(), "place_node_id": place["id"],
                                 "place": place["name"], "done": rng.choice(DONE)}
    for _ in range(VISITS):
        first = start + dt.timedelta(days=rng.randrange(span))
        last = min(first + dt.timedelta(days=rng.randrange(3)), today)
        place = rng.choice(places)
        yield "research_visit", {
            "kind": rng.choice(("squat", "topic", "random")), "starts_on": first.isoformat(),
            "ends_on": last.isoformat(), "place_node_id": place["id"], "places": place["name"],
            "topic": rng.choice(TOPICS), "entourage_city": rng.randrange(3),
            "entourage_county": rng.randrange(3), "findings": rng.choice(DONE)}
    for month in range(1, min(today.month, RECEPTIONS) + 1):
        day = dt.date(today.year, month, rng.randrange(1, 28))
        if day >= today:
            continue
        place = rng.choice(places)
        yield "reception", {"kind": rng.choice(("scheduled", "visit")),
                            "starts_at": _moment(day, 9), "place": f"{place['name']}便民服务中心",
                            "place_node_id": place["id"], "status": "held",
                            "visitors": rng.randrange(3, 30), "summary": "接待群众来访"}
    coming = today + dt.timedelta(days=rng.randrange(3, 30))
    place = rng.choice(places)
    yield "reception", {"kind": "scheduled", "starts_at": _moment(coming, 9), "public": True,
                        "place": f"{place['name']}便民服务中心", "place_node_id": place["id"],
                        "topic": rng.choice(TOPICS)}
    yield "research_report", {"year": today.year, "title": f"关于{rng.choice(TOPICS)}的调研报告",
                              "body": "一、基本情况……二、存在问题……三、对策建议……"}


TOPICS = ("农村饮水安全", "乡村道路建设", "产业扶贫", "基层矛盾纠纷化解", "留守老人关爱",
          "农房安全", "集体经济发展", "社区治理")
DONE = ("走访困难群众，了解生产生活情况", "召开院坝会，听取群众意见", "督导矛盾纠纷化解",
        "调研产业发展", "检查防汛准备")


def _when(entity, data, today):
    """The moment a record was written: the evening of the day it tells of (a reception to
    come: the morning of generation day)."""
    day = {"grassroots_day": data.get("day"), "research_visit": data.get("ends_on"),
           "reception": (data.get("starts_at") or "")[:10]}.get(entity)
    day = dt.date.fromisoformat(day) if day else today
    if day >= today:
        return stamp(day_start_ms(today) + 8 * 3_600_000)
    return stamp(day_start_ms(day) + 18 * 3_600_000)


def write(db, county, seed, today):
    """Store every leader's records; how many."""
    rng = random.Random(f"{seed}:leaders")
    village = [p.node for p in county.places]
    groups = [(leader, village) for leader in county.leaders]
    for township in county.townships:
        own = [p.node for p in county.places if p.township is township]
        groups += [(leader, own) for leader in township.leaders]
    stored = 0
    with immediate(db):
        for leader_id, places in groups:
            user = load_user_row(db, leader_id)
            for name, data in _records(rng, today, places):
                entity = registry.get(name)
                row = entity.prepare(db, user, entity.clean(user, data), None)
                store.save(db, user, entity, _uuid(rng), None, row, audit=[],
                           stamp=_when(name, data, today))
                stored += 1
    return stored
