"""A database restored from a backup is a new generation: phones that spoke to the lost one
do not stall on their mutation numbers, and pull again from zero."""
from qzapp import backup
from qzapp.sync import changes
from tests.factories import diary_data, new_id, put


def generation(db):
    return changes.generation(db)


def test_pulls_and_pushes_name_the_generation(api, db, world):
    api.as_user("cadre")
    pushed = api.push([put(1, new_id(), diary_data(world["village"]["id"]))]).json
    pulled = api.get("/api/sync/pull").json
    assert pushed["generation"] == pulled["generation"] == generation(db) > 0
    assert generation(db) < 2 ** 53   # JavaScript holds it exactly


def test_a_phone_of_another_generation_bridges_its_gap(api, db, world):
    api.as_user("cadre")
    village = world["village"]["id"]
    api.push([put(1, new_id(), diary_data(village))])
    ahead = [put(5, new_id(), diary_data(village)), put(6, new_id(), diary_data(village))]
    same = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": ahead,
                                       "generation": generation(db)}).json
    assert same["results"] == [] and same["last_mid"] == 1      # a gap stops the batch
    other = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": ahead,
                                        "generation": generation(db) + 1}).json
    assert [r["status"] for r in other["results"]] == ["applied", "applied"]
    assert other["last_mid"] == 6 and other["generation"] == generation(db)
    again = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": ahead,
                                        "generation": generation(db) + 1}).json
    assert again["results"] == other["results"]                  # replayed, once


def test_a_bad_generation_is_a_400(api, world):
    api.as_user("cadre")
    response = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [],
                                           "generation": "x"})
    assert response.status_code == 400
    assert response.json["errors"] == [{"field": "generation", "message": "应为整数"}]


def test_a_restore_renews_the_generation(app, db, tmp_path):
    before = generation(db)
    backup.take(app.config["DATABASE"], app.config["MEDIA_DIR"], tmp_path / "backup")
    backup.restore(tmp_path / "backup", app.config["DATABASE"], app.config["MEDIA_DIR"])
    assert generation(db) not in (None, before)
