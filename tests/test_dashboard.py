"""Dashboards (F11): figures computed from the records through the summaries their triggers
keep; the drill-down adds up (a node's figure is its children's and its own part); every
number lists the records behind it; scope; bad periods; Excel."""
import datetime as dt
import io

import openpyxl
import pytest

from qzapp import clock
from qzapp.auth.models import load_user_row
from qzapp.households import pairing
from tests.duty_checkins import make_hours
from tests.duty_world import zh
from tests.factories import ApiClient, Phone, make_household, make_node, make_user, new_id

NOW = clock.now().astimezone(clock.CHINA)


def at(days=0):
    return (NOW - dt.timedelta(days=days)).isoformat(timespec="seconds")


def push(phone, entity, data):
    """Push one record from phone; it is applied."""
    result = phone.put(entity, data)
    assert result["status"] == "applied", result
    return result


def take_case(phone, *steps, days=0, **data):
    """Receive an appeal on phone and take it through steps [(kind, data)]; its id."""
    case_id = new_id()
    body = {"channel": "diary", "category": "infrastructure", "text": "路灯坏了", **data}
    push(phone, "case_event", {"case_id": case_id, "kind": "receive", "at": at(days),
                               "data": body})
    for kind, values in steps:
        push(phone, "case_event", {"case_id": case_id, "kind": kind, "at": at(0),
                                   "data": values})
    return case_id


DONE = [("accept", {}), ("close", {"result": "resolved", "done": "修好了"}),
        ("rate", {"satisfaction": "satisfied", "asked_by": "phone"})]


@pytest.fixture
def county(app, db):
    """A county with two townships: 东镇 (a village with a grid, a community) and 西镇 (a
    village); accounts, households, pairings, diaries, appeals, duty hours, a leader's days."""
    city = make_node(db, make_node(db), kind="city", name="市")
    c = {"county": make_node(db, city, kind="county", name="县")}
    c["east"] = make_node(db, c["county"], kind="township", name="东镇")
    c["west"] = make_node(db, c["county"], kind="township", name="西镇")
    c["v1"] = make_node(db, c["east"], kind="village", name="一村")
    c["grid"] = make_node(db, c["v1"], kind="grid", name="一村一格")
    c["community"] = make_node(db, c["east"], kind="village", subtype="community", name="东社区")
    c["v3"] = make_node(db, c["west"], kind="village", name="三村")
    for name, node, roles in (("admin", c["county"], ["admin"]),
                              ("sup", c["county"], ["supervisor"]),
                              ("east_sup", c["east"], ["supervisor"]),
                              ("west_sup", c["west"], ["supervisor"]),
                              ("east_leader", c["east"], ["leader"]),
                              ("sec1", c["v1"], ["first_secretary"]),
                              ("sec3", c["v3"], ["first_secretary", "cadre"]),
                              ("cadre", c["county"], ["cadre"]),
                              ("member", c["county"], ["member"])):
        c[name] = make_user(db, node, roles=roles, username=f"d_{name}", name=f"{name}名")
    c["h1"] = make_household(db, c["grid"], head_name="赵一")
    c["h3"] = make_household(db, c["v3"], head_name="钱三")
    with app.app_context(), db.atomic():
        admin = load_user_row(db, c["admin"]["id"])
        pairing.pair(db, admin, c["h1"], c["cadre"]["id"], (NOW.date() - dt.timedelta(
            days=400)).isoformat())                          # due for rotation
        pairing.pair(db, admin, c["h3"], c["sec3"]["id"], NOW.date().isoformat())
    cadre, sec1, sec3 = (Phone(app, f"d_{n}") for n in ("cadre", "sec1", "sec3"))
    push(cadre, "diary", {"kind": "visit", "occurred_at": at(1), "household_id": c["h1"]["id"],
                         "heard": "饮水", "photos": [],
                         "follow_up_date": (NOW.date() - dt.timedelta(days=1)).isoformat()})
    push(cadre, "diary", {"kind": "visit", "occurred_at": at(2), "household_id": c["h1"]["id"],
                         "heard": "饮水", "photos": []})
    push(sec3, "diary", {"kind": "evening_talk", "occurred_at": at(1), "topic": "夜话",
                        "photos": []})
    c["closed"] = take_case(sec1, *DONE)
    c["open"] = take_case(sec3, days=60)
    make_hours(db, c["community"], c["member"], minutes=120, status="confirmed")
    make_hours(db, c["community"], c["member"], minutes=30, status="pending")
    leader = Phone(app, "d_east_leader")
    push(leader, "grassroots_day", {"day": NOW.date().isoformat(), "done": "调研"})
    for days in (3, 4):                  # two receptions held: two records behind the figure
        push(leader, "reception", {"kind": "scheduled", "starts_at": at(days), "place": "东镇",
                                  "status": "held", "visitors": 5})
    return c


