"""A generated case as its events are written (qzapp/county/cases.py makes their mix): each
checked by qzapp.ledger.fold.problem against the case as it stands and folded by fold.apply,
the tick's escalations written as the tick writes them on the day each level fell due; and the
moments and random picks the county's cases are made with."""
import datetime as dt
import uuid

from ..ledger import fold, rules
from ..ledger.engine import TICK_EVENTS
from ..ledger.workdays import add_workdays
from .bulk import CHINA_MS, local_stamp, stamp

DAY_MS, MINUTE_MS = 86_400_000, 60_000
OFFICE = (8 * 3_600_000 + 30 * MINUTE_MS, 9 * 3_600_000 + 30 * MINUTE_MS)   # start, span
TICK_MS = 30_000   # the tick's daily run, half a minute past midnight
# A phone sends what it wrote when it has signal: mostly within minutes, sometimes hours.
SYNC_DELAY_MINUTES = ((0.85, 1, 30), (0.12, 30, 480), (0.03, 480, 2880))
EPOCH = dt.date(1970, 1, 1).toordinal()


def day_of(ms):
    """The date in China of a moment (ms since the epoch)."""
    return dt.date.fromordinal(EPOCH + (ms + CHINA_MS) // DAY_MS)


def midnight(day):
    """Midnight of a date in China, in ms."""
    return (day.toordinal() - EPOCH) * DAY_MS - CHINA_MS


def next_tick(ms):
    """The tick's first run after a moment."""
    run = midnight(day_of(ms)) + TICK_MS
    return run if run > ms else run + DAY_MS


def pick(rng, options):
    return options[int(rng.random() * len(options))]


def other(rng, candidates, *not_these):
    """One of candidates but not_these, or None when there is none."""
    for _ in range(4):
        if candidates and (chosen := pick(rng, candidates)) not in not_these:
            return chosen
    others = [user for user in candidates if user not in not_these]
    return pick(rng, others) if others else None


def weighted(rng, options):
    """One of ((value, weight), ...), as likely as its weight."""
    draw = rng.random() * sum(weight for _, weight in options)
    for value, weight in options:
        draw -= weight
        if draw < 0:
            return value
    return options[-1][0]


class Now(Exception):
    """A case's next event would fall after the present: the case stays as it stands."""


class Story:
    """A case as its events are written, each checked and folded as it comes."""

    def __init__(self, maker, rng, ids, case_id):
        self.maker, self.rng, self.ids, self.case_id = maker, rng, ids, case_id
        self.events, self.state, self.before, self.applied = [], fold.NOTHING, None, None
        self.at = self.arrived = 0   # the last event's moment, and when the server had it
        self.due = (None, 0)   # (due, level) and the tick run at which that level falls due

    def write(self, kind, by, at_ms, data, arrived_after=0, superseded=False):
        """Write a phone's event at at_ms (a minute after the last at least), unless that is
        after the present; the tick's escalations owed before it arrives come first. With
        superseded, the event is a duplicate written where the phone had not yet seen the
        last one (and is stored, not applied)."""
        maker = self.maker
        at_ms = max(at_ms, self.at + MINUTE_MS)
        if at_ms >= maker.end_ms:
            raise Now
        arrived = maker.arrival(self.rng, at_ms)
        arrived = max(arrived, arrived_after, self.arrived + 1000)
        if self.state is not fold.NOTHING:
            self.escalate(arrived)
        created, n = stamp(arrived), len(self.events) + 1
        self._append({
            "id": self.ids.at(at_ms), "case_id": self.case_id,
            "node_id": data["node_id"] if kind == "receive" else self.state["node_id"], "n": n,
            "kind": kind, "data": data, "at": local_stamp(at_ms),
            "base_n": n - 2 if superseded else n - 1, "superseded": superseded or None,
            "once": None,
            "by": by, "created_by": by, "created_at": created, "updated_by": by,
            "updated_at": created, "device_id": None, "deleted": 0})
        self.at, self.arrived = at_ms, arrived
        return at_ms

    def escalate(self, until):
        """The tick's escalations of the case while it stays as it is, each level on the
        first run of the day it falls due, those before until."""
        maker = self.maker
        while self.state["status"] != "closed":
            state = self.state
            step = state["escalation_level"] + 1
            targets = maker.targets(state["owner_id"])
            if step > len(targets):
                return
            due = state["accept_by"] if state["status"] == "received" else state["close_by"]
            if self.due[0] != (due, step):
                day = add_workdays(dt.date.fromisoformat(due),
                                   1 + rules.ESCALATE_EVERY_DAYS * (step - 1))
                self.due = ((due, step), midnight(day) + TICK_MS)
            moment = max(self.due[1], next_tick(self.arrived))
            if moment >= until:
                return
            once = f"escalate:{self.case_id}:{state['reopens']}:{step}"
            created, n = stamp(moment), len(self.events) + 1
            self._append({
                "id": str(uuid.uuid5(TICK_EVENTS, once)), "case_id": self.case_id,
                "node_id": state["node_id"], "n": n, "kind": "escalate",
                "data": {"level": step, "to_node_id": targets[step - 1], "due": due},
                "at": local_stamp(moment), "base_n": n - 1, "superseded": None, "once": once,
                "by": None, "created_by": None, "created_at": created, "updated_by": None,
                "updated_at": created, "device_id": None, "deleted": 0})
            self.arrived = moment

    def _append(self, event):
        """Check the event against the case and fold it in (a superseded one: check that
        it was valid where its phone stood, and is no longer)."""
        why = fold.problem(self.state, event)
        if event["superseded"]:
            if why is None or fold.problem(self.before, event) is not None:
                raise ValueError(f"a generated {event['kind']} is no duplicate")
            event["superseded"] = why
        elif why is not None:
            raise ValueError(f"a generated {event['kind']} event is refused: {why}")
        else:
            self.before, self.state = self.state, fold.apply(self.state, event)
            self.applied = event
        self.events.append(event)


def late_days(rng, days, late_share, low=0):
    """Working days after the start that something due in days is done: mostly early within
    them, sometimes late."""
    if rng.random() < late_share:
        return days + 1 + int(rng.random() ** 2 * 8)
    return max(low, min(days, int(days * rng.random() ** 1.5 + 0.5)))


def office_moment(rng, after, day):
    """A moment in office hours of day, or, when that is not after `after`, a while after it."""
    ms = midnight(day) + OFFICE[0] + int(rng.random() * OFFICE[1])
    return ms if ms > after else after + int((20 + rng.random() * 220) * MINUTE_MS)


def minutes_ms(rng, low, high):
    """A while of low to high minutes, in ms."""
    return int((low + rng.random() * (high - low)) * MINUTE_MS)


def between(rng, start, end):
    """A moment from start to end (ms)."""
    return start + int(rng.random() * (end - start))
