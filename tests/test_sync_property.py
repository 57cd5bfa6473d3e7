"""Property: whatever the interleaving of pushes, lost answers, duplicated requests and
pulls across several phones, every mutation is applied exactly once and every phone ends
with the server's state."""
import tempfile
import uuid
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from qzapp import create_app
from qzapp.db import connect
from qzapp.validate import trimmed
from tests.factories import ApiClient, diary_data, make_node, make_user, put

# What a person can type: no control or format characters (the server refuses those; see
# tests/test_validate.py), anything else, trimmed as the server trims it.
TYPED_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs", "Cf")), min_size=1,
                     max_size=8).filter(trimmed)

# (username, device): two phones of one secretary, one of the village's director.
PHONES = [("sec", "phone-a-0001"), ("sec", "phone-b-0001"), ("director", "phone-c-0001")]


class Phone:
    """The phone's algorithm, as pwa/js/sync.js runs it: outbox in mid order, pull pages."""

    def __init__(self, api, username, device):
        self.api, self.username, self.device = api, username, device
        self.outbox, self.next_mid, self.records, self.cursor = [], 1, {}, 0
        self.in_flight = None
        api.login(username, "secret123")

    def write(self, record_id, text):
        base = self.records.get(record_id, {}).get("rev")
        self.outbox.append(put(self.next_mid, record_id, diary_data(heard=text), base_rev=base))
        self.records[record_id] = {"rev": base, "heard": text}
        self.next_mid += 1

    def send(self, count, lose_answer):
        """Push the first count entries and return the answers; a lost answer leaves the
        outbox as it was."""
        batch = self.outbox[:count]
        response = self.api.post("/api/sync/push", {"device_id": self.device,
                                                    "mutations": batch})
        assert response.status_code == 200, response.json
        body = response.json
        # One answer per mid up to last_mid, in order, those applied before included.
        assert [r["mid"] for r in body["results"]] == [
            m["mid"] for m in batch if m["mid"] <= body["last_mid"]]
        if lose_answer:
            return body["results"]
        for result in body["results"]:
            mutation = next(m for m in self.outbox if m["mid"] == result["mid"])
            assert result["status"] in ("applied", "conflict"), result
            record = self.records[mutation["id"]]
            waiting = any(m["id"] == mutation["id"] and m["mid"] > mutation["mid"]
                          for m in self.outbox)
            if result["status"] == "applied" and not waiting and \
                    record.get("newer", {}).get("rev", 0) > result["rev"]:
                self.records[mutation["id"]] = record.pop("newer")   # written on top of ours
            elif result["status"] == "applied":
                record["rev"] = result["rev"]
                if not waiting:
                    record.pop("newer", None)
            else:
                self.records[mutation["id"]] = {"rev": result["server"]["rev"],
                                                "heard": result["server"]["heard"]}
        # Only answered entries leave (as sync-store.js applyPushResults does): a later mid the
        # server applied before stays until its own answer arrives.
        answered = {r["mid"] for r in body["results"]}
        self.outbox = [m for m in self.outbox if m["mid"] not in answered]
        return body["results"]

    def pull(self):
        while True:
            page = self.api.get(f"/api/sync/pull?since={self.cursor}&limit=3").json
            for change in page["changes"]:
                if any(m["id"] == change["id"] for m in self.outbox):
                    # The phone's own version stays until answered (sync-store.js applyPullPage).
                    self.records[change["id"]]["newer"] = {
                        "rev": change["seq"], "heard": change.get("data", {}).get("heard")}
                elif change["op"] == "put":
                    self.records[change["id"]] = {"rev": change["rev"],
                                                  "heard": change["data"]["heard"]}
                else:
                    self.records.pop(change["id"], None)
            self.cursor = page["next"]
            if not page["more"]:
                return


class SyncMachine(RuleBasedStateMachine):
    """Random phones doing random things against one real server and database."""

    def __init__(self):
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        path = str(Path(self.tmp.name) / "q.db")
        self.app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": path})
        self.db = connect(path)
        village = make_node(self.db, make_node(self.db), kind="village", name="村")
        make_user(self.db, village, roles=["first_secretary"], username="sec")
        make_user(self.db, village, roles=["village_staff"], username="director")
        self.phones = [Phone(ApiClient(self.app.test_client()), u, d) for u, d in PHONES]
        self.author = {}

    def teardown(self):
        self.db.close()
        self.tmp.cleanup()

    @rule(phone=st.integers(0, 2), text=TYPED_TEXT)
    def create(self, phone, text):
        record_id = str(uuid.uuid4())
        self.author[record_id] = self.phones[phone].username
        self.phones[phone].write(record_id, trimmed(text))

    @precondition(lambda self: self.author)
    @rule(phone=st.integers(0, 2), pick=st.integers(0, 1000), text=st.sampled_from("甲乙丙丁"))
    def edit_own(self, phone, pick, text):
        """Authors edit their own records (both phones of sec may hold the same record)."""
        owner = self.phones[phone].username
        mine = [r for r in self.phones[phone].records if self.author[r] == owner]
        if mine:
            self.phones[phone].write(mine[pick % len(mine)], text)

    @precondition(lambda self: any(p.outbox for p in self.phones))
    @rule(phone=st.integers(0, 2), count=st.integers(1, 4), lose=st.booleans(),
          twice=st.booleans())
    def push(self, phone, count, lose, twice):
        target = self.phones[phone]
        if not target.outbox:
            return
        first = target.send(count, lose_answer=lose or twice)
        if twice:  # the same request again: the same answers, word for word
            assert target.send(count, lose_answer=False) == first

    @rule(phone=st.integers(0, 2))
    def pull(self, phone):
        self.phones[phone].pull()

    @invariant()
    def each_mutation_applied_at_most_once(self):
        """Every write to a diary is one 'applied' answer to one (device, mid), and every
        attempt kept as a conflict one 'conflict' answer."""
        kept = dict(self.db.execute("SELECT action = 'conflict', count(*) FROM audit WHERE"
                                    " entity = 'diary' GROUP BY 1").fetchall())
        answers = dict(self.db.execute("SELECT json_extract(result, '$.status'), count(*)"
                                       " FROM sync_results GROUP BY 1").fetchall())
        assert kept.get(0, 0) == answers.get("applied", 0)
        assert kept.get(1, 0) == answers.get("conflict", 0)

    def settle(self):
        """Every phone sends all it has, then everyone pulls."""
        for phone in self.phones:
            while phone.outbox:
                phone.send(100, lose_answer=False)
        for phone in self.phones:
            phone.pull()

    def check_final_state(self):
        self.settle()
        server = {r["id"]: {"rev": r["rev"], "heard": r["heard"]}
                  for r in self.db.query("SELECT id, rev, heard FROM diaries")}
        for phone in self.phones:
            assert phone.records == server, phone.device
        answered = self.db.execute("SELECT count(*) FROM sync_results").fetchone()[0]
        assert answered == sum(p.next_mid - 1 for p in self.phones)
        self.each_mutation_applied_at_most_once()
        assert set(server) <= set(self.author)


class FinalCheck(SyncMachine):
    """Runs the final comparison at the end of every example."""

    def teardown(self):
        try:
            self.check_final_state()
        finally:
            super().teardown()


TestSync = FinalCheck.TestCase
TestSync.settings = settings(max_examples=40, stateful_step_count=25, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])
