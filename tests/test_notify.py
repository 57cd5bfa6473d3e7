"""Notifications: inbox entries by sync for whoever each kind concerns (nobody outside the
case's scope), marks synced back, preferences, subscriptions, and Web Push with the real
encryption end to end against a push service on loopback."""
import base64
import datetime as dt
import http.server
import json
import threading
import time

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from qzapp import tick
from qzapp.notify import push
from tests.factories import ApiClient, new_id, put
from tests.test_ledger import Phone, receive, step, world  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def app_context(app):
    app.config["PUSH_ALLOW_LOOPBACK"] = True
    with app.app_context():
        yield


@pytest.fixture
def phones(api, world):  # noqa: F811
    return {name: Phone(api, world[name]["username"], f"phone-{name}")
            for name in ("secretary", "staff", "town", "neighbour", "leader", "supervisor")}


def notices(db, username):
    return [dict(zip(("kind", "title", "body", "link", "read_at"), r)) for r in db.execute(
        "SELECT n.kind, n.title, n.body, n.link, n.read_at FROM notices n JOIN users u ON"
        " u.id = n.user_id WHERE u.username = ? AND n.deleted = 0 ORDER BY n.rowid", [username])]


def test_an_assignment_and_a_transfer_tell_who_they_go_to(api, db, world, phones):  # noqa: F811
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    step(phones["secretary"], case_id, "assign", to_user_id=world["staff"]["id"])
    [notice] = notices(db, "staff")
    assert notice["kind"] == "case_assigned" and notice["link"] == f"#/case/{case_id}"
    assert notice["title"] == "有一件诉求交给您办理" and notice["body"] == "村口路灯坏了三个月"
    step(phones["secretary"], case_id, "transfer", to_user_id=world["town"]["id"], reason="镇里")
    assert [n["kind"] for n in notices(db, "town")] == ["case_transferred"]
    assert notices(db, "neighbour") == [] and notices(db, "secretary") == []
    api.as_user("staff")   # it arrives with the next pull, for the phone to read offline
    pulled = api.get("/api/sync/pull").json["changes"]
    assert [c["data"]["kind"] for c in pulled if c["entity"] == "notice"] == ["case_assigned"]


def test_deadlines_warn_then_overdue_each_once(db, world, phones):  # noqa: F811
    case_id = receive(phones["secretary"])   # to accept by 2026-11-09 (a Monday)
    tick.run(db, dt.date(2026, 11, 4), only={"ledger"})   # three working days before: quiet
    assert notices(db, "sec") == []
    for _ in range(2):
        tick.run(db, dt.date(2026, 11, 5), only={"ledger"})
    assert [n["kind"] for n in notices(db, "sec")] == ["case_warning"]
    assert notices(db, "sec")[0]["title"] == "诉求快到期了（2026-11-09）"
    tick.run(db, dt.date(2026, 11, 10), only={"ledger"})
    tick.run(db, dt.date(2026, 11, 11), only={"ledger"})
    kinds = [n["kind"] for n in notices(db, "sec")]
    assert kinds.count("case_overdue") == 1 and kinds.count("case_escalated") == 1
    assert case_id


def test_an_escalation_tells_the_unit_it_reaches_and_nobody_else(db, world, phones):  # noqa: F811
    from tests.factories import make_user
    make_user(db, world["township"], ("leader",), username="townleader")
    make_user(db, world["township"], ("cadre",), username="towncadre")
    receive(phones["secretary"])
    tick.run(db, dt.date(2026, 11, 10), only={"ledger"})
    assert [n["kind"] for n in notices(db, "townleader")] == ["case_escalated"]
    assert [n["kind"] for n in notices(db, "town")] == ["case_escalated"]
    assert notices(db, "towncadre") == [] and notices(db, "neighbour") == []
    assert notices(db, "townleader")[0]["title"] == "超期诉求已升级（第 1 级）"


def test_two_tick_processes_at_once_warn_once(app, db, world, phones):  # noqa: F811
    import concurrent.futures

    from tests.test_backup import flask
    receive(phones["secretary"])   # long overdue by today
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: flask("tick", app.config["DATABASE"],
                                             app.config["MEDIA_DIR"]), range(2)))
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    kinds = [n["kind"] for n in notices(db, "sec")]
    assert kinds.count("case_overdue") == 1 and kinds.count("case_escalated") == 2