def board(app, username, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    answer = ApiClient(app.test_client()).as_user(username).get(f"/api/dashboard?{query}")
    assert answer.status_code == 200, answer.json
    return answer.json


def test_the_countys_figures_are_true_to_the_records(app, county):
    figures = board(app, "d_sup")["figures"]
    assert {k: figures[k] for k in (
        "diaries", "visits", "households_paired", "households_visited", "follow_ups_overdue",
        "cases_received", "cases_closed", "cases_on_time", "cases_overdue", "cases_rated",
        "cases_satisfied", "duty_minutes", "leaders", "leader_days", "receptions",
        "rotations_due")} == {
        "diaries": 3, "visits": 2, "households_paired": 2, "households_visited": 1,
        "follow_ups_overdue": 1, "cases_received": 2, "cases_closed": 1, "cases_on_time": 1,
        "cases_overdue": 1, "cases_rated": 1, "cases_satisfied": 1, "duty_minutes": 120,
        "leaders": 1, "leader_days": 3, "receptions": 2,   # a day logged, two receptions held
        "rotations_due": 1}
    assert figures["on_time_rate"] == 100.0 and figures["visited_rate"] == 50.0


def test_the_drill_down_adds_up_at_every_level(app, county):
    for node in ("county", "east", "west", "v1"):
        answer = board(app, "d_sup", node_id=county[node]["id"])
        for name, value in answer["figures"].items():
            if name.endswith("_rate"):
                continue
            parts = answer["own"][name] + sum(c["figures"][name] for c in answer["children"])
            assert parts == value, (node, name)
    east = board(app, "d_sup", node_id=county["east"]["id"])
    assert [c["node"]["name"] for c in east["children"]] == ["一村", "东社区"]
    # A village shows no grids: its people come next; a grid's dashboard is its village's.
    assert board(app, "d_sup", node_id=county["v1"]["id"])["children"] == []
    assert board(app, "d_sup", node_id=county["grid"]["id"])["node"]["id"] == county["v1"]["id"]


def test_every_number_lists_the_records_behind_it(app, county):
    api = ApiClient(app.test_client()).as_user("d_sup")
    for node in ("county", "east", "v1"):
        answer = board(app, "d_sup", node_id=county[node]["id"])
        for name, value in answer["figures"].items():
            if name.endswith("_rate"):
                continue
            listed = api.get(f"/api/dashboard/records?figure={name}"
                             f"&node_id={county[node]['id']}")
            assert listed.status_code == 200, listed.json
            if name == "duty_minutes":
                assert sum(i["minutes"] for i in listed.json["items"]) == value, (node, name)
            else:
                # Listed from the records themselves: as many as the figure says.
                assert listed.json["total"] == value, (node, name)
                assert len(listed.json["items"]) == value, (node, name)
    own = api.get(f"/api/dashboard/records?figure=diaries&node_id={county['county']['id']}"
                  "&own=1").json
    assert own["total"] == 0
    names = [i["title"] for i in api.get(
        f"/api/dashboard/records?figure=households_paired&node_id={county['county']['id']}"
    ).json["items"]]
    assert sorted(names) == ["赵*", "钱*"]     # residents' names masked


def test_the_summaries_kept_by_the_triggers_are_what_a_rebuild_makes(app, county, db):
    from migrations.m0023_dashboard_stats import SUMMARIES, fill

    # A count taken down to nothing is as no count at all.
    empty = {"stats_month": lambda r: not any(r[2:]), "visit_firsts": lambda r: not r[-1],
             "follow_up_months": lambda r: not r[-1], "pairing_starts": lambda r: not r[-1]}

    def snapshot():
        return {table: sorted(tuple(r) for r in db.execute(f"SELECT * FROM {table}")
                              if not empty.get(table, lambda r: False)(r))
                for table in SUMMARIES}

    # Diaries written for months before the household's last (its chain of months rebuilt),
    # and for the same months again (nothing to add).
    cadre = Phone(app, "d_cadre")
    for days in (200, 100, 150, 100):
        push(cadre, "diary", {"kind": "visit", "occurred_at": at(days), "photos": [],
                             "household_id": county["h1"]["id"], "heard": "补记",
                             "follow_up_date": (NOW.date() - dt.timedelta(days=days - 3))
                             .isoformat()})
    chain = [r[0] for r in db.execute("SELECT prev FROM household_visit_months WHERE"
                                      " household_id = ? ORDER BY month",
                                      [county["h1"]["id"]])]
    assert len(chain) == 4 and chain[0] == "" and chain == sorted(chain)
    assert snapshot() == _rebuilt(db, fill, snapshot)
    # Records changed and deleted after they were counted: moved to another month, a
    # follow-up dropped, a diary deleted.
    first = db.execute("SELECT id, rev FROM diaries WHERE household_id = ? ORDER BY"
                       " occurred_at DESC", [county["h1"]["id"]]).fetchall()
    answer = cadre.api.push([
        {"mid": 1, "op": "put", "entity": "diary", "id": first[0][0], "base_rev": first[0][1],
         "data": {"kind": "evening_talk", "occurred_at": at(40), "topic": "改到上月",
                  "household_id": county["h1"]["id"], "photos": []}},
        {"mid": 2, "op": "delete", "entity": "diary", "id": first[1][0],
         "base_rev": first[1][1]}], device="phone-edit")
    assert answer.status_code == 200, answer.json
    assert [r["status"] for r in answer.json["results"]] == ["applied", "applied"]
    assert db.execute("SELECT count(*) FROM diaries WHERE deleted = 1").fetchone()[0] == 1
    kept = snapshot()
    assert kept["stats_month"] and kept["visit_firsts"] and kept["pairing_starts"]
    assert _rebuilt(db, fill, snapshot) == kept


def _rebuilt(db, fill, snapshot):
    """The summaries as a rebuild from the records makes them."""
    with db.atomic():
        fill(db)
    return snapshot()


def test_a_township_supervisor_sees_nothing_of_its_neighbour(app, county):
    east = ApiClient(app.test_client()).as_user("d_east_sup")
    assert east.get(f"/api/dashboard?node_id={county['west']['id']}").status_code == 404
    assert east.get(f"/api/dashboard?node_id={county['county']['id']}").status_code == 404
    mine = east.get("/api/dashboard").json
    assert mine["node"]["id"] == county["east"]["id"] and mine["parent"] is None
    assert mine["figures"]["cases_overdue"] == 0 and mine["figures"]["cases_received"] == 1
    assert east.get(f"/api/dashboard/records?figure=diaries&node_id={county['v3']['id']}") \
        .status_code == 404
    assert east.get(f"/api/dashboard/person/{county['sec3']['id']}").status_code == 404
    # A cadre reads no dashboard, only their own figures.
    cadre = ApiClient(app.test_client()).as_user("d_cadre")
    assert cadre.get("/api/dashboard").status_code == 403
    assert cadre.get(f"/api/dashboard/person/{county['cadre']['id']}").status_code == 200


@pytest.mark.parametrize("args, field, key", [
    ("from=2026-05&to=2026-01", "to", "dashboard.period_reversed"),
    ("from=2020-01&to=2023-01", "to", "dashboard.period_too_long"),
    ("from=2026-13", "from", "dashboard.month_invalid"),
    ("from=26-01", "from", "dashboard.month_invalid"),
])
def test_bad_periods_are_refused_in_chinese(app, county, args, field, key):
    answer = ApiClient(app.test_client()).as_user("d_sup").get(f"/api/dashboard?{args}")
    assert answer.status_code == 400
    assert answer.json["errors"][0]["field"] == field
    assert answer.json["errors"][0]["message"] == zh(key, months=36)


def test_a_period_of_36_months_is_taken(app, county):
    assert board(app, "d_sup", **{"from": "2024-01", "to": "2026-12"})["period"]["to"] == \
        "2026-12"


def test_the_people_of_a_village_and_a_persons_year(app, county):
    api = ApiClient(app.test_client()).as_user("d_sup")
    people = api.get(f"/api/dashboard/people?node_id={county['county']['id']}").json
    cadre = next(p for p in people["items"] if p["id"] == county["cadre"]["id"])
    assert cadre["figures"]["diaries"] == 2 and cadre["figures"]["households_paired"] == 1
    assert cadre["figures"]["rotations_due"] == 1 and cadre["figures"]["households_visited"] == 1
    year = api.get(f"/api/dashboard/person/{county['sec1']['id']}?year={NOW.year}").json
    assert year["person"]["figures"]["cases_closed"] == 1
    leader = api.get(f"/api/dashboard/person/{county['east_leader']['id']}").json
    assert leader["person"]["figures"]["leader_days"] == 3
    assert leader["person"]["figures"]["receptions"] == 2
    book = api.get(f"/api/dashboard/person/{county['cadre']['id']}/annual.xlsx?year={NOW.year}")
    assert book.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(book.data)).sheetnames
    assert sheets[0] == zh("dashboard.sheet.annual") and zh("dashboard.figure.diaries") in sheets


