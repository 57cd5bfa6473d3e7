"""Login, logout, sessions, throttling, CSRF and password changes."""
import pytest

from tests.factories import PASSWORD, make_node, make_user


@pytest.fixture
def county(db):
    return make_node(db, make_node(db), kind="county", name="示范县")


def test_login_good_password_then_me(api, db, county):
    make_user(db, county, username="liu", name="刘干部")
    response = api.login("liu")
    assert response.status_code == 200
    assert response.json["user"]["name"] == "刘干部"
    assert response.json["user"]["node"]["path_names"][-1] == "示范县"
    me = api.get("/api/auth/me")
    assert me.status_code == 200 and me.json["user"]["username"] == "liu"
    assert db["users"].get(me.json["user"]["id"])["last_login_at"]


def test_username_is_case_insensitive(api, db, county):
    make_user(db, county, username="Liu")
    assert api.login("liu").status_code == 200


@pytest.mark.parametrize("username,password", [("liu", "wrong-pass1"), ("nobody", PASSWORD)])
def test_bad_credentials_same_chinese_message(api, db, county, username, password):
    make_user(db, county, username="liu")
    response = api.login(username, password)
    assert response.status_code == 401
    assert response.json == {"ok": False, "error": "用户名或密码错误", "code": "login_failed",
                             "errors": []}
    assert api.get("/api/auth/me").status_code == 401


def test_inactive_account_is_answered_as_a_wrong_password(api, db, county):
    """Whether an account exists and was deactivated is nobody's business at the login."""
    user = make_user(db, county, username="liu")
    wrong = api.login("liu", "wrong-pass1")
    db["users"].update(user["id"], {"active": 0})
    right = api.login("liu")
    assert (right.status_code, right.json) == (wrong.status_code, wrong.json)
    assert api.get("/api/auth/me").status_code == 401


def test_deactivation_ends_an_open_session(api, db, county):
    admin = make_user(db, county, roles=["admin"], username="boss")
    user = make_user(db, county, username="liu")
    other = type(api)(api.client.application.test_client())
    assert other.login("liu").status_code == 200
    api.login("boss")
    assert api.patch(f"/api/users/{user['id']}", {"active": False}).status_code == 200
    assert other.get("/api/auth/me").status_code == 401
    assert admin["active"]


def test_account_rate_limit_after_five_failures(api, db, county):
    make_user(db, county, username="liu")
    for _ in range(5):
        assert api.login("liu", "wrong-pass1").status_code == 401
    response = api.login("liu")  # even the right password waits
    assert response.status_code == 429
    assert response.json["code"] == "rate_limited"
    assert "分钟后再试" in response.json["error"]
    assert response.json["retry_after"] > 0


def test_address_rate_limit_across_accounts(app, api, db, county):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    make_user(db, county, username="liu")
    for name in ("a1", "a2", "a3"):
        assert api.login(name, "wrong-pass1").status_code == 401
    assert api.login("liu").status_code == 429


