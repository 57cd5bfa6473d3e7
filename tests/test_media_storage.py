"""A photo the server cannot write is answered in the JSON error shape and leaves no
temporary file behind."""
import contextlib
import io
import resource
import signal
from pathlib import Path

import pytest
from PIL import Image

from tests.images import phone_jpeg, sha

HEADERS = {"X-Requested-With": "qzapp", "Content-Type": "image/jpeg"}


def upload(api, data):
    return api.client.put(f"/api/media/{sha(data)}", data=data, headers=HEADERS)


def leftovers(app):
    """Every file under MEDIA_DIR that is not a finished photo."""
    return [p for p in Path(app.config["MEDIA_DIR"]).rglob("*")
            if p.is_file() and not p.name.endswith(".jpg")]


def noisy_jpeg():
    """A photo of noise: its normalised JPEG is a few hundred KB."""
    noise = Image.effect_noise((1600, 1200), 80)
    out = io.BytesIO()
    Image.merge("RGB", (noise, noise.transpose(Image.Transpose.ROTATE_180), noise)).save(
        out, "JPEG", quality=90)
    return out.getvalue()


@contextlib.contextmanager
def file_size_limit(limit):
    """Writes past limit bytes fail with EFBIG, as on a full disk (a real kernel limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # an error, not a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_full_storage_answers_507_and_leaves_nothing(api, app, db, world):
    api.login("cadre")
    data = noisy_jpeg()
    with file_size_limit(64 * 1024):
        response = upload(api, data)
    assert response.status_code == 507
    assert response.json == {"ok": False, "code": "storage_full", "errors": [],
                             "error": "服务器存储空间已满，照片暂未保存，请稍后再试；照片仍保存在手机上"}
    assert leftovers(app) == []
    assert db.execute("SELECT count(*) FROM media").fetchone()[0] == 0


@pytest.mark.parametrize("in_the_way", ["photo_is_a_folder", "folder_is_a_file"])
def test_failed_write_answers_500_and_leaves_nothing(api, app, db, world, in_the_way):
    api.login("cadre")
    data = phone_jpeg()
    folder = Path(app.config["MEDIA_DIR"]) / sha(data)[:2]
    if in_the_way == "photo_is_a_folder":    # the rename onto the photo's name fails
        (folder / f"{sha(data)}.jpg").mkdir(parents=True)
    else:                                    # the folder cannot be made
        folder.parent.mkdir(parents=True)
        folder.write_bytes(b"")
    response = upload(api, data)
    assert response.status_code == 500
    assert response.json["code"] == "storage_failed" and response.json["ok"] is False
    assert response.json["error"] == "服务器未能保存照片，请稍后再试；照片仍保存在手机上"
    assert [p for p in leftovers(app) if p != folder] == []
    assert db.execute("SELECT count(*) FROM media").fetchone()[0] == 0
