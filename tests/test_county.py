"""The county generator: records stored as the sync engine stores them, pulled and listed by
the app's own routes, valid ID numbers, spread rotations, the same county for the same seed."""
import collections
import hashlib
import json
import types

import pytest

from qzapp import county, create_app
from qzapp.auth.models import load_user_row
from qzapp.clock import today
from qzapp.db import connect, fetch_all, fetch_tuples, fetch_value, savepoint
from qzapp.households.rules import id_number_problem, rotation_status
from qzapp.sync import registry, store
from tests.factories import ApiClient, county_app

SIZES = {"households": 2000, "diaries": 20000, "cases": 1500}
SYNCED = ("household", "pairing", "stationing", "diary", "case", "case_event")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app on a database holding a small generated county (made once for the module)."""
    return county_app(tmp_path_factory, SIZES, seed=7, workers=1)


@pytest.fixture
def db(app):
    conn = connect(app.config["DATABASE"])
    yield conn
    conn.close()


@pytest.fixture
def api(app):
    return ApiClient(app.test_client())


def sign_in(api, username):
    assert api.as_user(username, county.PASSWORD)
    return api


def listed(api, url, key):
    """Every item of a list route, following its pages (?cursor=) when it has them."""
    items, cursor = [], None
    while True:
        answer = api.get(url + (f"&cursor={cursor}" if cursor else "")).json
        items += answer[key]
        cursor = answer.get("next_cursor")
        if not cursor:
            return items


def pull_all(api):
    """Every change a phone starting from nothing receives, through /api/sync/pull."""
    url, seen = "/api/sync/pull?since=0&limit=1000", []
    while True:
        page = api.get(url).json
        seen += page["changes"]
        if not page["more"]:
            return seen
        url = f"/api/sync/pull?since={page['next']}&limit=1000"


def test_it_writes_what_was_asked_and_nothing_dangles(app, db):
    counts = app.config["COUNTY"].counts
    assert {k: counts[k] for k in SIZES} == SIZES
    assert counts["changes"] == sum(counts[registry.get(name).table] for name in SYNCED)
    assert counts["pairings"] > 0.85 * SIZES["households"] and counts["stationings"] > 0
    assert fetch_tuples(db, "PRAGMA foreign_key_check") == []
    assert fetch_value(db, "PRAGMA journal_mode") == "wal"
    assert fetch_value(db, "SELECT count(*) FROM audit") == 0   # generated: no one's doing


@pytest.mark.parametrize("name", SYNCED)
def test_each_change_is_what_the_sync_engine_keeps(db, name):
    entity = registry.get(name)
    rows = fetch_all(db, f"SELECT t.*, c.seq, c.node_id AS c_node, c.owner_id AS c_owner,"
                         f" c.handler_id AS c_handler, c.data AS c_data, c.kind AS c_kind"
                         f" FROM [{entity.table}] t LEFT JOIN changes c ON c.entity = ?"
                         f" AND c.record_id = t.id", [name])
    assert rows and len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        change = {k: row.pop(k) for k in ("seq", "c_node", "c_owner", "c_handler", "c_data",
                                          "c_kind")}
        assert change["c_kind"] == "upsert" and change["seq"] == row["rev"]
        assert (change["c_node"], change["c_owner"], change["c_handler"]) == tuple(
            entity.audience(db, row))
        assert change["c_data"] == store.pulled_json(entity.serialize(db, row))


# Cases and their events are stored by the engine as it folds them: tests/test_county_cases.py
# replays generated cases through it.
@pytest.mark.parametrize("name", [name for name in SYNCED if not name.startswith("case")])
def test_store_save_stores_the_same_record(db, name):
    """A copy of a generated record saved by store.save, by its author at its time, is
    stored and kept in the feed exactly as the generator stored the original."""
    entity = registry.get(name)
    original = fetch_all(db, f"SELECT * FROM [{entity.table}] WHERE created_at = updated_at"
                             f" ORDER BY rev LIMIT 1")[0]
    author = types.SimpleNamespace(id=original["created_by"])
    fields = {k: v for k, v in original.items() if k not in (
        "id", "rev", "created_by", "created_at", "updated_by", "updated_at", "device_id",
        "deleted", "received_at")}
    for key in ("members", "photos"):
        if key in fields:
            fields[key] = json.loads(fields[key])
    with pytest.raises(RuntimeError), savepoint(db):
        store.save(db, author, entity, "copy", None, fields, stamp=original["created_at"])
        copy = fetch_all(db, f"SELECT * FROM [{entity.table}] WHERE id = 'copy'")[0]
        kept = fetch_value(db, "SELECT data FROM changes WHERE record_id = 'copy'")
        assert {**copy, "id": original["id"], "rev": original["rev"]} == original
        assert kept == fetch_value(db, "SELECT data FROM changes WHERE record_id = ?",
                                   [original["id"]]).replace(original["id"], "copy")
        raise RuntimeError("roll back")


def test_a_village_secretary_pulls_exactly_the_village(db, api):
    username, village = fetch_tuples(
        db, "SELECT u.username, u.node_id FROM users u JOIN user_roles r ON r.user_id = u.id"
            " WHERE r.role = 'first_secretary' ORDER BY u.id LIMIT 1")[0]
    pulled = pull_all(sign_in(api, username))
    households = {c["id"]: c["data"] for c in pulled if c["entity"] == "household"}
    theirs = fetch_all(db, "SELECT h.* FROM households h JOIN org_nodes n ON n.id = h.node_id"
                           " WHERE n.id = ? OR n.parent_id = ?", [village, village])
    assert set(households) == {h["id"] for h in theirs} and len(theirs) > 100
    secretary = load_user_row(db, fetch_value(db, "SELECT id FROM users WHERE username = ?",
                                              [username]))
    for row in theirs:
        view = registry.get("household").view(db, secretary, row)
        assert households[row["id"]] == {k: v for k, v in view.items()
                                          if v is not None and k != "rev"}
    diaries = {c["id"] for c in pulled if c["entity"] == "diary"}
    assert diaries == {i for (i,) in fetch_tuples(
        db, "SELECT d.id FROM diaries d JOIN org_nodes n ON n.id = d.node_id"
            " WHERE n.id = ? OR n.parent_id = ?", [village, village])}


def test_a_cadre_pulls_their_households_and_what_is_about_them(db, api):
    cadre, username = fetch_tuples(
        db, "SELECT p.cadre_id, u.username FROM pairings p JOIN users u ON u.id = p.cadre_id"
            " JOIN user_roles r ON r.user_id = u.id AND r.role = 'cadre'"
            " WHERE p.end_date IS NULL ORDER BY p.cadre_id LIMIT 1")[0]
    pulled = pull_all(sign_in(api, username))
    by_entity = collections.defaultdict(dict)
    for change in pulled:
        by_entity[change["entity"]][change["id"]] = change["data"]
    paired = {i for (i,) in fetch_tuples(db, "SELECT household_id FROM pairings WHERE"
                                             " cadre_id = ? AND end_date IS NULL", [cadre])}
    assert set(by_entity["household"]) == paired
    about = {i for (i,) in fetch_tuples(
        db, "SELECT id FROM diaries WHERE created_by = ? OR household_id IN (SELECT"
            " household_id FROM pairings WHERE cadre_id = ? AND end_date IS NULL)",
        [cadre, cadre])}
    assert set(by_entity["diary"]) == about and about
    for record_id, data in by_entity["household"].items():   # the JSON kept, as it is
        assert store.pulled_json(data) == fetch_value(
            db, "SELECT data FROM changes WHERE record_id = ?", [record_id])


def test_people_have_valid_id_numbers_and_plausible_names(db):
    rows = fetch_tuples(db, "SELECT head_name, id_number, phone, members FROM households")
    assert all(id_number_problem(number, today()) is None for _, number, _, _ in rows)
    assert len({number for _, number, _, _ in rows}) > 0.99 * len(rows)
    surnames = {name for name, _ in county.names.SURNAMES}
    assert all(2 <= len(name) <= 3 and name[0] in surnames for name, _, _, _ in rows)
    assert all(phone is None or (len(phone) == 11 and phone[0] == "1") for *_, phone, _ in rows)
    assert sum(members != "[]" for *_, members in rows) > 0.7 * len(rows)


def test_rotations_are_spread_and_the_register_apis_work(db, api):
    starts = [s for (s,) in fetch_tuples(db, "SELECT start_date FROM pairings WHERE"
                                             " end_date IS NULL")]
    spread = collections.Counter(rotation_status(s, today()) for s in starts)
    assert all(spread[status] > 0.05 * len(starts) for status in ("ok", "due", "overdue"))
    sign_in(api, "admin")
    overdue = listed(api, "/api/pairings?status=overdue&limit=500", "pairings")
    assert len(overdue) == spread["overdue"]
    village = fetch_value(db, "SELECT id FROM org_nodes WHERE kind = 'village' LIMIT 1")
    register = listed(api, f"/api/households?node_id={village}&limit=500", "households")
    assert len({h["id"] for h in register}) == len(register) == fetch_value(
        db, "SELECT count(*) FROM households h JOIN org_nodes n ON n.id = h.node_id"
            " WHERE n.id = ? OR n.parent_id = ?", [village, village])


def test_a_cadre_and_a_secretary_use_the_app_on_it(db, api):
    cadre = fetch_value(db, "SELECT u.username FROM users u JOIN pairings p ON"
                            " p.cadre_id = u.id WHERE u.username LIKE 'cadre%' LIMIT 1")
    mine = sign_in(api, cadre).get("/api/households/mine")
    assert mine.status_code == 200 and mine.json["households"]
    assert all(h["pairing"]["cadre_name"] and h["last_visit"] for h in mine.json["households"])
    own = listed(api, "/api/diaries?mine=1&limit=500", "diaries")
    assert own and all(d["created_by"] == own[0]["created_by"] for d in own)
    secretary, village = fetch_tuples(db, "SELECT username, node_id FROM users WHERE"
                                          " username LIKE 'sec.%'")[0]
    diaries = listed(sign_in(api, secretary), "/api/diaries?limit=500", "diaries")
    assert len(diaries) == fetch_value(
        db, "SELECT count(*) FROM diaries d JOIN org_nodes n ON n.id = d.node_id"
            " WHERE n.id = ? OR n.parent_id = ?", [village, village])


def _fingerprint(path):
    """A hash of every table's rows (but the accounts' password hashes and session tokens,
    salted and random by design)."""
    db, digest = connect(path), hashlib.sha256()
    for table in ("org_nodes", "users", "user_roles", "households", "pairings", "stationings",
                  "diaries", "cases", "case_events", "changes"):
        for row in fetch_tuples(db, f"SELECT * FROM [{table}] ORDER BY rowid"):
            digest.update(repr(row if table != "users" else row[:5] + row[7:]).encode())
    db.close()
    return digest.hexdigest()


def test_the_same_seed_makes_the_same_county_with_helpers_or_without(tmp_path):
    paths = []
    for workers in (0, 2):
        path = str(tmp_path / f"c{workers}.db")
        create_app({"SECRET_KEY": "x", "DATABASE": path})
        db = connect(path)
        county.generate(db, households=300, diaries=3000, cases=200, seed=5,
                        today=today(), workers=workers)
        db.close()
        paths.append(path)
    assert _fingerprint(paths[0]) == _fingerprint(paths[1])


def test_the_command_generates_into_an_empty_database_only(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "c.db")})
    args = ["generate-county", "--households", "200", "--diaries", "500", "--appeals", "20",
            "--workers", "0"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "rows/s" in result.output and county.PASSWORD in result.output
    again = app.test_cli_runner().invoke(args=args)
    assert again.exit_code != 0 and "already has" in again.output
