"""Photos: uploaded by hash, verified, normalised by Pillow, served to those who may see them."""
import io

import pytest
from PIL import Image

from tests.factories import diary_data, new_id, put
from tests.images import big_jpeg, damaged_exif_jpeg, phone_jpeg, pixel_bomb, png_with_alpha, sha

HEADERS = {"X-Requested-With": "qzapp", "Content-Type": "image/jpeg"}


def upload(api, data, digest=None):
    return api.client.put(f"/api/media/{digest or sha(data)}", data=data, headers=HEADERS)


def stored(api, digest, thumb=False):
    response = api.get(f"/media/{digest}{'.thumb' if thumb else ''}.jpg")
    assert response.status_code == 200, response.status_code
    return Image.open(io.BytesIO(response.data))


def test_phone_jpeg_is_upright_and_stripped(api, db, world):
    api.login("cadre")
    data = phone_jpeg()
    response = upload(api, data)
    assert response.status_code == 201
    assert response.json["media"] == {"sha256": sha(data), "bytes": response.json["media"]["bytes"],
                                      "width": 200, "height": 400}
    photo = stored(api, sha(data))
    assert photo.format == "JPEG" and photo.size == (200, 400)  # rotated upright
    assert photo.info.get("progressive") or photo.info.get("progression")
    assert not photo.getexif() and "exif" not in photo.info
    top, bottom = photo.getpixel((100, 50)), photo.getpixel((100, 350))
    assert top[0] > 200 and top[2] < 60      # the red half is on top
    assert bottom[2] > 200 and bottom[0] < 60
    thumb = stored(api, sha(data), thumb=True)
    assert max(thumb.size) == 320 and not thumb.getexif()
    assert db["media"].get(sha(data))["created_by"] == world["cadre"]["id"]


def test_upload_is_idempotent(api, db, world):
    api.login("cadre")
    data = phone_jpeg()
    first, again = upload(api, data), upload(api, data)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json["media"] == first.json["media"]
    assert db.execute("SELECT count(*) FROM media").fetchone()[0] == 1


def test_png_with_transparency_becomes_jpeg(api, world):
    api.login("cadre")
    data = png_with_alpha()
    assert upload(api, data).status_code == 201
    photo = stored(api, sha(data))
    assert photo.format == "JPEG" and photo.mode == "RGB" and photo.size == (64, 48)


def test_large_photo_capped_at_1600(api, world):
    api.login("cadre")
    data = big_jpeg()
    assert upload(api, data).json["media"]["width"] == 1600
    assert stored(api, sha(data)).size == (1600, 1200)


@pytest.mark.parametrize("make,status,code,message", [
    (lambda: b"hello, not an image", 415, "not_image", "这不是可以识别的图片文件"),
    (lambda: phone_jpeg()[:800], 400, "corrupt", "图片文件已损坏或不完整"),
    (pixel_bomb, 400, "too_many_pixels", "图片像素太多，无法处理"),
    (lambda: b"%PDF-1.4\n" + b"0" * 100, 415, "not_image", "这不是可以识别的图片文件"),
])
def test_bad_images_rejected_with_reason(api, db, world, make, status, code, message):
    api.login("cadre")
    response = upload(api, make())
    assert response.status_code == status
    assert response.json["code"] == code and response.json["error"] == message
    assert db.execute("SELECT count(*) FROM media").fetchone()[0] == 0


def test_damaged_exif_does_not_refuse_the_photo(api, world):
    api.login("cadre")
    data = damaged_exif_jpeg()
    assert upload(api, data).status_code == 201
    assert not stored(api, sha(data)).getexif()


def test_hash_mismatch(api, db, world):
    api.login("cadre")
    response = upload(api, phone_jpeg(), digest="0" * 64)
    assert response.status_code == 400 and response.json["code"] == "hash_mismatch"
    assert db.execute("SELECT count(*) FROM media").fetchone()[0] == 0


def test_bad_hash_in_url(api, world):
    api.login("cadre")
    assert upload(api, phone_jpeg(), digest="XYZ").json["code"] == "bad_hash"


def test_oversize(api, app, world):
    api.login("cadre")
    data = b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 10)
    response = upload(api, data)
    assert response.status_code == 413 and "10 MB" in response.json["error"]


def test_upload_needs_login_and_csrf(api, world):
    data = phone_jpeg()
    assert upload(api, data).status_code == 401
    api.login("cadre")
    plain = api.client.put(f"/api/media/{sha(data)}", data=data,
                           headers={"Content-Type": "image/jpeg"})
    assert plain.status_code == 403


def test_photo_visible_to_those_who_see_its_record(api, db, world):
    api.login("cadre")
    data = phone_jpeg()
    upload(api, data)
    digest = sha(data)
    results = api.post("/api/sync/push", {"device_id": "phone-0001", "mutations": [
        put(1, new_id(), diary_data(world["village"]["id"], photos=[digest]))]}).json["results"]
    assert results[0]["status"] == "applied"
    api.logout()
    api.login("sec")
    assert api.get(f"/media/{digest}.thumb.jpg").status_code == 200
    api.logout()
    api.login("sec2")
    assert api.get(f"/media/{digest}.jpg").status_code == 404


def test_unreferenced_photo_only_for_uploader(api, world):
    api.login("cadre")
    data = phone_jpeg()
    upload(api, data)
    api.logout()
    api.login("sec")
    assert api.get(f"/media/{sha(data)}.jpg").status_code == 404
