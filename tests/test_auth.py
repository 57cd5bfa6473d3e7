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


def test_inactive_account_cannot_log_in(api, db, county):
    user = make_user(db, county, username="liu")
    db["users"].update(user["id"], {"active": 0})
    response = api.login("liu")
    assert response.status_code == 403
    assert response.json["error"] == "该账号已停用，请联系管理员"


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
