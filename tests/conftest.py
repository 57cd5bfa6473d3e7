"""Shared fixtures: an app on a fresh database file, clients, the demo county."""
import pytest

from qzapp import create_app
from qzapp.db import connect
from tests import factories
from tests.factories import make_node, make_user


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashes():
    """Real hashing at a low cost factor: the suite logs in thousands of times."""
    from qzapp.auth import service
    service.HASH_METHOD = "pbkdf2:sha256:1000"


@pytest.fixture
def app(tmp_path):
    """The app on an empty, migrated database in a temporary folder."""
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE": str(tmp_path / "qzapp.db"),
        "MEDIA_DIR": str(tmp_path / "media"),
        # A test fills a public form in no time; the test of the minimum sets it back.
        "PUBLIC_MIN_FILL_SECONDS": 0,
    })


@pytest.fixture
def db(app):
    """A connection to the app's database, for arranging and checking rows."""
    conn = connect(app.config["DATABASE"])
    yield conn
    conn.close()


@pytest.fixture
def client(app):
    """A plain test client: no CSRF header, no login."""
    return app.test_client()


@pytest.fixture
def api(app):
    """A test client that speaks to /api as the PWA does."""
    return factories.ApiClient(app.test_client())


@pytest.fixture
def runner(app):
    """The app's CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def demo(app, db):
    """The demo county loaded; returns its accounts by username."""
    from qzapp import demo as demo_data
    with app.test_request_context():
        users = demo_data.load(db)
    return {u["username"]: u for u in users}


@pytest.fixture
def world(db):
    """A county with two villages: two cadres and a supervisor at the county, a first
    secretary in each village."""
    county = make_node(db, make_node(db), kind="county", name="县")
    township = make_node(db, county, kind="township", name="镇")
    village, other = (make_node(db, township, kind="village", name=n) for n in ("甲村", "乙村"))
    return {
        "county": county, "village": village, "other": other,
        "cadre": make_user(db, county, roles=["cadre"], username="cadre"),
        "cadre2": make_user(db, county, roles=["cadre"], username="cadre2"),
        "secretary": make_user(db, village, roles=["first_secretary"], username="sec"),
        "other_secretary": make_user(db, other, roles=["first_secretary"], username="sec2"),
        "supervisor": make_user(db, county, roles=["supervisor"], username="sup"),
    }


@pytest.fixture
def sup(api, world):
    """The API client signed in as the county's supervisor."""
    return api.as_user("sup")
