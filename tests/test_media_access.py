"""Who may use a photo: whoever has sent its bytes, or may see a record that shows it.
Knowing only its hash, another user learns nothing: not by PUT, GET or attaching it."""
import pytest

from tests.factories import diary_data, new_id, put
from tests.images import phone_jpeg, png_with_alpha, sha

HEADERS = {"X-Requested-With": "qzapp", "Content-Type": "image/jpeg"}
UNKNOWN = "ab" * 32


def upload(api, digest, data=b""):
    return api.client.put(f"/api/media/{digest}", data=data, headers=HEADERS)


def attach(api, world, digest, node="village"):
    """Push a new diary showing the photo; its result without its mid."""
    data = diary_data(world[node]["id"], photos=[digest])
    result = api.push([put(1, new_id(), data)], device=f"phone-{new_id()[:8]}").json["results"][0]
    return {k: v for k, v in result.items() if k != "mid"}


def owners(db, digest):
    return {r[0] for r in db.execute("SELECT user_id FROM media_owners WHERE sha256 = ?",
                                      [digest])}


@pytest.fixture
def photo(api, world):
    """A photo uploaded by cadre; its bytes. The client is left signed in as cadre2."""
    data = phone_jpeg()
    api.login("cadre")
    assert upload(api, sha(data), data).status_code == 201
    api.as_user("cadre2")
    return data


@pytest.mark.parametrize("body", [b"", b"not the photo", png_with_alpha()])
def test_put_without_the_bytes_answers_as_for_an_unknown_photo(api, db, world, photo, body):
    theirs, unknown = upload(api, sha(photo), body), upload(api, UNKNOWN, body)
    assert theirs.status_code == unknown.status_code == 400
    assert theirs.json == unknown.json and theirs.json["code"] == "hash_mismatch"
    assert owners(db, sha(photo)) == {world["cadre"]["id"]}


def test_photo_served_only_once_they_have_sent_it(api, world, photo):
    for suffix in (".jpg", ".thumb.jpg"):
        theirs, unknown = api.get(f"/media/{sha(photo)}{suffix}"), api.get(f"/media/{UNKNOWN}{suffix}")
        assert theirs.status_code == unknown.status_code == 404
        assert theirs.data == unknown.data
    upload(api, sha(photo), photo)
    for suffix in (".jpg", ".thumb.jpg"):
        assert api.get(f"/media/{sha(photo)}{suffix}").status_code == 200


def test_record_naming_someone_elses_photo_rejected_as_a_missing_one(api, db, world, photo):
    theirs, unknown = attach(api, world, sha(photo)), attach(api, world, UNKNOWN)
    assert theirs == unknown and theirs["code"] == "media_missing"
    assert db.execute("SELECT count(*) FROM media_refs").fetchone()[0] == 0
    assert api.get(f"/media/{sha(photo)}.jpg").status_code == 404


def test_sending_the_same_bytes_makes_a_second_owner(api, db, world, photo):
    first = upload(api, sha(photo), photo)   # cadre2 sends the photo cadre sent before
    assert first.status_code == 201
    api.as_user("cadre")
    assert upload(api, sha(photo)).json == first.json   # the first sender sees the same
    api.as_user("cadre2")
    assert owners(db, sha(photo)) == {world["cadre"]["id"], world["cadre2"]["id"]}
    assert db["media"].get(sha(photo))["created_by"] == world["cadre"]["id"]
    again = upload(api, sha(photo))          # now an owner: a cheap answer, no bytes needed
    assert again.status_code == 200 and again.json == first.json
    assert attach(api, world, sha(photo))["status"] == "applied"


def test_photo_shown_in_a_record_its_reader_may_see_can_be_attached(api, world, photo):
    api.as_user("cadre")
    assert attach(api, world, sha(photo))["status"] == "applied"   # a diary of 甲村
    api.as_user("sec")                        # 甲村's secretary reads that diary
    assert api.get(f"/media/{sha(photo)}.jpg").status_code == 200
    assert attach(api, world, sha(photo))["status"] == "applied"
    api.as_user("sec2")                       # 乙村's does not
    assert api.get(f"/media/{sha(photo)}.jpg").status_code == 404
    assert attach(api, world, sha(photo), node="other")["code"] == "media_missing"
