"""The one JSON error shape: every /api error, never a 500, message in Chinese."""
import pytest

from tests.factories import make_node, make_user

SHAPE = {"ok", "error", "code", "errors"}


def assert_error_shape(response, status, code=None):
    assert response.status_code == status, response.data
    assert response.is_json
    body = response.json
    assert set(body) >= SHAPE and body["ok"] is False
    assert isinstance(body["error"], str) and body["error"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]), body["error"]
    assert isinstance(body["errors"], list)
    if code:
        assert body["code"] == code


@pytest.fixture
def signed_in(api, db):
    county = make_node(db, make_node(db), kind="county", name="县")
    make_user(db, county, roles=["admin"], username="boss")
    api.login("boss")
    return api


@pytest.mark.parametrize("kwargs,status,code", [
    ({"data": "{not json", "content_type": "application/json"}, 400, "malformed_json"),
    ({"data": "username=a", "content_type": "application/x-www-form-urlencoded"}, 415,
     "unsupported_media_type"),
    ({"json": ["a", "b"]}, 400, "bad_request"),
    ({"json": {}}, 400, "validation"),
    ({"json": {"username": 5, "password": ["x"]}}, 400, "validation"),
    ({"json": {"username": "a", "password": "b", "remember": "yes"}}, 400, "validation"),
    ({"json": {"username": "a" * 65, "password": "b"}}, 400, "validation"),
])
def test_login_bad_bodies(api, kwargs, status, code):
    response = api.client.post("/api/auth/login", headers=api.HEADERS, **kwargs)
    assert_error_shape(response, status, code)


def test_validation_lists_every_field(api):
    response = api.post("/api/auth/login", {"username": 5, "remember": "yes", "x": 1})
    fields = {e["field"]: e["message"] for e in response.json["errors"]}
    assert fields == {"username": "应为文字", "password": "必填", "remember": "应为是或否",
                      "x": "不认识的字段"}


def test_oversized_body(app, api):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = api.post("/api/auth/login", {"username": "a" * 2000, "password": "b"})
    assert_error_shape(response, 413, "too_large")
    assert response.json["error"] == "上传的内容太大"


@pytest.mark.parametrize("method,url,status,code", [
    ("get", "/api/auth/me", 401, "unauthorized"),
    ("get", "/api/home", 401, "unauthorized"),
    ("get", "/api/org/nodes", 401, "unauthorized"),
    ("get", "/api/users", 401, "unauthorized"),
    ("post", "/api/org/nodes", 401, "unauthorized"),
    ("get", "/api/no-such-thing", 404, "not_found"),
    ("delete", "/api/org/nodes", 405, "method_not_allowed"),
    ("put", "/api/auth/login", 405, "method_not_allowed"),
    ("get", "/no-such-page", 404, "not_found"),
    ("get", "/media/abc.jpg", 401, "unauthorized"),   # a photo: no redirect to a page
    ("post", "/sw.js", 405, "method_not_allowed"),
])
def test_http_errors_answer_the_shape(api, method, url, status, code):
    assert_error_shape(getattr(api.client, method)(url, headers=api.HEADERS), status, code)


def test_csrf_error_shape(client):
    assert_error_shape(client.post("/api/auth/logout"), 403, "csrf")


def test_forbidden_shape(api, db):
    make_user(db, make_node(db), roles=["cadre"], username="liu")
    api.login("liu")
    assert_error_shape(api.get("/api/users"), 403, "forbidden")


@pytest.mark.parametrize("url,body", [
    ("/api/org/nodes", {"parent_id": True, "name": "x", "kind": "grid"}),
    ("/api/org/nodes", {"parent_id": 1, "name": "x", "kind": "kingdom"}),
    ("/api/org/nodes", {"parent_id": 999, "name": "x", "kind": "county"}),
    ("/api/users", {"username": "abc", "name": "x", "node_id": 999, "roles": ["cadre"]}),
    ("/api/users", {"username": "abc", "name": "x", "node_id": 1, "roles": "cadre"}),
])
def test_admin_bad_input(signed_in, url, body):
    response = signed_in.post(url, body)
    assert response.status_code in (400, 404)
    assert_error_shape(response, response.status_code)


@pytest.mark.parametrize("url,body", [
    ("/api/org/nodes/1", {"name": ""}),
    ("/api/org/nodes/1", {"active": "no"}),
    ("/api/users/1", {"roles": []}),
    ("/api/users/1", {"phone": "12"}),
    ("/api/users/999", {"name": "x"}),
    ("/api/org/nodes/999", {"name": "x"}),
])
def test_admin_bad_patches(signed_in, url, body):
    response = signed_in.patch(url, body)
    assert response.status_code in (400, 404)
    assert_error_shape(response, response.status_code)


def test_pages_redirect_to_login_screen(app, client):
    @app.get("/needs-login")
    def needs_login():
        from flask import abort
        abort(401)
    response = client.get("/needs-login")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/?next=")
    assert response.headers["Location"].endswith("#/login")


@pytest.mark.parametrize("path", ["/api/boom", "/boom"])   # an API route, and any other
def test_unexpected_error_is_json_500_without_details(tmp_path, path):
    from qzapp import create_app
    app = create_app({"SECRET_KEY": "x", "DATABASE": str(tmp_path / "q.db")})

    @app.get(path)
    def boom():
        raise RuntimeError("secret detail")
    response = app.test_client().get(path)
    assert_error_shape(response, 500, "server_error")
    assert "secret" not in response.get_data(as_text=True)
