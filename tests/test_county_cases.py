"""The generated county's ledger: each case is what folding its events gives, its events pass
the engine's checks in order, the feed and the ledger hold them for a supervisor, and the tick
finds nothing left to escalate after generating."""
import collections
import datetime as dt
import types
import uuid

import pytest

from qzapp import county, create_app, tick
from qzapp.clock import today
from qzapp.db import connect, fetch_all, fetch_one, fetch_tuples, fetch_value, savepoint
from qzapp.ledger import deadlines, engine, fold, queries
from qzapp.ledger.entity import CASE_EVENT
from qzapp.sync import store
from tests.factories import ApiClient, county_app

SIZES = {"households": 300, "diaries": 3000, "cases": 400}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app on a database holding a tiny generated county (made once for the module)."""
    return county_app(tmp_path_factory, SIZES, seed=11, workers=0)


@pytest.fixture
def db(app):
    conn = connect(app.config["DATABASE"])
    yield conn
    conn.close()


@pytest.fixture
def copy(app, tmp_path):
    """A connection to a copy of the county's database, for writing to."""
    source, conn = connect(app.config["DATABASE"]), connect(str(tmp_path / "copy.db"))
    source.conn.backup(conn.conn)
    source.close()
    yield conn
    conn.close()


def test_it_writes_the_cases_asked_for_with_their_events(app, db):
    counts = app.config["COUNTY"].counts
    assert counts["cases"] == SIZES["cases"] and "appeals" not in counts
    assert 5 * SIZES["cases"] < counts["case_events"] < 10 * SIZES["cases"]
    kinds = dict(fetch_tuples(db, "SELECT kind, count(*) FROM case_events GROUP BY kind"))
    assert kinds["receive"] == SIZES["cases"]
    assert {"accept", "transfer", "assign", "note", "reply", "close", "rate",
            "escalate"} <= set(kinds)
    statuses = dict(fetch_tuples(db, "SELECT status, count(*) FROM cases GROUP BY status"))
    assert statuses["closed"] > 0.8 * SIZES["cases"] and statuses.get("in_progress")
    assert fetch_value(db, "SELECT count(*) FROM cases WHERE diary_id IS NOT NULL") > 100
    assert fetch_value(db, "SELECT count(*) FROM cases WHERE household_id IS NOT NULL") \
        > fetch_value(db, "SELECT count(*) FROM cases WHERE diary_id IS NOT NULL")
    assert len(dict(fetch_tuples(db, "SELECT channel, count(*) FROM cases GROUP BY 1"))) >= 6
    assert fetch_value(db, "SELECT count(*) FROM appeals") == 0
    assert fetch_tuples(db, "PRAGMA foreign_key_check") == []


def test_each_case_is_the_fold_of_its_events_which_pass_in_order(db):
    events_of = collections.defaultdict(list)
    for row in fetch_all(db, "SELECT * FROM case_events ORDER BY case_id, n"):
        events_of[row["case_id"]].append(row)
    cases = fetch_all(db, "SELECT * FROM cases")
    assert len(cases) == len(events_of) == SIZES["cases"]
    for row in cases:
        events = [engine.as_event(e) for e in events_of[row["id"]]]
        assert [e["n"] for e in events] == list(range(1, len(events) + 1))
        assert fold.fold(events) == engine.state_of(row)
        state = fold.NOTHING
        for event, stored in zip(events, events_of[row["id"]]):
            why = fold.problem(state, event)
            if event["superseded"]:   # a duplicate close, valid where its phone stood
                assert event["kind"] == "close" and why == event["superseded"]
                assert fold.problem(fold.fold(events[:stored["base_n"]]), event) is None
                continue
            assert why is None, (row["id"], event["n"], why)
            state = fold.apply(state, event)
        receive = events[0]["data"]
        days = deadlines.days_for_matter(db, row["node_id"], receive["matter_type"]) \
            if receive["kind"] == "matter" else deadlines.days_for(
                db, row["node_id"], receive["category"], receive["urgency"])
        assert receive["days"] == days and row["accept_by"] >= row["received_at"][:10]
        assert row["created_by"] == events[0]["by"] == row["received_by"]
        assert all(a["at"][:10] <= today().isoformat() for a in events)


def _replayed(db, case_id):
    """The case's events saved again by store.save under new ids, each by its author at its
    time, as the sync engine saves what phones push (the engine folding the case after
    each): (original case, copy, [(original event, copy)], {original id: copy id})."""
    copy_id, ids = str(uuid.uuid4()), {}
    ids[case_id] = copy_id
    pairs = []
    for row in fetch_all(db, "SELECT * FROM case_events WHERE case_id = ? ORDER BY n", [case_id]):
        ids[row["id"]] = str(uuid.uuid4())
        fields = {k: row[k] for k in ("node_id", "n", "kind", "at", "base_n", "superseded")}
        fields.update(case_id=copy_id, data=_renamed(row["data"], ids),
                      once=row["once"] and row["once"].replace(case_id, copy_id))
        store.save(db, types.SimpleNamespace(id=row["created_by"]), CASE_EVENT, ids[row["id"]],
                   None, fields, stamp=row["created_at"])
        pairs.append((row, fetch_one(db, "SELECT * FROM case_events WHERE id = ?",
                                     [ids[row["id"]]])))
    return (fetch_one(db, "SELECT * FROM cases WHERE id = ?", [case_id]),
            fetch_one(db, "SELECT * FROM cases WHERE id = ?", [copy_id]), pairs, ids)


def _renamed(text, ids):
    """Text with each original id in it replaced by its copy's."""
    for original, copy in ids.items():
        text = text.replace(original, copy)
    return text


