"""A backup taken by `flask backup` while phones push holds every record acknowledged before
it began, each once, and a consistent state; `flask restore` brings it back into a fresh app
that passes SQLite's integrity check and serves pulls and photos."""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from qzapp import create_app
from qzapp.db import connect
from tests.factories import ApiClient, diary_data, new_id, put
from tests.images import phone_jpeg, sha

REPO = Path(__file__).resolve().parent.parent
BATCH = 5


class Pusher(threading.Thread):
    """One phone pushing diaries in batches until told to stop; keeps, for every batch, when
    its acknowledgement arrived and the ids it carried by mid."""

    def __init__(self, app, username, device, node_id):
        super().__init__(daemon=True)
        self.client = ApiClient(app.test_client())
        assert self.client.login(username).status_code == 200
        self.device, self.node_id = device, node_id
        self.acks, self.ids, self.failure = [], {}, None
        self.stop = threading.Event()

    def run(self):
        try:
            while not self.stop.is_set():
                self.push_one_batch()
        except Exception as exc:   # reported by the test
            self.failure = exc

    def push_one_batch(self):
        first = len(self.ids) + 1
        batch = [put(mid, new_id(), diary_data(self.node_id)) for mid in range(first, first + BATCH)]
        response = self.client.push(batch, device=self.device)
        assert response.status_code == 200, response.json
        assert {r["status"] for r in response.json["results"]} == {"applied"}
        self.ids.update((m["mid"], m["id"]) for m in batch)
        self.acks.append((time.monotonic(), [m["id"] for m in batch]))

    def acknowledged(self, before=None, after=None):
        """Ids acknowledged within the times given."""
        return [i for at, ids in list(self.acks)
                if (before is None or at < before) and (after is None or at > after) for i in ids]


def flask(command, database, media, *args):
    """Run `flask --app wsgi COMMAND ...` in its own process on database and media."""
    env = {**os.environ, "QZ_DATABASE": str(database), "QZ_MEDIA_DIR": str(media),
           "QZ_SECRET_KEY": "test"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", command, *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def storm(app, world):
    """Four phones of two cadres pushing diaries into the app."""
    village = world["village"]["id"]
    pushers = [Pusher(app, user, f"phone-{user}-{n}", village)
               for user in ("cadre", "cadre2") for n in range(2)]
    yield pushers
    for pusher in pushers:
        pusher.stop.set()
    for pusher in pushers:
        pusher.join(30)


def wait_until(condition, seconds=60):
    """Wait for condition() to hold (threads at work), failing after seconds."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


def test_backup_during_a_push_storm_restores_every_acknowledged_record(app, world, storm,
                                                                       tmp_path):
    photo = phone_jpeg()
    uploader = storm[0].client
    assert uploader.put(f"/api/media/{sha(photo)}", data=photo,
                        content_type="image/jpeg").status_code == 201
    # A reader on an old snapshot (a long export, say) keeps checkpoints from moving the
    # storm's commits out of the write-ahead log: a copy of the database file alone misses them.
    slow_reader = connect(app.config["DATABASE"])
    slow_reader.conn.execute("BEGIN")
    slow_reader.execute("SELECT count(*) FROM diaries").fetchone()
    for pusher in storm:
        pusher.start()
    wait_until(lambda: all(len(p.acks) >= 3 for p in storm))
    began = time.monotonic()
    result = flask("backup", app.config["DATABASE"], app.config["MEDIA_DIR"],
                   str(tmp_path / "backup"))
    ended = time.monotonic()
    assert result.returncode == 0, result.stderr
    slow_reader.close()
    wait_until(lambda: all(p.acknowledged(after=ended) for p in storm))
    for pusher in storm:
        pusher.stop.set()
        pusher.join(30)
        assert pusher.failure is None, pusher.failure
    assert any(p.acknowledged(after=began, before=ended) for p in storm), "no push overlapped"

    (tmp_path / "restored").mkdir()
    restored = create_app({"TESTING": True, "SECRET_KEY": "test",
                           "DATABASE": str(tmp_path / "restored" / "qzapp.db"),
                           "MEDIA_DIR": str(tmp_path / "restored" / "media")})
    result = restored.test_cli_runner().invoke(args=["restore", str(tmp_path / "backup"), "--yes"])
    assert result.exit_code == 0, result.output
    db = connect(restored.config["DATABASE"])
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    stored = dict(db.execute("SELECT id, count(*) FROM diaries GROUP BY id").fetchall())
    before = [i for p in storm for i in p.acknowledged(before=began)]
    assert {i: stored.get(i) for i in before} == dict.fromkeys(before, 1)
    for pusher in storm:   # each phone's diaries are exactly its mids up to its last_mid
        last_mid = db.execute("SELECT last_mid FROM sync_devices WHERE device_id = ?",
                              [pusher.device]).fetchone()[0]
        theirs = {i for i in stored if i in set(pusher.ids.values())}
        assert theirs == {pusher.ids[mid] for mid in range(1, last_mid + 1)}
    db.close()

    phone = ApiClient(restored.test_client())
    assert phone.login("cadre").status_code == 200
    pulled = phone.get("/api/sync/pull?since=0&limit=5000")
    assert pulled.status_code == 200 and pulled.json["more"] is False
    assert set(storm[0].acknowledged(before=began)) <= {c["id"] for c in pulled.json["changes"]}
    shown = phone.get(f"/media/{sha(photo)}.jpg")
    assert shown.status_code == 200 and shown.data == (
        Path(app.config["MEDIA_DIR"]) / sha(photo)[:2] / f"{sha(photo)}.jpg").read_bytes()


def test_a_second_backup_copies_only_new_photos_and_replaces_the_snapshot(api, runner, world,
                                                                          tmp_path):
    api.login("cadre")
    first, second = phone_jpeg(), phone_jpeg(width=300)
    dest = tmp_path / "backup"
    api.put(f"/api/media/{sha(first)}", data=first, content_type="image/jpeg")
    assert "(2 new photo files)" in runner.invoke(args=["backup", str(dest)]).output
    api.put(f"/api/media/{sha(second)}", data=second, content_type="image/jpeg")
    # The second photo and its thumbnail; the first two are there already.
    assert "(2 new photo files)" in runner.invoke(args=["backup", str(dest)]).output
    copy = connect(str(dest / "qzapp.db"))
    assert copy.execute("SELECT count(*) FROM media").fetchone()[0] == 2
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    assert sorted(p.name for p in dest.iterdir()) == ["media", "qzapp.db"]


def test_restore_refuses_a_damaged_backup(app, runner, tmp_path):
    dest = tmp_path / "backup"
    dest.mkdir()
    (dest / "qzapp.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    result = runner.invoke(args=["restore", str(dest), "--yes"])
    assert result.exit_code != 0 and "Not restored" in result.output
    assert connect(app.config["DATABASE"]).execute("PRAGMA integrity_check").fetchone() == ("ok",)
