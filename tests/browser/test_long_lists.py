"""Long lists on the phone (the register, the diaries) are drawn a page at a time as the user
scrolls, with their count on top."""
import pytest
from playwright.sync_api import expect

from qzapp.db import connect
from tests.factories import make_household

from .helpers import log_in, wait_for_first_sync

pytestmark = pytest.mark.browser


@pytest.fixture
def long_register(live_app, accounts):
    """250 more households in 青山村 (260 with the demo's)."""
    db = connect(live_app.config["DATABASE"])
    try:
        village = db.execute("SELECT * FROM org_nodes WHERE name = '青山村'").fetchone()
        node = {"id": village[0]}
        with live_app.test_request_context():
            for n in range(250):
                make_household(db, node, head_name=f"王{n:03d}", id_number=None,
                               address=f"青山村{n % 7 + 1}组")
    finally:
        db.close()


def test_a_long_register_is_drawn_as_the_user_scrolls(page, server_url, long_register):
    log_in(page, server_url, "secretary")
    wait_for_first_sync(page)
    page.locator("#tabbar").get_by_role("link", name="户籍台账").click()
    rows = page.locator(".register-row")
    expect(page.locator(".result-count")).to_have_text("共 260 户")
    expect(rows).to_have_count(100)
    page.locator("[data-more]").scroll_into_view_if_needed()
    expect(rows).to_have_count(200)
    page.get_by_role("button", name="加载更多").click()
    expect(rows).to_have_count(260)
    expect(page.locator("[data-more]")).to_have_count(0)
    page.get_by_label("搜索户主或地址").fill("3组")
    expect(page.locator(".result-count")).to_have_text("共 36 户")   # 250 / 7 rounded up
    expect(rows).to_have_count(36)


@pytest.fixture
def many_diaries(live_app, accounts):
    """150 more diaries written by the demo cadre, a day apart."""
    import datetime as dt

    from tests.factories import make_diary
    db = connect(live_app.config["DATABASE"])
    try:
        node = {"id": accounts["cadre"]["node_id"]}
        with live_app.test_request_context():
            for n in range(150):
                day = (dt.date.today() - dt.timedelta(days=n + 1)).isoformat()
                make_diary(db, accounts["cadre"], node, occurred_at=f"{day}T09:00:00+08:00",
                           heard=f"第{n:03d}次走访")
    finally:
        db.close()


def test_a_long_diary_list_is_drawn_as_the_user_scrolls(page, server_url, many_diaries):
    log_in(page, server_url, "cadre")
    wait_for_first_sync(page)
    page.get_by_role("link", name="民情日记", exact=True).click()
    cards = page.locator(".diary-list > li")
    count = page.locator(".screen-diary .result-count")
    expect(count).to_contain_text("15")   # 150 and the demo's own
    total = int("".join(ch for ch in count.inner_text() if ch.isdigit()))
    expect(cards).to_have_count(100)
    page.locator("[data-more]").scroll_into_view_if_needed()
    expect(cards).to_have_count(min(total, 200))