def test_address_limit_does_not_touch_other_addresses(app, api, db, county):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    make_user(db, county, username="liu")
    for name in ("a1", "a2", "a3"):
        api.login(name, "wrong-pass1")
    assert api.login("liu").status_code == 429
    other = api.client.post("/api/auth/login", json={"username": "liu", "password": PASSWORD},
                            headers=api.HEADERS, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_success_clears_account_failures(api, db, county):
    make_user(db, county, username="liu")
    for _ in range(4):
        api.login("liu", "wrong-pass1")
    assert api.login("liu").status_code == 200
    left = db.execute("SELECT count(*) FROM login_failures WHERE username = 'liu'").fetchone()
    assert left[0] == 0


def test_logout_ends_session(api, db, county):
    make_user(db, county, username="liu")
    api.login("liu")
    assert api.logout().status_code == 200
    assert api.get("/api/auth/me").status_code == 401


def cookies_of(response):
    """The cookies a response sets, by name: their values."""
    return {c.split("=", 1)[0]: c.split("=", 1)[1].split(";", 1)[0]
            for c in response.headers.getlist("Set-Cookie")}


@pytest.mark.parametrize("cookie", ["session", "remember_token"])
def test_logout_ends_the_session_on_the_server(app, api, db, county, cookie):
    """A copy of the cookie taken before logging out no longer works afterwards."""
    make_user(db, county, username="liu")
    copied = cookies_of(api.login("liu"))[cookie]
    assert api.logout().status_code == 200
    thief = app.test_client()
    thief.set_cookie(cookie, copied)
    assert thief.get("/api/auth/me").status_code == 401


def test_logging_out_one_phone_leaves_the_others_signed_in(app, api, db, county):
    make_user(db, county, username="liu")
    other = type(api)(app.test_client())
    api.login("liu")
    other.login("liu")
    api.logout()
    assert other.get("/api/auth/me").status_code == 200
    assert db.execute("SELECT count(*) FROM user_sessions").fetchone()[0] == 1


def test_old_password_guesses_are_throttled_like_logins(api, db, county):
    make_user(db, county, username="liu")
    api.login("liu")
    body = {"old_password": "guess-123", "new_password": "newpass123"}
    answers = [api.post("/api/auth/password", body).status_code for _ in range(6)]
    assert answers == [400] * 5 + [429]
    right = api.post("/api/auth/password", {**body, "old_password": PASSWORD})
    assert right.status_code == 429 and right.headers["Retry-After"]


@pytest.mark.parametrize("method,url", [
    ("get", "/api/home"), ("get", "/api/households"), ("get", "/api/sync/pull"),
    ("post", "/api/sync/push"), ("get", "/api/diaries"), ("get", "/api/org/nodes"),
])
def test_account_that_must_change_its_password_can_do_nothing_else(api, db, county, method,
                                                                  url):
    user = make_user(db, county, username="liu")
    db["users"].update(user["id"], {"must_change_password": 1})
    api.login("liu")
    response = getattr(api, method)(url)
    assert response.status_code == 403
    assert response.json["code"] == "password_change_required"
    assert api.get("/api/auth/me").status_code == 200
    changed = api.post("/api/auth/password", {"old_password": PASSWORD,
                                              "new_password": "newpass123"})
    assert changed.status_code == 200
    assert api.get("/api/home").status_code == 200


def test_session_cookie_flags_and_thirty_day_remember(api, db, county):
    make_user(db, county, username="liu")
    response = api.login("liu")
    cookies = {c.split("=")[0]: c for c in response.headers.getlist("Set-Cookie")}
    assert "HttpOnly" in cookies["session"] and "SameSite=Lax" in cookies["session"]
    remember = cookies["remember_token"]
    assert "HttpOnly" in remember and "SameSite=Lax" in remember and "Secure" not in remember
    assert "Max-Age=2592000" in remember or "Expires=" in remember


def test_secure_cookies_when_https(tmp_path):
    from qzapp import create_app
    from qzapp.db import connect
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "HTTPS": True,
                      "DATABASE": str(tmp_path / "q.db")})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    conn = connect(app.config["DATABASE"])
    with app.app_context():
        make_user(conn, make_node(conn), username="liu")
    response = app.test_client().post("/api/auth/login", json={"username": "liu",
                                      "password": PASSWORD}, headers={"X-Requested-With": "qzapp"})
    assert all("Secure" in c for c in response.headers.getlist("Set-Cookie"))


def test_remember_cookie_alone_restores_session(app, api, db, county):
    make_user(db, county, username="liu")
    api.login("liu")
    api.client.delete_cookie("session")
    assert api.get("/api/auth/me").status_code == 200


def test_csrf_header_required_for_unsafe_requests(client, db, county):
    make_user(db, county, username="liu")
    response = client.post("/api/auth/login", json={"username": "liu", "password": PASSWORD})
    assert response.status_code == 403
    assert response.json["code"] == "csrf" and response.json["error"]


def test_foreign_origin_refused(client, db, county):
    make_user(db, county, username="liu")
    response = client.post("/api/auth/login", json={"username": "liu", "password": PASSWORD},
                           headers={"X-Requested-With": "qzapp", "Origin": "https://evil.example"})
    assert response.status_code == 403


def test_change_password(api, db, county):
    make_user(db, county, username="liu")
    api.login("liu")
    bad = api.post("/api/auth/password", {"old_password": "nope", "new_password": "abc12345"})
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == "old_password"
    weak = api.post("/api/auth/password", {"old_password": PASSWORD, "new_password": "short"})
    assert weak.json["errors"] == [{"field": "new_password", "message": "密码至少 8 位"}]
    good = api.post("/api/auth/password", {"old_password": PASSWORD, "new_password": "newpass99"})
    assert good.status_code == 200
    assert api.get("/api/auth/me").status_code == 200  # this session goes on
    api.logout()
    assert api.login("liu", "newpass99").status_code == 200


def test_english_messages_on_request(api, db, county):
    response = api.client.post("/api/auth/login", json={"username": "x", "password": "y"},
                               headers={**api.HEADERS, "Accept-Language": "en-US,en;q=0.8"})
    assert response.json["error"] == "Wrong username or password"


def test_pages_redirect_to_login(client):
    response = client.get("/api/auth/me")
    assert response.status_code == 401 and response.json["code"] == "unauthorized"
