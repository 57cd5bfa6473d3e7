"""Property: several phones append events to one case offline, in any interleaving, and sync
in any order with answers lost and requests repeated — the server and every phone derive the
same state, no event is lost and none is applied twice."""
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qzapp import create_app
from qzapp.db import connect
from qzapp.ledger import fold
from tests.factories import ApiClient, make_node, make_user, new_id, put

# Who holds a phone: the village's secretary (the case's owner), the staff member it is
# assigned to, a county leader and a supervisor.
PEOPLE = ("sec", "staff", "leader", "super")
# What each may try, with the data it needs.
ACTIONS = {
    "note": {"text": "又去看了"}, "reply": {"text": "已电话告知", "by": "phone"},
    "close": {"result": "resolved", "done": "办好了"},
    "rate": {"satisfaction": "unsatisfied", "asked_by": "phone"},
    "take": {}, "reopen": {"reason": "群众再次反映"}, "backlog": {"on": True},
    "mediate": {"mediation": "people", "parties": "双方", "mediator": "调解员",
                "outcome": "agreed"},
}


class World:
    """One app for every example: a county, a village, the four people."""

    def __init__(self):
        folder = Path(tempfile.mkdtemp())
        self.app = create_app({"TESTING": True, "SECRET_KEY": "t",
                               "DATABASE": str(folder / "q.db"),
                               "MEDIA_DIR": str(folder / "media")})
        self.db = connect(self.app.config["DATABASE"])
        county = make_node(self.db, make_node(self.db), kind="county")
        village = make_node(self.db, make_node(self.db, county, kind="township"), kind="village")
        roles = {"sec": ("first_secretary",), "staff": ("village_staff",),
                 "leader": ("leader",), "super": ("supervisor",)}
        self.ids = {}
        for name in PEOPLE:
            node = village if name in ("sec", "staff") else county
            self.ids[name] = make_user(self.db, node, roles[name], username=name)["id"]
        self.clients = {}
        self.mids = {}

    def client(self, name):
        if name not in self.clients:
            self.clients[name] = ApiClient(self.app.test_client()).as_user(name)
        return self.clients[name]

    def push(self, name, events):
        """Push events as one phone of name's, with the next mids; the answers."""
        start = self.mids.get(name, 0)
        mutations = [put(start + i + 1, e["id"], {k: e[k] for k in (
            "case_id", "kind", "at", "base_n", "data")}, entity="case_event")
            for i, e in enumerate(events)]
        self.mids[name] = start + len(events)
        answer = self.client(name).push(mutations, device=f"phone-{name}")
        assert answer.status_code == 200
        return answer.get_json()["results"]

    def server_events(self, name, case_id):
        """The case's events as name's phone pulls them."""
        answer = self.client(name).get(f"/api/cases/{case_id}").get_json()
        return answer["events"], answer["case"]


_WORLD = None


def world():
    global _WORLD
    if _WORLD is None:
        _WORLD = World()
    return _WORLD


def offline_events(state, me, by_id, kinds, at):
    """What a phone writes offline: each action that its own fold lets follow (the phone
    offers only those), applied locally on top of what it knows."""
    written = []
    for kind in kinds:
        event = {"id": new_id(), "case_id": state["id"], "kind": kind, "at": at,
                 "data": ACTIONS[kind], "by": by_id, "base_n": state["events_n"]}
        if fold.problem(state, event) is None:
            written.append(event)
            state = fold.apply(state, {**event, "n": state["events_n"] + 1})
    return written


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(plans=st.lists(st.tuples(st.sampled_from(PEOPLE),
                                st.lists(st.sampled_from(sorted(ACTIONS)), min_size=1,
                                         max_size=4)), min_size=2, max_size=4),
       order=st.randoms(use_true_random=False), repeat=st.booleans())
def test_offline_events_in_any_order_fold_alike_everywhere(plans, order, repeat):
    w = world()
    case_id, at = new_id(), "2026-11-02T10:00:00+08:00"
    opening = [{"id": new_id(), "case_id": case_id, "kind": "receive", "at": at, "base_n": 0,
                "data": {"channel": "diary", "category": "land", "text": "测试诉求"}},
               {"id": new_id(), "case_id": case_id, "kind": "accept", "at": at, "base_n": 1,
                "data": {}},
               {"id": new_id(), "case_id": case_id, "kind": "assign", "at": at, "base_n": 2,
                "data": {"to_user_id": w.ids["staff"]}}]
    assert {a["status"] for a in w.push("sec", opening)} == {"applied"}
    _events, start = w.server_events("sec", case_id)
    # Every phone goes offline knowing the case as it stands, and writes its events.
    batches = [(name, offline_events(start, name, w.ids[name], kinds, at))
               for name, kinds in plans]
    batches = [(name, events) for name, events in batches if events]
    order.shuffle(batches)
    sent, answers = [], {}
    for name, events in batches:
        results = w.push(name, events)
        if repeat:   # the answer was lost: the phone sends the same mids again
            w.mids[name] -= len(events)
            assert w.push(name, events) == results
        sent += events
        answers.update({e["id"]: r for e, r in zip(events, results)})
    stored, case = w.server_events("super", case_id)
    stored_ids = [e["id"] for e in stored]
    # Nothing lost, nothing twice: each event sent is stored once, or refused with a reason.
    assert len(stored_ids) == len(set(stored_ids))
    for event in sent:
        if answers[event["id"]]["status"] == "applied":
            assert stored_ids.count(event["id"]) == 1
        else:
            assert answers[event["id"]]["reason"] and event["id"] not in stored_ids
    # The server's case is the fold of its events, and so is every phone's.
    assert fold.fold(stored)["events_n"] == case["events_n"]
    for name in PEOPLE:
        events, seen = w.server_events(name, case_id) if name != "super" else (stored, case)
        mine = fold.fold([{**e, "by": e["created_by"]} for e in events])
        assert {k: mine[k] for k in ("status", "owner_id", "leader_id", "reopens", "rated",
                                     "satisfaction", "events_n", "close_by", "backlog",
                                     "mediations", "replies")} == \
               {k: seen[k] for k in ("status", "owner_id", "leader_id", "reopens", "rated",
                                     "satisfaction", "events_n", "close_by", "backlog",
                                     "mediations", "replies")}
