"""Volunteer teams (党员志愿服务队): a community's staff keep its teams through sync; leader and
members are members approved with that community; members read their community's teams with
the names of the teams they are not in masked; a shift's team is looked up by team_of."""
import pytest

from qzapp.db import fetch_one, fetch_value
from qzapp.duty import teams
from tests.duty_places import Phone, make_places


@pytest.fixture
def places(db):
    return make_places(db)


@pytest.fixture
def staff(app, places):
    return Phone(app, "staff")


def team_data(places, **overrides):
    return {"name": "红马甲服务队", "leader_id": places["wu"]["id"],
            "members": [places["li"]["id"]], **overrides}


def made(phone, data, record_id=None, base_rev=None):
    result = phone.put("duty_team", data, record_id, base_rev)
    assert result["status"] == "applied", result
    return result["id"]


def team_row(db, team_id):
    return fetch_one(db, "SELECT * FROM duty_teams WHERE id = ?", [team_id])


def test_staff_make_a_team_of_their_community(db, staff, places):
    team_id = made(staff, team_data(places))
    row = team_row(db, team_id)
    assert row["node_id"] == places["east"]["id"] and row["leader_id"] == places["wu"]["id"]
    # the leader is one of the members
    pulled = staff.pulled("duty_team")[team_id]
    assert pulled["members"] == [places["wu"]["id"], places["li"]["id"]]
    assert pulled["names"] == {str(places["wu"]["id"]): "吴党员", str(places["li"]["id"]): "李党员"}


@pytest.mark.parametrize("change,field", [
    ({"leader_id": "pending"}, "leader_id"),
    ({"leader_id": "west_member"}, "leader_id"),
    ({"leader_id": "cadre"}, "leader_id"),
    ({"members": ["li", "pending"]}, "members"),
    ({"members": ["west_member"]}, "members"),
    ({"members": ["nobody", "he"]}, "members"),
])
def test_leader_and_members_are_approved_members_of_the_community(db, staff, places, change,
                                                                  field):
    data = team_data(places, **{key: [places[v]["id"] for v in value] if isinstance(
        value, list) else places[value]["id"] for key, value in change.items()})
    result = staff.put("duty_team", data)
    assert result["status"] == "rejected" and result["code"] == "validation"
    assert [e["field"] for e in result["errors"]] == [field]
    assert "报到" in result["errors"][0]["message"]
    assert fetch_value(db, "SELECT count(*) FROM duty_teams") == 0


@pytest.mark.parametrize("data,field", [
    ({"name": "队" * 51}, "name"),
    ({"name": ""}, "name"),
    ({"members": ["1"]}, "members"),
    ({"members": [True]}, "members"),
    ({"leader_id": 0}, "leader_id"),
    ({"secret": 1}, "secret"),
])
def test_a_team_s_fields_are_checked(staff, places, data, field):
    result = staff.put("duty_team", team_data(places, **data))
    assert result["status"] == "rejected"
    assert [e["field"] for e in result["errors"]] == [field]


def test_at_most_200_members(db, staff, places):
    result = staff.put("duty_team", team_data(places, members=list(range(1000, 1201))))
    assert result["status"] == "rejected" and "200" in result["errors"][0]["message"]


def test_one_name_per_community(app, db, staff, places):
    made(staff, team_data(places))
    again = staff.put("duty_team", team_data(places))
    assert again["errors"][0]["field"] == "name" and "同名" in again["errors"][0]["message"]
    west = Phone(app, "west_staff")
    made(west, team_data(places, leader_id=places["west_member"]["id"], members=[]))


def test_staff_edit_and_delete_their_team(db, staff, places):
    team_id = made(staff, team_data(places))
    made(staff, team_data(places, name="银发服务队", leader_id=places["he"]["id"],
                          members=[places["wu"]["id"]]), team_id)
    row = team_row(db, team_id)
    assert (row["name"], row["leader_id"]) == ("银发服务队", places["he"]["id"])
    assert staff.delete("duty_team", team_id)["status"] == "applied"
    assert teams.team_of(db, team_id) is None


