"""Dashboards (F11) in a real browser, on a phone (360×740) and a laptop (1280×800): the
county supervisor opens 统计分析 from 管理, sees the figures and the chart of the townships
drawn, drills down county → township → village → person, and a number opens the records
behind it, as many as it says."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import log_in, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [(360, 740), (1280, 800)], ids=["phone", "laptop"])
def test_the_dashboard_draws_its_chart_and_drills_down(page, server_url, page_errors, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    log_in(page, server_url, "supervisor")
    page.evaluate("() => { location.hash = '#/admin'; }")
    page.get_by_role("link", name=re.compile("统计分析")).click()
    screen = page.locator(".screen-dashboard")
    expect(screen.locator(".dash-title")).to_have_text("示范县")
    # The chart of the county's townships: uPlot's canvas, as wide as its box.
    canvas = screen.locator("[data-chart] canvas")
    expect(canvas).to_be_visible()
    box = screen.locator("[data-chart]").bounding_box()
    assert canvas.bounding_box()["width"] >= box["width"] - 2
    assert canvas.bounding_box()["width"] <= size[0]
    table = screen.locator("[data-children]")
    # Its two townships and its party organisation of non-public enterprises.
    expect(table.locator("tbody tr[data-child]")).to_have_count(3)
    shot(page, f"dashboard-county-{size[0]}")
    received = int(screen.locator("[data-group=ledger] [data-figure=cases_received]"
                                  " .dash-value").inner_text().replace(",", ""))
    parts = [int(t.replace(",", "")) for t in table.locator(
        "tbody tr[data-child] td:nth-child(4)").all_inner_texts()]
    own = table.locator("tr[data-own] td:nth-child(4)")
    assert sum(parts) + (int(own.inner_text()) if own.count() else 0) == received

    # Down to a township, by its row; the way back up is there.
    first = table.locator("tbody tr[data-child] th a").first
    township = first.inner_text()
    first.click()
    expect(screen.locator(".dash-title")).to_have_text(township)
    expect(screen.locator(".back-link")).to_have_text("示范县")
    village_link = screen.locator("[data-children] tbody tr[data-child] th a").first
    village = village_link.inner_text()
    village_link.click()
    expect(screen.locator(".dash-title")).to_have_text(village)
    # A village: no units below, its people instead.
    expect(screen.locator("[data-children]")).to_have_count(0)
    person = screen.locator("[data-person] a").first
    expect(person).to_be_visible()
    name = person.locator("strong").inner_text()
    person.click()
    expect(page.locator(".screen-dash-person h2")).to_have_text(name)
    # Their annual report: the year's figures, printable, and as Excel.
    page.locator("[data-annual]").click()
    year = page.evaluate("new Date().getFullYear()")
    expect(page.locator(".screen-dash-person [data-period]")).to_have_text(f"{year} 年度")
    expect(page.locator(".screen-dash-person [data-print]")).to_be_visible()
    book = page.request.get(server_url + page.locator("[data-export]").get_attribute("href"))
    assert book.ok and book.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    page.go_back()

    # A number opens the records behind it, as many as it says.
    page.go_back()
    expect(screen.locator(".dash-title")).to_have_text(village)
    tile = screen.locator("[data-figure=diaries]").first
    count = int(tile.locator(".dash-value").inner_text().replace(",", ""))
    tile.click()
    records = page.locator(".screen-dash-records")
    expect(records.locator("[data-total]")).to_have_attribute("data-total", str(count))
    expect(records.locator("[data-record]")).to_have_count(min(count, 50))
    assert not page_errors


def test_a_reversed_period_is_named_and_nothing_is_asked(page, server_url):
    log_in(page, server_url, "supervisor")
    page.evaluate("() => { location.hash = '#/dashboard'; }")
    form = page.locator("[data-period]")
    form.get_by_label("开始月份").fill("2026-09")
    form.get_by_label("结束月份").fill("2026-03")
    form.get_by_label("结束月份").dispatch_event("change")
    expect(form.locator("[data-period-error]")).to_have_text("开始月份不能晚于结束月份")


def test_a_bar_of_the_chart_opens_that_units_dashboard(page, server_url):
    log_in(page, server_url, "supervisor")
    page.evaluate("() => { location.hash = '#/dashboard'; }")
    screen = page.locator(".screen-dashboard")
    units = screen.locator("[data-children] tbody tr[data-child] th a")
    expect(units).to_have_count(3)
    names = units.all_inner_texts()
    over = screen.locator("[data-chart] .u-over")
    expect(over).to_be_visible()
    over.scroll_into_view_if_needed()
    box = over.bounding_box()
    # The first of the bars sits in the first of as many equal columns as there are units.
    x = box["x"] + box["width"] / (2 * len(names))
    page.mouse.move(x, box["y"] + box["height"] / 2)
    page.mouse.click(x, box["y"] + box["height"] / 2)
    expect(screen.locator(".dash-title")).to_have_text(names[0])