def test_read_marks_sync_back_and_stay(api, db, world, phones):  # noqa: F811
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    step(phones["secretary"], case_id, "assign", to_user_id=world["staff"]["id"])
    notice_id, rev = db.execute("SELECT id, rev FROM notices").fetchone()
    api.as_user("sec")   # not theirs
    theirs = api.push([put(1, notice_id, {"read_at": "2026-11-20T09:00:00+08:00"},
                           entity="notice")], device="phone-sec-1").json["results"][0]
    assert theirs["status"] == "rejected"
    api.as_user("staff")
    made = api.push([put(1, new_id(), {"read_at": "2026-11-20T09:00:00+08:00"},
                         entity="notice")], device="phone-staff-1").json["results"][0]
    assert made["status"] == "rejected"
    read = api.push([put(2, notice_id, {"read_at": "2026-11-20T09:00:00+08:00"}, base_rev=rev,
                         entity="notice")], device="phone-staff-1").json["results"][0]
    assert read["status"] == "applied"
    again = api.push([put(3, notice_id, {"read_at": None, "dismissed_at": None},
                          base_rev=read["rev"], entity="notice")],
                     device="phone-staff-1").json["results"][0]
    assert again["status"] == "applied"   # a mark once made stays
    assert notices(db, "staff")[0]["read_at"] == "2026-11-20T09:00:00+08:00"


def test_old_notices_expire_from_phones_too(api, db, world, phones):  # noqa: F811
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    step(phones["secretary"], case_id, "assign", to_user_id=world["staff"]["id"])
    api.as_user("staff")
    cursor = api.get("/api/sync/pull").json["next"]
    db.execute("UPDATE notices SET created_at = '2020-01-01T00:00:00.000Z'")
    db.conn.commit()
    assert tick.run(db, only={"notify"})["notify"] == {"expired": 1}
    changes = api.get(f"/api/sync/pull?since={cursor}").json["changes"]
    assert [(c["entity"], c["op"]) for c in changes] == [("notice", "delete")]


def test_preferences_refuse_unknown_kinds_and_bad_hours(api, world):  # noqa: F811
    api.as_user("staff")
    mine = api.get("/api/notify/prefs").json
    assert mine["quiet_start"] == "22:00" and mine["quiet_end"] == "07:00"
    assert "case_assigned" in mine["push_kinds"]
    bad = api.put("/api/notify/prefs", json={"push_kinds": ["case_assigned", "horoscope"],
                                             "quiet_start": "25:00", "quiet_end": "7"})
    assert bad.status_code == 400
    assert [e["field"] for e in bad.json["errors"]] == ["push_kinds", "quiet_start", "quiet_end"]
    assert "horoscope" in bad.json["errors"][0]["message"]
    good = api.put("/api/notify/prefs", json={"push_kinds": ["case_overdue"],
                                              "quiet_start": "21:30", "quiet_end": "06:00"})
    assert good.status_code == 200 and good.json["push_kinds"] == ["case_overdue"]


# --- Web Push, end to end --------------------------------------------------------------