@pytest.mark.parametrize("who", ["west_staff", "wu", "supervisor"])
def test_nobody_else_writes_a_community_s_team(app, db, staff, places, who):
    team_id = made(staff, team_data(places))
    other = Phone(app, who)
    result = other.put("duty_team", team_data(places, name="改名"), team_id)
    assert result["status"] == "rejected" and result["code"] == "forbidden"
    assert team_row(db, team_id)["name"] == "红马甲服务队"


def test_a_team_only_in_a_community_of_my_scope(app, db, staff, places):
    for node in ("west", "village"):
        result = staff.put("duty_team", team_data(places, node_id=places[node]["id"]))
        assert result["errors"][0]["field"] == "node_id"
    assert fetch_value(db, "SELECT count(*) FROM duty_teams") == 0


def test_staff_read_their_teams_with_names(app, staff, places):
    made(staff, team_data(places))
    made(Phone(app, "west_staff"), team_data(places, leader_id=places["west_member"]["id"],
                                             members=[], name="西门队"))
    [team] = staff.api.get("/api/duty/teams").json["teams"]
    assert team["leader"] == {"id": places["wu"]["id"], "name": "吴党员"}
    assert [m["name"] for m in team["members"]] == ["吴党员", "李党员"]
    assert team["node_name"] == "东门社区" and team["size"] == 2


def test_members_read_their_community_s_teams_masked_outside_their_own(app, staff, places):
    made(staff, team_data(places))
    made(staff, team_data(places, name="银发服务队", leader_id=places["he"]["id"], members=[]))
    by_name = {t["name"]: t for t in Phone(app, "li").api.get("/api/duty/teams").json["teams"]}
    mine, other = by_name["红马甲服务队"], by_name["银发服务队"]
    assert mine["mine"] and [m["name"] for m in mine["members"]] == ["吴党员", "李党员"]
    assert not other["mine"] and other["leader"] == {"name": "何*"}
    assert other["members"] == [{"name": "何*"}]


def test_a_member_of_another_community_or_none_sees_no_teams(app, staff, places):
    made(staff, team_data(places))
    assert Phone(app, "west_member").api.get("/api/duty/teams").json["teams"] == []
    answer = Phone(app, "pending").api.get("/api/duty/teams").json
    assert answer["teams"] == [] and answer["community_id"] is None
    # members read teams through the API, never pull them
    assert Phone(app, "li").pulled("duty_team") == {}


def test_teams_stay_in_the_reader_s_scope(app, staff, places):
    made(staff, team_data(places))
    assert Phone(app, "west_staff").api.get("/api/duty/teams").json["teams"] == []
    assert Phone(app, "west_staff").pulled("duty_team") == {}
    assert len(Phone(app, "supervisor").api.get("/api/duty/teams").json["teams"]) == 1


def test_staff_list_the_members_a_team_may_take(app, staff, places):
    members = staff.api.get("/api/duty/members").json["members"]
    assert [m["name"] for m in members] == sorted(["吴党员", "李党员", "何党员"])
    assert {m["node_id"] for m in members} == {places["east"]["id"]}
    west = Phone(app, "west_staff").api.get("/api/duty/members").json["members"]
    assert [m["name"] for m in west] == ["钱党员"]
    assert Phone(app, "wu").api.get("/api/duty/members").status_code == 403


def test_team_of_names_a_team_and_its_community(db, staff, places):
    team_id = made(staff, team_data(places))
    team = teams.team_of(db, team_id.upper())
    assert team["node_id"] == places["east"]["id"]
    assert team["members"] == [places["wu"]["id"], places["li"]["id"]]
    assert teams.team_of(db, None) is None and teams.team_of(db, "nothing") is None


def test_the_rules_the_phone_checks_are_served(client):
    from tests.test_rules_served import served_rules
    assert served_rules(client)["duty"]["team"] == {"name_max": teams.NAME_MAX,
                                                   "members_max": teams.MEMBERS_MAX}
    assert teams.FIELDS["name"].max_len == teams.NAME_MAX
