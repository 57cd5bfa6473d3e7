"""The ledger of a generated county (民情台账): cases raised from diaries or brought by the other
channels (the 12345 hotline, letters, the web, receptions, service windows), each made as the
events its people wrote over its life: received, accepted (or transferred to the village or
township and accepted there), assigned, mediated, noted, replied to, closed and rated;
reopened when the resident was not satisfied or a supervisor found it badly done; flagged as
backlog, taken by a leader (包案), and escalated by the tick while it ran late. A few stay
open for good.

Each event is checked by qzapp.ledger.fold.problem against the case as it stands and folded
by fold.apply, so the stored case is what folding its events gives; its deadlines are the
table's (the defaults: the county sets none), as the engine puts them on the receive event
(ledger.deadlines, asked once for each category and urgency, and each matter type, before
the cases are made). The tick's escalations are
written as the tick writes them, on the day each level fell due (at its run just after
midnight), with the tick's once-key and event id, up to today's run: a tick run today has
nothing left to write.
"""
import contextlib
import datetime as dt

from ..ledger import deadlines, rules
from ..ledger.entity import CASE, CASE_EVENT, CASE_FIELDS, case_audience
from ..ledger.workdays import add_workdays, is_workday
from . import case_mix as mix
from . import names
from .bulk import SYNC_COLUMNS, spread
from .story import (
    DAY_MS,
    MINUTE_MS,
    OFFICE,
    SYNC_DELAY_MINUTES,
    TICK_MS,
    Now,
    Story,
    between,
    day_of,
    late_days,
    midnight,
    minutes_ms,
    office_moment,
    other,
    pick,
    weighted,
)

CASE_COLUMNS = (*CASE_FIELDS, *SYNC_COLUMNS)
EVENT_COLUMNS = ("id", "case_id", "node_id", "n", "kind", "data", "at", "base_n", "superseded",
                 "once", *SYNC_COLUMNS)
# About how many events a case has, for sizing the work of a chunk.
EVENTS_PER_CASE = 7.5


