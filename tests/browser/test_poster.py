"""A village's poster in a real browser: the QR codes Chromium draws (on the A4 page, and in
the SVG document the staff download) read back as exactly the board's and the appeal form's
addresses; printed, the page is one A4 sheet without the site's header and footer. And the
desk screen: an admin names the receiver and the office hours, the poster prints them."""
import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from .helpers import log_in, rows, shot

pytestmark = pytest.mark.browser

# A4 at the CSS 96 dots an inch.
A4 = {"width": 794, "height": 1123}


def village_id(live_app, name="青山村"):
    return rows(live_app.config["DATABASE"], "SELECT id FROM org_nodes WHERE name = ?",
                [name])[0]["id"]


def read(png):
    """The texts of the QR codes in a screenshot."""
    return sorted(code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png))))


def addresses(base, node_id):
    return {"board": f"{base}/board/{node_id}", "appeal": f"{base}/board/{node_id}/appeal"}


def test_the_poster_page_codes_read_back_and_it_prints_on_one_a4_sheet(page, server_url,
                                                                       live_app, page_errors):
    """Each code, as the browser draws it, reads as its address; print media hides the
    header, the footer and the download hint; the PDF is one page."""
    node_id = village_id(live_app)
    page.set_viewport_size(A4)
    page.goto(f"{server_url}/board/{node_id}/poster")
    expect(page.locator(".poster h1")).to_have_text("青山村")
    expected = addresses(server_url, node_id)
    for name, url in expected.items():
        code = page.locator(f"[data-code={name}] svg")
        assert read(code.screenshot()) == [url]
        expect(page.locator(f"[data-code={name}] .poster-url")).to_have_text(url)
    expect(page.locator(".poster-receiver")).to_have_text("受理：第一书记")
    shot(page, "poster-screen")

    page.emulate_media(media="print")
    for hidden in (".top", ".foot", ".no-print"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".poster")).to_be_visible()
    shot(page, "poster-print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1


def test_the_svg_document_codes_read_back(page, server_url, live_app, tmp_path):
    """The downloaded SVG, opened in the browser as a file: both codes read as their
    addresses; with PUBLIC_BASE_URL set they carry that base."""
    node_id = village_id(live_app)
    for base in (server_url, "https://qz.example.gov.cn"):
        if base != server_url:
            live_app.config["PUBLIC_BASE_URL"] = base
        answer = page.request.get(f"{server_url}/board/{node_id}/poster.svg")
        assert answer.ok and answer.headers["content-type"].startswith("image/svg+xml")
        assert "filename*=UTF-8''" in answer.headers["content-disposition"]
        saved = tmp_path / "poster.svg"
        saved.write_bytes(answer.body())
        page.set_viewport_size(A4)
        page.goto(saved.as_uri())
        assert read(page.screenshot()) == sorted(addresses(base, node_id).values())


def test_no_poster_for_a_township(page, server_url, live_app):
    response = page.goto(f"{server_url}/board/{village_id(live_app, '青山乡')}/poster")
    assert response.status == 404
    expect(page.locator("main")).to_contain_text("没有这个村（社区）的公开栏")


def test_admin_sets_the_desk_and_the_poster_prints_it(page, server_url, live_app, page_errors):
    """An admin picks 青山村, names 赵主任 and types the hours; the screen says who receives
    now; the poster, opened from the screen, shows the hours and the role, not the name."""
    log_in(page, server_url, "admin")
    page.get_by_role("link", name="管理").click()
    page.get_by_role("link", name="公开栏与海报").click()
    page.get_by_label("村（社区）").select_option(label="青山乡 › 青山村")
    expect(page.locator("[data-receiver]")).to_have_text("陈书记（第一书记）")

    form = page.locator("[data-form=desk]")
    form.get_by_label("网上诉求受理人").select_option(label="赵主任（村(社区)干部）")
    form.get_by_label("办公时间").fill("x" * 101)   # the field holds 100: the rest is cut
    expect(form.get_by_label("办公时间")).to_have_value("x" * 100)
    form.get_by_label("办公时间").fill("工作日 8:30–17:30，周六上午值班")
    form.get_by_role("button", name="保存受理设置").click()
    expect(page.locator(".toast")).to_have_text("已保存")
    expect(page.locator("[data-receiver]")).to_have_text("赵主任（村(社区)干部）")
    saved = rows(live_app.config["DATABASE"], "SELECT * FROM public_desks")
    assert [(r["receiver_id"], r["office_hours"]) for r in saved] == [
        (rows(live_app.config["DATABASE"], "SELECT id FROM users WHERE username = 'village'")
         [0]["id"], "工作日 8:30–17:30，周六上午值班")]
    shot(page, "public-desk")

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="打印海报").click()
    poster = opened.value
    expect(poster.locator(".poster-hours")).to_have_text("办公时间：工作日 8:30–17:30，周六上午值班")
    expect(poster.locator(".poster-receiver")).to_have_text("受理：村(社区)干部")
    expect(poster.locator(".poster")).not_to_contain_text("赵主任")
    download = page.get_by_role("link", name="下载 SVG")
    expect(download).to_have_attribute("href", f"/board/{village_id(live_app)}/poster.svg")


def test_a_village_keeps_its_own_desk(page, server_url, page_errors):
    """The village's cadre opens the screen: their village, no picker; a server refusal shows
    under its field."""
    log_in(page, server_url, "village")
    page.goto(f"{server_url}/#/public-desk")
    expect(page.locator(".node-name")).to_have_text("青山村")
    expect(page.locator("select[name=node]")).to_have_count(0)
    form = page.locator("[data-form=desk]")
    form.get_by_label("办公时间").fill("工作日\u202e全天")
    form.get_by_role("button", name="保存受理设置").click()
    expect(form.locator("[data-error-for=office_hours]")).to_contain_text("控制字符")
    form.get_by_label("办公时间").fill("全天")
    form.get_by_role("button", name="保存受理设置").click()
    expect(page.locator(".toast")).to_have_text("已保存")
