"""Diaries and cases of a generated county: visits about households by their cadres and
the people who keep the village's register, evening talks, group activities and meetings
over the last three years, the cases raised from them, and the cases the other channels
bring day by day (cases.py)."""
import datetime as dt
import random

from ..diary.entity import ACTIVITY_TYPES, DIARY
from . import names
from .bulk import SYNC_COLUMNS, Batch, Ids, day_start_ms, spread, stamp
from .cases import EVENTS_PER_CASE, CaseMaker
from .people import People

DIARY_COLUMNS = ("id", "node_id", "kind", "activity_type", "occurred_at", "place", "lat", "lng",
                 "accuracy", "household_id", "people_met", "heard", "done", "topic",
                 "attendance", "photos", "follow_up_date", *SYNC_COLUMNS)
DIARY_DAYS = 3 * 365
# Of the cases, the share raised from diaries (never more than there are diaries).
RAISED_SHARE = 0.45
KINDS = (("visit", 80), ("evening_talk", 8), ("group_activity", 8), ("meeting", 4))
# When in the day (seconds after midnight, China) each kind happens.
HOURS = {"visit": (8 * 3600 + 1800, 18 * 3600 + 1800), "evening_talk": (19 * 3600, 21 * 3600),
         "group_activity": (9 * 3600, 17 * 3600), "meeting": (9 * 3600, 18 * 3600)}
FOLLOW_UP_SHARE = 0.35
GPS_SHARE = 0.7
ACCURACIES = (5.0, 8.0, 10.0, 12.0, 15.0, 20.0, 30.0, 50.0, 120.0)
CATEGORIES = tuple(names.HEARD)
# A phone sends what it wrote when it has signal: within two hours mostly, sometimes days.
SYNC_DELAY_MINUTES = ((0.80, 1, 120), (0.15, 120, 1440), (0.05, 1440, 4320))
MINUTE_MS = 60_000