class CaseMaker:
    """Makes cases into batches: raised from a diary, or brought by another channel on a
    day. Holds what cases need of the county: who works where, and up to whom a case
    escalates from its owner's node."""

    def __init__(self, db, county, register, org, people, today):
        self.county, self.places, self.reg, self.people = county, county.places, register, people
        node_id = county.node["id"]   # no node of the county sets deadlines of its own
        self.days = {(category, urgency): deadlines.days_for(db, node_id, category, urgency)
                     for category in rules.CATEGORIES for urgency in rules.URGENCIES}
        self.matter_days = {name: deadlines.days_for_matter(db, node_id, name)
                            for name, _ in names.MATTER_TYPES}
        self.user_nodes, self.paths, self.kinds = org.user_nodes, org.paths, org.kinds
        self.end_ms = midnight(today)   # cases are written before today
        self.tick_today = self.end_ms + TICK_MS
        self.desk = county.cadres[:mix.DESK_CADRES] or county.leaders[:1]
        self.leaders = {*county.leaders, *(u for t in county.townships for u in t.leaders)}
        self._targets = {}

    def raised(self, batch, rng, ids, diary, place, h, category, at_ms, arrived_ms):
        """A case raised from a diary (a visit to household h, or an evening talk), received
        by its author a few minutes after it was written."""
        household = diary["household_id"]
        self.people.rng = rng
        name = self.reg.heads[h] if household else self._resident(rng)
        data = self._received(rng, "evening_talk" if diary["kind"] == "evening_talk" else "diary",
                              category, diary["heard"] or pick(rng, names.HEARD[category]),
                              name, household, diary["id"], diary["node_id"])
        at = min(at_ms + (1 + int(rng.random() * 20)) * MINUTE_MS, self.end_ms - MINUTE_MS)
        self._case(batch, rng, ids, at, arrived_ms, diary["created_by"], data, place)

    def brought(self, batch, rng, ids, date):
        """A case brought on date by a channel other than a diary, about a place of the
        county (a household of it sometimes)."""
        reg, self.people.rng = self.reg, rng
        channel = weighted(rng, mix.BROUGHT_CHANNELS)
        if channel in mix.OFFICE_CHANNELS and not is_workday(date):
            channel = "hotline"   # offices are closed: the hotline is not
        h = int(rng.random() * len(reg.ids))
        place = self.places[reg.place[h]]
        if rng.random() < mix.HOUSEHOLD_SHARE:
            household, name, node_id = reg.ids[h], reg.heads[h], reg.node[h]
        else:
            household, name, node_id = None, self._resident(rng), place.node["id"]
        matter = None
        if channel == "service_window":
            matter, category = pick(rng, names.MATTER_TYPES)
            text = f"{names.CHANNEL_OPENINGS[channel]}申请办理{matter}"
        else:
            category = pick(rng, tuple(names.HEARD))
            text = names.CHANNEL_OPENINGS[channel] + pick(rng, names.HEARD[category])
        data = self._received(rng, channel, category, text, name, household, None, node_id,
                              matter)
        start, span = OFFICE if channel in mix.OFFICE_CHANNELS else (7 * 3_600_000, 15 * 3_600_000)
        at = midnight(date) + start + int(rng.random() * span)
        self._case(batch, rng, ids, min(at, self.end_ms - MINUTE_MS), 0,
                   self._receiver(rng, channel, place), data, place)

    def targets(self, user):
        """The nodes a case owned by user escalates to, level 1 first (engine.py's
        escalation_target: up from the owner's node, never above the county)."""
        found = self._targets.get(user)
        if found is None:
            ids = [int(part) for part in self.paths[self.user_nodes[user]].strip("/").split("/")]
            top = next((i for i, node_id in enumerate(ids) if self.kinds[node_id] == "county"), 0)
            found = self._targets[user] = tuple(ids[i] for i in range(len(ids) - 2, top - 1, -1))
        return found

    def arrival(self, rng, at_ms):
        """When the server had what a phone wrote at at_ms (before today)."""
        arrived = at_ms + spread(rng, SYNC_DELAY_MINUTES) * MINUTE_MS + int(rng.random()
                                                                            * MINUTE_MS)
        return min(arrived, self.end_ms - 1)

    def _resident(self, rng):
        """A resident's name, of any generation."""
        return self.people.name(1940 + int(rng.random() * 62), "m" if rng.random() < 0.55
                                else "f")

    def _received(self, rng, channel, category, text, name, household, diary, node_id,
                  matter=None):
        """A receive event's data as the engine stores it: empty fields left out, the
        deadlines in force (a matter's, accepted the day it is asked)."""
        urgency = "normal" if matter else weighted(rng, mix.URGENCIES)
        data = {"kind": "matter" if matter else "appeal"}
        if matter:
            data["matter_type"] = matter
        data.update(channel=channel, category=category, urgency=urgency, text=text,
                    person_name=name)
        if rng.random() < mix.PHONE_SHARE:
            data["person_phone"] = self.people.phone()
        if household:
            data["household_id"] = household
        if diary:
            data["diary_id"] = diary
        data.update(node_id=node_id, backlog=False)
        data["days"] = dict(self.matter_days[matter] if matter
                            else self.days[category, urgency])
        return data

    def _receiver(self, rng, channel, place):
        """Who takes in a case that a channel brings about a place."""
        if channel in mix.DESK_CHANNELS:
            return pick(rng, self.desk)
        if channel == "reception":
            return pick(rng, place.township.leaders if rng.random() < 0.5 else place.staff)
        if channel == "leader_reception":
            return pick(rng, self.county.leaders if rng.random() < 0.5
                         else place.township.leaders)
        return pick(rng, place.community_staff or place.staff)

    def _case(self, batch, rng, ids, at, arrived_after, receiver, data, place):
        """The case's story, from its receipt to today, into the batch: its events, then
        the case folded from them."""
        story = Story(self, rng, ids, ids.at(at))
        story.write("receive", receiver, at, data, arrived_after)
        with contextlib.suppress(Now):
            self._life(story, rng, place, data)
        story.escalate(self.tick_today + 1)
        state, first, last = story.state, story.events[0], story.applied
        audience = case_audience(None, state)   # its events are seen by whoever sees it
        for event in story.events:
            batch.add(CASE_EVENT, event, audience, EVENT_COLUMNS, encoded=("data",))
        batch.add(CASE, {**state, "created_by": first["created_by"],
                         "created_at": first["created_at"], "updated_by": last["created_by"],
                         "updated_at": last["created_at"], "device_id": None, "deleted": 0},
                  audience, CASE_COLUMNS, encoded=("photos", "pending", "days"))

    def _life(self, s, rng, place, data):
        """Taken in, worked on, closed and rated, in rounds while it is reopened."""
        days, received = data["days"], day_of(s.at)
        owner = s.state["owner_id"]
        target = self._transfer_target(rng, owner, place, data["channel"])
        if target:
            self._transfer(s, rng, owner, target, s.at + minutes_ms(rng, 10, 240))
            if rng.random() < mix.RETURN_SHARE:
                s.write("return", target, office_moment(rng, s.at, day_of(s.at)),
                        {"reason": pick(rng, names.RETURN_REASONS)})
                target = self._transfer_target(rng, owner, place, data["channel"], target)
                if target:
                    self._transfer(s, rng, owner, target, s.at + minutes_ms(rng, 30, 600))
        day = add_workdays(received, late_days(rng, days["accept"], mix.ACCEPT_LATE_SHARE))
        s.write("accept", target or owner, office_moment(rng, s.at, day),
                {"note": pick(rng, names.ACCEPT_NOTES) if rng.random() < 0.2 else None})
        owner = s.state["owner_id"]
        if rng.random() < mix.ASSIGN_SHARE[self._level(owner)]:
            handler = self._handler(rng, owner, place)
            if handler:
                s.write("assign", owner, s.at + minutes_ms(rng, 5, 180), {
                    "to_user_id": handler, "to_node_id": self.user_nodes[handler],
                    "note": pick(rng, names.ASSIGN_NOTES) if rng.random() < 0.5 else None})
        since = received
        for rounds in range(3):
            if not self._round(s, rng, place, data, since, rounds):
                return
            since = day_of(s.at)

    def _round(self, s, rng, place, data, since, rounds):
        """Work on the case until it is closed (never, for a stuck one), and its rating;
        True when it was reopened (unsatisfied, or by a supervisor) on the day it ends."""
        close_days = data["days"]["close"]
        stuck = rounds == 0 and rng.random() < mix.STUCK_SHARE
        late = not stuck and rng.random() < (mix.CLOSE_LATE_SHARE if rounds == 0 else 0.05)
        if stuck:
            close, end = None, s.at + int((20 + rng.random() * 150) * DAY_MS)
        else:
            k = close_days + 1 + int(rng.random() ** 2 * 25) if late \
                else late_days(rng, close_days, 0, 1)
            close = end = office_moment(rng, s.at, add_workdays(since, k))
        plan = [(between(rng, s.at, end), "note") for _ in range(pick(rng, mix.NOTES))]
        plan += [(between(rng, s.at, end), "reply") for _ in range(pick(rng, mix.REPLIES))]
        if rounds == 0 and data["category"] in mix.MEDIATED and rng.random() < mix.MEDIATE_SHARE:
            plan.append((between(rng, s.at, end), "mediate"))
        overdue = midnight(dt.date.fromisoformat(s.state["close_by"]))
        very_late = stuck or (late and k > close_days + 10)
        if very_late and rng.random() < (mix.BACKLOG_SHARE if stuck else mix.BACKLOG_SHARE / 10):
            plan.append((overdue + int((20 + rng.random() * 60) * DAY_MS), "backlog"))
        if very_late and rng.random() < (mix.TAKE_SHARE if stuck else mix.TAKE_SHARE / 5) \
                and s.state["owner_id"] not in self.leaders:
            plan.append((overdue + int((7 + rng.random() * 14) * DAY_MS), "take"))
        for at, action in sorted(plan):
            if close is None or at < close:
                self._act(s, rng, place, data, action, at)
        if close is None:
            return False
        state = s.state
        closer = state["handler_id"] or state["owner_id"]
        result = weighted(rng, mix.CLOSE_RESULTS)
        s.write("close", closer, close, {"result": result,
                                         "done": pick(rng, names.CLOSE_DONE[result])})
        other = state["owner_id"] if closer != state["owner_id"] else None
        if other and rng.random() < mix.DUPLICATE_CLOSE_SHARE:
            result = weighted(rng, mix.CLOSE_RESULTS)
            s.write("close", other, s.at + minutes_ms(rng, 5, 90), {
                "result": result, "done": pick(rng, names.CLOSE_DONE[result])},
                superseded=True)
        if rng.random() < mix.RATED_SHARE:
            rater = s.state["owner_id"]
            if rng.random() < mix.RATED_BY_SUPERVISOR_SHARE:
                rater = place.township.supervisor
            satisfaction = weighted(rng, mix.SATISFACTION[min(rounds, 1)])
            comment = pick(rng, names.RATE_COMMENTS[satisfaction]) \
                if rng.random() < 0.4 else None
            s.write("rate", rater, office_moment(rng, s.at, add_workdays(
                day_of(s.at), int(rng.random() * 4))), {
                "satisfaction": satisfaction, "asked_by": pick(rng, rules.ASKED_BY),
                "comment": comment})
            if s.state["status"] != "closed":   # 不满意: reopened by itself
                return True
        if rng.random() < mix.REOPEN_SHARE:
            supervisor = place.township.supervisor if rng.random() < 0.8 \
                else pick(rng, self.county.supervisors)
            s.write("reopen", supervisor, office_moment(rng, s.at, add_workdays(
                day_of(s.at), 3 + int(rng.random() * 15))),
                {"reason": pick(rng, names.REOPEN_REASONS)})
            return True
        return False

    def _act(self, s, rng, place, data, action, at):
        """One event of the work on a case, by whom it falls to as the case stands."""
        state = s.state
        worker = state["handler_id"] or state["owner_id"]
        if action == "note":
            writers = [worker, state["owner_id"], place.secretary or pick(rng, place.staff)]
            author = pick(rng, writers)
            s.write("note", author, at, {"text": pick(rng, names.CASE_NOTES), "photos": []})
            if rng.random() < mix.CORRECT_SHARE:
                s.write("correct", author, s.at + minutes_ms(rng, 5, 60), {
                    "target": s.events[-1]["id"], "text": pick(rng, names.CORRECTIONS)})
        elif action == "reply":
            s.write("reply", worker, at, {"text": pick(rng, names.REPLIES),
                                          "by": pick(rng, rules.REPLY_BY)})
        elif action == "mediate":
            other = self._resident(rng)
            s.write("mediate", worker, at, {
                "mediation": weighted(rng, mix.MEDIATION_KINDS),
                "parties": f"{data['person_name']}与{other}",
                "mediator": place.node["name"] + pick(rng, names.MEDIATORS)
                if rng.random() < 0.5 else place.township.node["name"] + "司法所",
                "outcome": weighted(rng, mix.MEDIATION_OUTCOMES), "note": None})
        elif action == "backlog":
            by = place.township.supervisor if rng.random() < 0.6 else state["owner_id"]
            s.write("backlog", by, at, {"on": True,
                                        "reason": pick(rng, names.BACKLOG_REASONS)})
        elif action == "take":
            leaders = [u for u in place.township.leaders if u != state["owner_id"]]
            s.write("take", pick(rng, leaders), at, {"note": pick(rng, names.TAKE_NOTES)})

    def _transfer(self, s, rng, owner, target, at):
        s.write("transfer", owner, at, {"to_user_id": target,
                                        "to_node_id": self.user_nodes[target],
                                        "reason": pick(rng, names.TRANSFER_REASONS)})

    def _transfer_target(self, rng, owner, place, channel, not_to=None):
        """Whom the owner hands a new case on to (the village's staff, or the township's
        cadres), or None when they keep it."""
        level = self._level(owner)
        if owner in self.desk and channel in mix.DESK_CHANNELS:
            share = mix.DESK_TRANSFER_SHARE
        else:
            share = mix.COUNTY_TRANSFER_SHARE if level == "county" else mix.LOCAL_TRANSFER_SHARE
        if not_to is None and rng.random() >= share:
            return None
        village = self._village_people(place)
        if level in ("village", "grid") or rng.random() < 0.35:
            return other(rng, place.township.cadres or village, owner, not_to)
        return other(rng, village, owner, not_to)

    def _handler(self, rng, owner, place):
        """Whom the owner assigns the case to, inside their own scope, or None."""
        if self._level(owner) in ("county", "township") and rng.random() < 0.3:
            return other(rng, place.township.cadres, owner)
        return other(rng, [*self._village_people(place), *place.grid_workers], owner)

    def _village_people(self, place):
        """Those who keep a village's or community's books."""
        return [*place.staff, *place.community_staff, *([place.secretary] if place.secretary
                                                         else [])]

    def _level(self, user):
        """The kind of the node a user works at: county, township, village or grid."""
        return self.kinds[self.user_nodes[user]]