def _change(db, entity, record_id):
    return fetch_one(db, "SELECT node_id, owner_id, handler_id, data FROM changes WHERE"
                         " entity = ? AND record_id = ? AND kind = 'upsert'", [entity, record_id])


def test_the_engine_stores_a_generated_case_alike_from_its_events(db):
    """Cases of every shape (transferred, assigned, escalated, reopened, taken, with a
    superseded duplicate close) replayed through the engine: the same case, the same events,
    the same feed entries, but for ids and revs (and the case's own server times)."""
    shapes = ("kind = 'transfer'", "kind = 'assign'", "kind = 'escalate'", "kind = 'reopen'",
              "kind = 'rate' AND data LIKE '%unsatisfied%'", "kind = 'take'",
              "kind = 'backlog'", "kind = 'correct'", "superseded IS NOT NULL", "n = 1")
    picked = {fetch_value(db, f"SELECT case_id FROM case_events WHERE {shape} ORDER BY id"
                              " LIMIT 1") for shape in shapes} - {None}
    assert len(picked) >= 6
    for case_id in picked:
        with pytest.raises(RuntimeError), savepoint(db):
            original, copy, pairs, ids = _replayed(db, case_id)
            skip = ("id", "rev", "created_at", "updated_at")
            assert {k: v for k, v in copy.items() if k not in skip} == {
                k: v for k, v in original.items() if k not in skip}
            assert _change(db, "case", copy["id"]) == {
                **_change(db, "case", case_id),
                "data": _renamed(_change(db, "case", case_id)["data"], ids)}
            for event, replayed in pairs:
                assert {**replayed, "id": event["id"], "case_id": case_id, "rev": event["rev"],
                        "data": event["data"], "once": event["once"]} == event
                assert _change(db, "case_event", replayed["id"]) == {
                    **_change(db, "case_event", event["id"]),
                    "data": _renamed(_change(db, "case_event", event["id"])["data"], ids)}
            raise RuntimeError("roll back")


def test_escalations_are_the_ticks_own(db):
    rows = fetch_all(db, "SELECT e.*, t.reopens FROM case_events e JOIN cases t ON"
                         " t.id = e.case_id WHERE e.kind = 'escalate'")
    assert rows
    for row in rows:
        level = engine.as_event(row)["data"]["level"]
        assert row["once"].startswith(f"escalate:{row['case_id']}:")
        assert row["once"].endswith(f":{level}") and row["created_by"] is None
        assert row["id"] == str(uuid.uuid5(engine.TICK_EVENTS, row["once"]))


def test_a_supervisor_pulls_and_lists_every_case(app, db):
    api = ApiClient(app.test_client())
    assert api.as_user("supervisor1", county.PASSWORD)
    pulled, since = collections.defaultdict(set), 0
    while True:
        page = api.get(f"/api/sync/pull?since={since}&limit=1000").json
        for change in page["changes"]:
            pulled[change["entity"]].add(change["id"])
        if not page["more"]:
            break
        since = page["next"]
    assert pulled["case"] == {i for (i,) in fetch_tuples(db, "SELECT id FROM cases")}
    assert pulled["case_event"] == {i for (i,) in fetch_tuples(db, "SELECT id FROM case_events")}
    listed, cursor, answer = [], None, None
    while True:
        answer = api.get("/api/cases?limit=500" + (f"&cursor={cursor}" if cursor else "")).json
        listed += [c["id"] for c in answer["items"]]
        cursor = answer["next_cursor"]
        if not cursor:
            break
    assert len(listed) == len(set(listed)) == answer["total"] == SIZES["cases"]
    day = today().isoformat()
    overdue = fetch_value(db, f"SELECT count(*) FROM cases t WHERE {queries.OVERDUE}", [day])
    assert answer["counts"]["overdue"] == overdue > 0
    assert answer["counts"]["escalated"] == fetch_value(
        db, "SELECT count(*) FROM cases WHERE escalation_level > 0")
    assert api.get("/api/cases?overdue=1&limit=500").json["total"] == overdue


def test_the_tick_after_generating_writes_nothing_and_later_no_duplicates(app, copy):
    before = fetch_value(copy, "SELECT count(*) FROM case_events")
    with app.app_context():   # the ledger's tick tells owners too
        done = tick.run(copy, only=("ledger",))["ledger"]
        assert done["folded"] == done["escalated"] == 0
        assert fetch_value(copy, "SELECT count(*) FROM case_events") == before
        later = today() + dt.timedelta(days=10)
        written = tick.run(copy, later, only=("ledger",))["ledger"]["escalated"]
        assert written > 0
        again = tick.run(copy, later, only=("ledger",))["ledger"]
        assert all(count == 0 for count in again.values()), again
    assert fetch_value(copy, "SELECT count(*) FROM case_events") == before + written
    assert fetch_value(copy, "SELECT count(DISTINCT once) FROM case_events") == fetch_value(
        copy, "SELECT count(*) FROM case_events WHERE kind = 'escalate'")


def test_its_indexes_are_the_migrations_own(db, tmp_path):
    """The indexes the generator drops while it fills the tables are all made again."""
    create_app({"SECRET_KEY": "x", "DATABASE": str(tmp_path / "empty.db")})
    empty = connect(str(tmp_path / "empty.db"))
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    assert fetch_tuples(db, schema) == fetch_tuples(empty, schema)
    empty.close()


def test_the_command_takes_cases_or_appeals(tmp_path):
    for option in ("--cases", "--appeals"):
        app = create_app({"TESTING": True, "SECRET_KEY": "x",
                          "DATABASE": str(tmp_path / f"c{option}.db")})
        result = app.test_cli_runner().invoke(args=[
            "generate-county", "--households", "200", "--diaries", "500", option, "30",
            "--workers", "0"])
        assert result.exit_code == 0, result.output
        assert "30 cases" in result.output.replace(",", "")