class DiaryMaker:
    """Makes the diaries and cases of a run of days into a batch. Each day has random
    streams of its own and its diaries and cases counted beforehand, so that days can be
    made in any process, in any order, alike; a batch is numbered in the feed when it is
    written (its cases' events are not counted beforehand)."""

    def __init__(self, db, county, register, org, seed, today, diaries, cases):
        self.places, self.reg, self.seed = county.places, register, seed
        self.today, self.anchor_ms = today, day_start_ms(today)
        self.kinds = [kind for kind, share in KINDS for _ in range(share)]
        self.plan = _plan(today, diaries, cases)
        self.cases = CaseMaker(db, county, register, org, People(None, today.year), today)

    def chunks(self, rows):
        """Runs of days (ranges of day numbers) of about rows rows each."""
        start, size = 0, 0
        for d, (_date, diaries, raised, brought) in enumerate(self.plan):
            size += 2 * diaries + 2 * (1 + EVENTS_PER_CASE) * (raised + brought)
            if size >= rows or d == len(self.plan) - 1:
                yield range(start, d + 1)
                start, size = d + 1, 0

    def batch(self, days):
        """The batch of the days' diaries and cases."""
        batch = Batch(None)
        for d in days:
            self.rng = random.Random(f"{self.seed}:diaries:{d}")
            self.case_rng = random.Random(f"{self.seed}:cases:{d}")
            self.ids, self.case_ids = Ids(self.rng), Ids(self.case_rng)
            self._day(batch, *self.plan[d])
        return batch

    def _day(self, batch, date, count, raised, brought):
        """The day's diaries in the order they happened, each with the case it raised, then
        the cases brought that day."""
        rng, kinds, households = self.rng, self.kinds, len(self.reg.ids)
        drafts = []
        for _ in range(count):
            kind = kinds[int(rng.random() * len(kinds))]
            low, high = HOURS[kind]
            drafts.append((low + int(rng.random() * (high - low)), kind,
                           int(rng.random() * households)))
        drafts.sort()
        midnight, text_day = day_start_ms(date), date.isoformat()
        ordinal, left = date.toordinal(), [count, raised]
        for seconds, kind, h in drafts:
            at_ms = midnight + seconds * 1000 + int(rng.random() * 1000)
            occurred = f"{text_day}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:" \
                       f"{seconds % 60:02d}+08:00"
            if kind == "visit":
                row, handler, category = self._visit(h, ordinal, date)
            else:
                row, handler, category = self._gathering(kind, self.places[self.reg.place[h]])
            received = self._received(at_ms)
            created = stamp(received)
            row.update(id=self.ids.at(at_ms), occurred_at=occurred, photos=[],
                       created_at=created, updated_at=created, device_id=None, deleted=0)
            row["updated_by"] = row["created_by"]
            batch.add(DIARY, row, (row["node_id"], row["created_by"], handler), DIARY_COLUMNS,
                      encoded=("photos",))
            self._maybe_case(batch, left, row, h, category, at_ms, received)
        for _ in range(brought):
            self.cases.brought(batch, self.case_rng, self.case_ids, date)

    def _visit(self, h, ordinal, date):
        """A visit to household h: (row without its times, handler, appeal category)."""
        rng, reg = self.rng, self.reg
        place = self.places[reg.place[h]]
        category = CATEGORIES[int(rng.random() * len(CATEGORIES))]
        lat, lng, accuracy = self._where(place, GPS_SHARE, 0.02)
        follow = None
        if rng.random() < FOLLOW_UP_SHARE:
            follow = (date + dt.timedelta(days=_between(rng, 7, 30))).isoformat()
        met = reg.heads[h] if rng.random() < 0.5 else _pick(rng, names.PEOPLE_MET)
        return ({"node_id": reg.node[h], "kind": "visit", "activity_type": None,
                 "place": reg.addresses[h], "lat": lat, "lng": lng, "accuracy": accuracy,
                 "household_id": reg.ids[h], "people_met": met,
                 "heard": _pick(rng, names.HEARD[category]), "done": _pick(rng, names.DONE),
                 "topic": None, "attendance": None, "follow_up_date": follow,
                 "created_by": self._visitor(h, ordinal, place)},
                reg.cadre[h] or None, category)

    def _visitor(self, h, ordinal, place):
        """Who visited household h that day: its cadre then (mostly), else its grid worker,
        the village's staff or its first secretary."""
        rng, reg, draw = self.rng, self.reg, self.rng.random()
        cadre = 0
        if reg.cadre[h] and ordinal >= reg.start[h]:
            cadre = reg.cadre[h]
        elif reg.prev[h] and reg.prev_start[h] <= ordinal:
            cadre = reg.prev[h]
        if cadre and draw < 0.7:
            return cadre
        if draw < (0.9 if cadre else 0.65):
            return reg.grid_worker[h]
        if place.secretary and draw > 0.95:
            return place.secretary
        return _pick(rng, place.staff)

    def _gathering(self, kind, place):
        """An evening talk, group activity or meeting in a village or community."""
        rng = self.rng
        organisers = [place.secretary, place.stationed, *place.staff]
        if kind != "meeting" and rng.random() < 0.1:
            organisers = place.township.leaders
        author = _pick(rng, [o for o in organisers if o])
        lat, lng, accuracy = self._where(place, 0.4, 0.005)
        activity, category, heard = None, None, None
        if kind == "evening_talk":
            topic, attendance = _pick(rng, names.TALK_TOPICS), _between(rng, 12, 60)
            category = CATEGORIES[int(rng.random() * len(CATEGORIES))]
            heard, done = _pick(rng, names.HEARD[category]), _pick(rng, names.DONE)
        elif kind == "group_activity":
            activity = _pick(rng, ACTIVITY_TYPES)
            topic, attendance = _pick(rng, names.ACTIVITY_TOPICS[activity]), _between(rng, 20, 150)
            done = f"组织开展活动，参加群众{attendance}人"
        else:
            topic, attendance = _pick(rng, names.MEETING_TOPICS), _between(rng, 5, 30)
            done = "研究部署近期工作"
        return ({"node_id": place.node["id"], "kind": kind, "activity_type": activity,
                 "place": place.node["name"] + _pick(rng, names.TALK_PLACES), "lat": lat,
                 "lng": lng, "accuracy": accuracy, "household_id": None, "people_met": None,
                 "heard": heard, "done": done, "topic": topic, "attendance": attendance,
                 "follow_up_date": None, "created_by": author}, None, category)

    def _where(self, place, share, spread):
        """(lat, lng, accuracy) near the place for a share of diaries, else no position."""
        rng = self.rng
        if rng.random() >= share:
            return None, None, None
        lat, lng = place.centre
        return (round(lat + rng.uniform(-spread, spread), 6),
                round(lng + rng.uniform(-spread, spread), 6), _pick(rng, ACCURACIES))

    def _received(self, at_ms):
        """When (ms) the server received what was written at at_ms (never after midnight
        today)."""
        rng = self.rng
        received = at_ms + spread(rng, SYNC_DELAY_MINUTES) * MINUTE_MS + int(rng.random()
                                                                             * MINUTE_MS)
        return min(received, self.anchor_ms - 1 - int(rng.random() * MINUTE_MS))

    def _maybe_case(self, batch, left, diary, h, category, at_ms, received):
        """Raise a case from the diary, so that the day raises exactly its share (left:
        [diaries, cases] still to come; each diary raises one with the chance
        cases / diaries)."""
        rng = self.case_rng
        left[0] -= 1
        if rng.random() * (left[0] + 1) >= left[1]:
            return
        left[1] -= 1
        if category is None:
            category = CATEGORIES[int(rng.random() * len(CATEGORIES))]
        self.cases.raised(batch, rng, self.case_ids, diary, self.places[self.reg.place[h]], h,
                          category, at_ms, received)


def _pick(rng, options):
    """One of options (random.choice, without its checks: made millions of times)."""
    return options[int(rng.random() * len(options))]


def _between(rng, low, high):
    """A whole number from low to high, both included (random.randint, quicker)."""
    return low + int(rng.random() * (high - low + 1))


def _plan(today, diaries, cases):
    """(date, diaries, cases raised from them, cases brought otherwise) of each of the last
    DIARY_DAYS days: diaries and brought cases spread evenly, raised ones in proportion to
    the diaries (never more than a day's diaries)."""
    first, plan = today - dt.timedelta(days=DIARY_DAYS), []
    raised_all = min(round(cases * RAISED_SHARE), diaries)
    brought_all = cases - raised_all
    for d in range(DIARY_DAYS):
        before, upto = diaries * d // DIARY_DAYS, diaries * (d + 1) // DIARY_DAYS
        raised = raised_all * upto // diaries - raised_all * before // diaries if diaries else 0
        brought = brought_all * (d + 1) // DIARY_DAYS - brought_all * d // DIARY_DAYS
        plan.append((first + dt.timedelta(days=d), upto - before, raised, brought))
    return plan