def test_the_table_of_children_exports_as_it_is_shown(app, county):
    api = ApiClient(app.test_client()).as_user("d_sup")
    shown = board(app, "d_sup", node_id=county["east"]["id"])
    book = api.get(f"/api/dashboard/export.xlsx?node_id={county['east']['id']}")
    assert book.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(book.data)).active.values)
    header = rows[0]
    column = header.index(zh("dashboard.figure.diaries"))
    assert [r[0] for r in rows[1:]] == ["一村", "东社区", zh("dashboard.own_part", name="东镇"),
                                        zh("dashboard.total", name="东镇")]
    assert rows[-1][column] == shown["figures"]["diaries"]
    people = api.get(f"/api/dashboard/export.xlsx?node_id={county['v1']['id']}&table=people")
    assert people.status_code == 200
    assert api.get("/api/dashboard/export.xlsx?table=x").status_code == 400


def test_open_warnings_are_on_the_dashboard_until_acknowledged(app, county, db):
    """A hot spot the tick raised shows on the dashboards of its place and above, as many as
    its list holds; acknowledged, it leaves them."""
    from qzapp import tick
    admin = ApiClient(app.test_client()).as_user("d_admin")
    assert admin.put(f"/api/warnings/thresholds/{county['county']['id']}",
                     json={"7": {"absolute": 1}}).status_code == 200
    with app.app_context():
        raised = tick.run(db, only={"warnings"})["warnings"]["raised"]
    assert raised == 1                       # 一村: an appeal in 7 days (三村's is older)
    county_board = board(app, "d_sup")
    assert county_board["figures"]["warnings_open"] == 1
    assert [c["figures"]["warnings_open"] for c in county_board["children"]] == [1, 0]
    listed = ApiClient(app.test_client()).as_user("d_sup").get(
        f"/api/dashboard/records?figure=warnings_open&node_id={county['east']['id']}").json
    assert listed["total"] == 1 and listed["items"][0]["node_name"] == "一村"
    warning_id = listed["items"][0]["id"]
    sec = ApiClient(app.test_client()).as_user("d_sec1")
    assert sec.post(f"/api/warnings/{warning_id}/acknowledge",
                    {"note": "已安排修复"}).status_code == 200
    assert board(app, "d_sup")["figures"]["warnings_open"] == 0


