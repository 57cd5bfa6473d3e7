"""What every answer carries, and numbers too big for SQLite in paths and queries."""
import re

import pytest
from werkzeug.routing import IntegerConverter

from tests.factories import make_household, make_user

TOO_BIG = "9223372036854775808"   # 2**63: one past SQLite's largest integer


@pytest.fixture
def admin(api, db, world):
    make_user(db, world["county"], roles=["admin", "supervisor"], username="boss")
    make_household(db, world["village"])
    return api.as_user("boss")


def int_routes(app):
    """(method, url) of every route with an <int:...> argument, filled with TOO_BIG."""
    for rule in app.url_map.iter_rules():
        if not any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", TOO_BIG)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url


def test_there_are_int_routes(app):
    assert len(list(int_routes(app))) >= 3


def test_integers_beyond_sqlite_in_paths_are_404(app, admin):
    for method, url in int_routes(app):
        response = admin.client.open(url, method=method, json={},
                                     headers={"X-Requested-With": "qzapp"})
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.json["code"] == "not_found"


@pytest.mark.parametrize("url", [
    f"/api/users?node_id={TOO_BIG}", f"/api/households?node_id={TOO_BIG}",
    f"/api/diaries?node_id={TOO_BIG}", f"/api/sync/pull?since={TOO_BIG}",
    "/api/users?node_id=１２", "/api/users?node_id=-1",
])
def test_integers_beyond_sqlite_in_queries_are_400(admin, url):
    response = admin.get(url)
    assert response.status_code == 400, response.json
    assert response.json["errors"][0]["field"] in ("node_id", "since")


@pytest.mark.parametrize("url", ["/api/auth/me", "/api/households", "/api/users",
                                 "/api/sync/pull", "/api/nowhere", "/api/households/export.xlsx"])
def test_api_answers_are_never_stored_by_caches(admin, url):
    response = admin.get(url)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/sw.js", "/js/main.js", "/nowhere", "/media/x.jpg",
                                 "/api/auth/me"])
def test_every_answer_is_never_sniffed(client, url):
    assert client.get(url).headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("limit", [9, 10, 99, 100, 305, 9223372036854775807])
def test_the_path_integers_pattern_takes_exactly_those_up_to_the_limit(limit):
    """The pattern an <int:> path argument must match: every number up to the limit (with
    leading zeros too), none above it — checked at the edges and between."""
    from qzapp.http import _at_most
    pattern = re.compile(f"(?:{_at_most(limit)})")
    near = {0, 1, limit - 1, limit, limit + 1, limit * 10, limit // 2, 10 ** len(str(limit))}
    for number in sorted(n for n in near if n >= 0):
        assert bool(pattern.fullmatch(str(number))) is (number <= limit), number
    assert pattern.fullmatch(f"00{limit}") and not pattern.fullmatch(f"0{limit + 1}")
