"""The public side in a real browser on a 360×740 phone, without an account: a resident finds
the village's board, sends an appeal, keeps the private link; the first secretary publishes a
summary (screened on the server) and closes the case on the phone; the resident rates it
不满意 through the link and the case is handled again. Script in any text a resident or the
staff typed never runs (a dialog listener sees none)."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import log_in, rows, wait_for_first_sync, wait_for_synced
from .test_cases import step

pytestmark = pytest.mark.browser

EVIL = "<img src=x onerror=alert(1)><script>alert(2)</script>"
TEXT = "村口路灯坏了一个多月，晚上出行不安全" + EVIL
NAME = "王小明"


def test_a_resident_appeals_follows_and_rates_and_the_case_is_reopened(
        page, new_context, server_url, live_app):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server_url + "/board")
    page.get_by_role("link", name="青山村").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("青山村")
    page.get_by_role("link", name="网上反映诉求").click()
    page.get_by_label("诉求类别").select_option(label="基础设施")
    page.get_by_label("反映的问题").fill(TEXT)
    page.get_by_label("姓名（可不填）").fill(NAME)
    page.get_by_label("联系电话（可不填，便于回复）").fill("13812345678")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("提交成功")).to_be_visible()
    code = page.locator(".code").inner_text()
    assert re.fullmatch(r"[2-9A-Z]{8}", code)
    track = page.url.split("?")[0]
    assert re.search(r"/track/[\w-]{22,}$", track)
    case_id = rows(live_app.config["DATABASE"], "SELECT id FROM cases WHERE text = ?",
                   [TEXT])[0]["id"]

    # The first secretary sees it on the phone, owned by them; publishes a screened summary.
    staff = new_context().new_page()
    staff.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(staff, server_url, "secretary")
    wait_for_first_sync(staff)
    staff.get_by_role("link", name="诉求", exact=True).click()   # their desk is a tap away
    expect(staff.get_by_role("link", name="公开栏与海报")).to_have_attribute(
        "href", "#/public-desk")
    staff.evaluate("(h) => { location.hash = h; }", f"#/case/{case_id}")
    expect(staff.locator(".case-full")).to_have_text(TEXT)
    board = staff.locator(".case-board")
    board.get_by_label("公开摘要").fill(f"{NAME}反映路灯损坏，已报修")
    board.get_by_role("button", name="公开到公开栏").click()
    expect(board.locator(".board-problems")).to_contain_text("王*")
    assert not rows(live_app.config["DATABASE"], "SELECT published FROM cases WHERE id = ?",
                    [case_id])[0]["published"]
    board.get_by_label("公开摘要").fill("村民反映路灯损坏，已联系电力所更换" + EVIL)
    board.get_by_role("button", name="公开到公开栏").click()
    expect(board.locator(".board-summary")).to_contain_text("已联系电力所更换")
    step(staff, "受理")
    step(staff, "办结", check=["已解决"], fill={"办理情况": "更换了两盏路灯"})
    wait_for_synced(staff)

    # The board shows the summary, as text; the resident rates through the private link.
    page.goto(server_url + "/board")
    page.get_by_role("link", name="青山村").click()
    page.reload()   # the board seen a minute ago is kept a minute (max-age): ask again
    expect(page.get_by_text("已联系电力所更换")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(NAME)
    page.goto(track)
    expect(page.get_by_text("已办结").first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("陈书记")
    page.get_by_label("不满意").check()
    page.get_by_label("意见（可不填）").fill("晚上还是黑的" + EVIL)
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".tag").first).to_have_text("办理中")
    expect(page.get_by_text("回访评价")).to_be_visible()
    case = rows(live_app.config["DATABASE"], "SELECT * FROM cases WHERE id = ?", [case_id])[0]
    assert (case["status"], case["satisfaction"], case["reopens"]) == (
        "in_progress", "unsatisfied", 1)
    # The staff's phone learns it with the next sync: handled again, by the same owner.
    staff.reload()
    expect(staff.locator(".case-card")).to_have_attribute("data-status", "in_progress")
    assert dialogs == []
