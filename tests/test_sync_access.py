"""When what an account may see changes, its phones are told on their next pull; and what
a pulled record shows of another record follows that record."""
import pytest

from qzapp.auth.models import load_user_row
from qzapp.households import pairing
from tests.factories import make_household, make_user
from tests.test_sync_pull import pull_all


@pytest.fixture
def register(app, db, world):
    """A household in each village; the admin who moves people; cadre paired in 甲村."""
    world["admin"] = make_user(db, world["county"], roles=["admin"], username="boss")
    world["mine"] = make_household(db, world["village"], head_name="甲户")
    world["theirs"] = make_household(db, world["other"], head_name="乙户")
    with app.app_context(), db.atomic():
        admin = load_user_row(db, world["admin"]["id"])
        pairing.pair(db, admin, world["mine"], world["cadre"]["id"], "2026-01-05")
    return world


def households_seen(changes):
    return {c["data"]["head_name"] for c in changes if c["entity"] == "household"
            and c["op"] == "put"}


def change_account(api, admin, user, **changes):
    api.as_user(admin)
    response = api.patch(f"/api/users/{user['id']}", changes)
    assert response.status_code == 200, response.json


def test_moving_a_secretary_to_another_village_resyncs_their_phone(api, register):
    api.as_user("sec")
    seen, cursor = pull_all(api)
    assert households_seen(seen) == {"甲户"}
    change_account(api, "boss", register["secretary"], node_id=register["other"]["id"])
    api.as_user("sec")
    page = api.get(f"/api/sync/pull?since={cursor}").json
    assert page["resync"] is True and page["changes"] == []
    again, fresh_cursor = pull_all(api)
    assert households_seen(again) == {"乙户"}     # the new village's older records too
    assert api.get(f"/api/sync/pull?since={fresh_cursor}").json["resync"] is False


def test_a_role_taken_away_resyncs_and_leaves_only_what_is_still_theirs(api, db, register):
    cadre = make_user(db, register["village"], roles=["first_secretary", "cadre"],
                      username="both")
    api.as_user("both")
    seen, cursor = pull_all(api)
    assert households_seen(seen) == {"甲户"}
    change_account(api, "boss", cadre, roles=["cadre"])
    api.as_user("both")
    assert api.get(f"/api/sync/pull?since={cursor}").json["resync"] is True
    again, _ = pull_all(api)
    assert households_seen(again) == set()


def test_an_unrelated_change_of_the_account_does_not_resync(api, register):
    api.as_user("sec")
    _, cursor = pull_all(api)
    change_account(api, "boss", register["secretary"], name="陈新名", phone="13900001111")
    api.as_user("sec")
    assert api.get(f"/api/sync/pull?since={cursor}").json["resync"] is False


def test_renaming_a_cadre_brings_pulled_pairings_up_to_date(api, register):
    api.as_user("sec")
    seen, cursor = pull_all(api)
    names = {c["data"]["cadre_name"] for c in seen if c["entity"] == "pairing"}
    assert names == {"测试用户"}
    change_account(api, "boss", register["cadre"], name="刘改名")
    api.as_user("sec")
    later, _ = pull_all(api, since=cursor)
    assert [(c["entity"], c["data"]["cadre_name"]) for c in later] == [("pairing", "刘改名")]


@pytest.mark.parametrize("mark", ["access", "prune"])
def test_a_paged_pull_from_zero_finishes_past_a_mark(api, db, register, mark):
    """A phone starting from zero goes through its pages under the epoch of the first, even
    when the access mark (or the prune horizon) lies past the end of that first page; a cursor
    from before the mark is still sent back to zero."""
    if mark == "access":
        change_account(api, "boss", register["secretary"], roles=["first_secretary", "cadre"])
    else:
        from qzapp.sync import changes
        db.execute("UPDATE sync_meta SET value = (SELECT max(seq) FROM changes)"
                   " WHERE key = 'horizon_seq'")
        assert changes.horizon(db) > 0
    api.as_user("sec")
    first = api.get("/api/sync/pull?since=0&limit=1").json
    assert first["more"] is True and int(first["next"]) < int(first["epoch"])
    seen, url = list(first["changes"]), first
    while url["more"]:
        url = api.get(f"/api/sync/pull?since={url['next']}&limit=1&epoch={url['epoch']}").json
        assert url["resync"] is False
        seen += url["changes"]
    assert households_seen(seen) == {"甲户"}
    stale = api.get(f"/api/sync/pull?since=1&epoch={int(first['epoch']) - 1}").json
    assert stale["resync"] is True   # a cursor handed out before the mark
    legacy = api.get(f"/api/sync/pull?since={first['next']}&limit=1").json   # no epoch
    assert legacy["resync"] is True