@pytest.mark.parametrize("username", ["d_east_sup", "d_east_leader"])
def test_every_reader_of_a_township_sees_it_and_nothing_of_its_neighbour(app, county, username):
    """Supervisors and leaders alike: their township's dashboard, people, records and tables;
    the neighbour's and the county's are as if they did not exist."""
    api = ApiClient(app.test_client()).as_user(username)
    mine = api.get("/api/dashboard").json
    assert mine["node"]["id"] == county["east"]["id"]
    for node in ("west", "v3", "county"):
        node_id = county[node]["id"]
        for url in (f"/api/dashboard?node_id={node_id}",
                    f"/api/dashboard/people?node_id={node_id}",
                    f"/api/dashboard/records?figure=diaries&node_id={node_id}",
                    f"/api/dashboard/export.xlsx?node_id={node_id}"):
            assert api.get(url).status_code == 404, url
    assert api.get(f"/api/dashboard?node_id={county['v1']['id']}").status_code == 200


def test_the_countys_admin_reads_every_township(app, county):
    api = ApiClient(app.test_client()).as_user("d_admin")
    for node in ("east", "west", "v1", "v3"):
        assert api.get(f"/api/dashboard?node_id={county[node]['id']}").status_code == 200


def test_a_grid_hung_under_a_township_is_a_place_of_its_own(app, county, db):
    """Only a village's grids count at it: a grid right under a township is its own child in
    the drill-down, and the township's own part holds none of its records."""
    from tests.factories import make_diary
    grid = make_node(db, county["east"], kind="grid", name="镇直网格")
    make_diary(db, county["sec1"], grid, occurred_at=at(1))
    east = board(app, "d_sup", node_id=county["east"]["id"])
    row = next(c for c in east["children"] if c["node"]["id"] == grid["id"])
    assert row["figures"]["diaries"] == 1 and east["own"]["diaries"] == 0
    api = ApiClient(app.test_client()).as_user("d_sup")
    own = api.get(f"/api/dashboard/records?figure=diaries&node_id={county['east']['id']}"
                  "&own=1").json
    theirs = api.get(f"/api/dashboard/records?figure=diaries&node_id={grid['id']}").json
    assert (own["total"], len(own["items"])) == (0, 0)
    assert (theirs["total"], len(theirs["items"])) == (1, 1)
