"""The pledges on a community's public board (民情公开栏): this year's, the member's name masked
(吴*), the text and the month it is due, 已践诺 once confirmed; a new version of the page (its
ETag) whenever a pledge changes; no section for a village."""
import pytest

from qzapp.duty import pledge_board, pledges
from tests.duty_places import Phone, make_places
from tests.test_duty_pledges import DAY, PLEDGE, decide, pledged, recorded


@pytest.fixture(autouse=True)
def june(monkeypatch):
    """The board's year and the pledges' rules as on 15 June 2026."""
    monkeypatch.setattr(pledges, "today", lambda: DAY)
    monkeypatch.setattr(pledge_board, "today", lambda: DAY)


@pytest.fixture
def places(db):
    return make_places(db)


@pytest.fixture
def wu(app, places):
    return Phone(app, "wu")


@pytest.fixture
def staff(app, places):
    return Phone(app, "staff")

def board(client, community):
    answer = client.get(f"/board/{community['id']}")
    assert answer.status_code == 200
    return answer.get_data(as_text=True), answer.headers["ETag"]


def test_the_board_shows_the_pledges_masked(app, client, db, wu, staff, places):
    pledge_id = pledged(wu)
    pledged(Phone(app, "li"), text="协助社区开展垃圾分类宣传", due_on="2026-11-20")
    pledged(wu, year=2027, due_on="2027-02-01", text="明年的承诺")
    page, etag = board(client, places["east"])
    assert "吴*：每月为小区独居老人上门服务一次（9月）" in page
    assert "李*：协助社区开展垃圾分类宣传（11月）" in page
    assert "吴党员" not in page and "李党员" not in page and "2026-09-30" not in page
    assert "明年的承诺" not in page and "· 已践诺" not in page
    assert "共 2 项，已践诺 0 项" in page
    assert client.get(f"/board/{places['east']['id']}",
                      headers={"If-None-Match": etag}).status_code == 304
    recorded(wu, pledge_id)
    assert decide(staff, pledge_id, "confirm").status_code == 200
    page, confirmed_etag = board(client, places["east"])
    assert confirmed_etag != etag
    assert "吴*：每月为小区独居老人上门服务一次（9月） · 已践诺" in page
    assert "共 2 项，已践诺 1 项" in page


def test_a_withdrawn_pledge_leaves_the_board(client, wu, places):
    pledge_id = pledged(wu)
    _, etag = board(client, places["east"])
    assert wu.delete("duty_pledge", pledge_id)["status"] == "applied"
    page, after = board(client, places["east"])
    assert after != etag and PLEDGE["text"] not in page


def test_a_village_and_a_community_without_pledges_show_no_section(client, wu, places):
    pledged(wu)
    for node in (places["village"], places["west"]):
        page, _ = board(client, node)
        assert "党员承诺践诺" not in page and PLEDGE["text"] not in page


def test_the_board_section_is_none_for_a_village(app, db, places):
    with app.test_request_context():
        assert pledge_board.pledges_section(db, dict(places["village"])) is None