class Browser:
    """What a browser keeps for a push subscription: an ECDH key pair and an auth secret."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = b"0123456789abcdef"

    def keys(self):
        raw = self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                 serialization.PublicFormat.UncompressedPoint)
        return {"p256dh": b64(raw), "auth": b64(self.auth)}

    def decrypt(self, body):
        return http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth,
                                version="aes128gcm")


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService:
    """A push service on loopback: answers each POST with the next status of `answers`
    (201 once they run out), or sleeps `hang` seconds first; keeps what it received."""

    def __init__(self):
        self.received, self.answers, self.hang = [], [], 0
        service = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if service.hang:
                    time.sleep(service.hang)
                status = service.answers.pop(0) if service.answers else 201
                service.received.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                         "body": body, "status": status})
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "60")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def service():
    running = PushService()
    yield running
    running.close()


def subscribe(api, service, browser, name="device-1"):
    """Subscribe a device of the signed-in user, who keeps no quiet hours (the tests of them
    set their own): a push is due as soon as it is made, whatever the hour the suite runs."""
    response = api.post("/api/push/subscriptions", {"endpoint": f"{service.url}/push/{name}",
                                                    "keys": browser.keys()})
    assert response.status_code == 201, response.json
    kinds = api.get("/api/notify/prefs").json["push_kinds"]
    assert api.put("/api/notify/prefs", json={"push_kinds": kinds, "quiet_start": "00:00",
                                              "quiet_end": "00:00"}).status_code == 200
    return response


def assign_to_staff(world, phones):  # noqa: F811
    case_id = receive(phones["secretary"])
    step(phones["secretary"], case_id, "accept")
    step(phones["secretary"], case_id, "assign", to_user_id=world["staff"]["id"])
    return case_id


def drain(db, when):
    return push.drain(db, now=when.timestamp())


class Soon:
    """Moments after the pushes of a test were made."""

    def __add__(self, delta):
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1) + delta

    def timestamp(self):
        return (self + dt.timedelta()).timestamp()


NOON = Soon()


def test_a_push_arrives_encrypted_with_a_valid_vapid_token(app, api, db, world, phones,  # noqa: F811
                                                           service):
    browser = Browser()
    api.as_user("staff")
    subscribe(api, service, browser)
    key = api.get("/api/push/key").json["public_key"]
    case_id = assign_to_staff(world, phones)
    assert service.received == []   # the request that caused it sent nothing
    assert drain(db, NOON)["sent"] == 1
    [got] = service.received
    payload = json.loads(browser.decrypt(got["body"]))
    assert payload["title"] == "有一件诉求交给您办理" and payload["link"] == f"#/case/{case_id}"
    assert got["headers"]["ttl"] == str(push.TTL_SECONDS)
    assert got["headers"]["urgency"] == "high"
    assert got["headers"]["content-encoding"] == "aes128gcm"
    scheme, _, params = got["headers"]["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(p.strip().split("=", 1) for p in params.split(","))
    assert fields["k"] == key
    header, claims, signature = fields["t"].split(".")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(key))
    raw = unb64(signature)
    public.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                       int.from_bytes(raw[32:], "big")),
                  f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    claims = json.loads(unb64(claims))
    assert claims["aud"] == service.url and claims["sub"] == app.config["VAPID_SUBJECT"]
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert db.execute("SELECT count(*) FROM push_queue").fetchone()[0] == 0


@pytest.mark.parametrize("status", [404, 410])
def test_a_device_the_push_service_forgot_is_forgotten(api, db, world, phones, service,  # noqa: F811
                                                       status):
    api.as_user("staff")
    subscribe(api, service, Browser())
    service.answers = [status]
    assign_to_staff(world, phones)
    assert drain(db, NOON)["gone"] == 1
    assert db.execute("SELECT count(*) FROM push_subscriptions").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM push_queue").fetchone()[0] == 0


def test_a_busy_push_service_is_tried_again_later(api, db, world, phones, service):  # noqa: F811
    api.as_user("staff")
    subscribe(api, service, Browser())
    service.answers = [429]
    assign_to_staff(world, phones)
    assert drain(db, NOON) == {"sent": 0, "retried": 1, "gone": 0, "dropped": 0}
    assert drain(db, NOON + dt.timedelta(seconds=30))["sent"] == 0   # Retry-After: 60
    assert drain(db, NOON + dt.timedelta(seconds=61))["sent"] == 1
    assert len(service.received) == 2


def test_quiet_hours_hold_a_push_until_they_end(api, db, world, phones, service):  # noqa: F811
    api.as_user("staff")
    subscribe(api, service, Browser())
    api.put("/api/notify/prefs", json={"push_kinds": ["case_assigned"], "quiet_start": "00:00",
                                       "quiet_end": "23:59"})
    assign_to_staff(world, phones)
    assert len(notices(db, "staff")) == 1   # the inbox entry is written whatever the hour
    release = db.execute("SELECT not_before FROM push_queue").fetchone()[0]
    assert release > time.time() + 3600   # held: quiet all day but the last minute
    assert drain(db, dt.datetime.fromtimestamp(release - 60, dt.UTC))["sent"] == 0
    assert drain(db, dt.datetime.fromtimestamp(release, dt.UTC))["sent"] == 1


def test_a_kind_not_chosen_is_not_pushed(api, db, world, phones, service):  # noqa: F811
    api.as_user("staff")
    subscribe(api, service, Browser())
    api.put("/api/notify/prefs", json={"push_kinds": [], "quiet_start": "22:00",
                                       "quiet_end": "07:00"})
    assign_to_staff(world, phones)
    assert len(notices(db, "staff")) == 1
    assert db.execute("SELECT count(*) FROM push_queue").fetchone()[0] == 0


def test_a_hanging_push_service_times_out_and_is_tried_again(monkeypatch, api, db, world,  # noqa: F811
                                                             phones, service):
    monkeypatch.setattr(push, "SEND_TIMEOUT_SECONDS", 0.5)
    api.as_user("staff")
    subscribe(api, service, Browser())
    service.hang = 2
    started = time.monotonic()
    assign_to_staff(world, phones)
    assert time.monotonic() - started < 2   # the writes that caused it never wait for it
    assert drain(db, NOON)["retried"] == 1
    row = db.execute("SELECT attempts, last_error FROM push_queue").fetchone()
    assert row[0] == 1 and "Timeout" in row[1]


@pytest.mark.parametrize("body,fields", [
    ({"endpoint": "https://push.example/x", "keys": {"p256dh": b64(b"\x04" + b"1" * 40),
                                                     "auth": b64(b"a" * 16)}}, ["keys.p256dh"]),
    ({"endpoint": "https://push.example/x", "keys": {"p256dh": b64(b"\x04" + b"1" * 64),
                                                     "auth": b64(b"a" * 8)}}, ["keys.auth"]),
    ({"endpoint": "http://push.example/x", "keys": {"p256dh": b64(b"\x04" + b"1" * 64),
                                                    "auth": b64(b"a" * 16)}}, ["endpoint"]),
    ({"endpoint": "ftp://x", "keys": "nope"}, ["endpoint", "keys.p256dh", "keys.auth"]),
])
def test_a_malformed_subscription_is_refused(api, world, body, fields):  # noqa: F811
    api.as_user("staff")
    response = api.post("/api/push/subscriptions", body)
    assert response.status_code == 400
    assert [e["field"] for e in response.json["errors"]] == fields
    assert response.json["error"] == "推送订阅的格式不对"


def test_loopback_endpoints_only_where_configured(app, api, world):  # noqa: F811
    app.config["PUSH_ALLOW_LOOPBACK"] = False
    api.as_user("staff")
    response = api.post("/api/push/subscriptions", {
        "endpoint": "http://127.0.0.1:9/push", "keys": Browser().keys()})
    assert response.status_code == 400 and response.json["errors"][0]["field"] == "endpoint"


def test_a_user_may_have_several_devices_and_remove_one(api, world, service):  # noqa: F811
    api.as_user("staff")
    subscribe(api, service, Browser(), "phone")
    assert subscribe(api, service, Browser(), "tablet").json["devices"] == 2
    gone = api.client.delete("/api/push/subscriptions", json={
        "endpoint": f"{service.url}/push/phone"}, headers=ApiClient.HEADERS)
    assert gone.status_code == 200 and gone.json["devices"] == 1


def test_pairings_due_and_overdue_for_rotation_tell_the_cadre_and_the_admin_once(db, world):  # noqa: F811
    from qzapp.auth.models import load_user_row
    from qzapp.households import pairing
    from tests.factories import make_household, make_user
    admin = make_user(db, world["county"], ("admin",), username="admin")
    cadre = make_user(db, world["county"], ("cadre",), username="paired")
    household = make_household(db, world["village"], head_name="钱多多")
    with db.atomic():
        pairing.pair(db, load_user_row(db, admin["id"]), household, cadre["id"], "2025-10-25")
    assert [n["kind"] for n in notices(db, "paired")] == ["household_assigned"]
    for day in (dt.date(2026, 11, 1), dt.date(2026, 11, 1), dt.date(2026, 11, 2)):
        tick.run(db, day, only={"households"})
    assert [n["kind"] for n in notices(db, "paired")] == ["household_assigned", "pairing_due"]
    assert [n["kind"] for n in notices(db, "admin")] == ["pairing_due"]
    assert notices(db, "admin")[0]["title"] == "结对帮扶满一年，该轮换了：钱多多"
    tick.run(db, dt.date(2027, 10, 26), only={"households"})
    assert [n["kind"] for n in notices(db, "paired")][-1] == "pairing_overdue"
    assert notices(db, "sec") == []   # nobody else is told
