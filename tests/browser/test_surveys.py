"""Satisfaction surveys (F12) in a real browser: a supervisor publishes a survey of a village
in the app, a resident answers it on a phone without an account, and the supervisor sees the
count and the bars; no dialog ever opens."""
import re

import pytest
from playwright.sync_api import expect

from .helpers import log_in, rows, shot, wait_for_picture

pytestmark = pytest.mark.browser


def node_id(database, name):
    """The id of the org node called name."""
    return rows(database, "SELECT id FROM org_nodes WHERE name = ?", [name])[0]["id"]


def test_a_survey_is_published_answered_and_counted(page, new_context, server_url, live_app,
                                                    page_errors):
    """The supervisor's form names its mistakes under their fields; the published survey
    shows its link and QR code; a resident answers three questions of five and leaves a
    comment; a second try from that phone is refused; the supervisor sees one partial
    answer, its percentages as bars."""
    database = live_app.config["DATABASE"]
    village = node_id(database, "青山村")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, server_url, "supervisor")
    page.evaluate("() => { location.hash = '#/surveys'; }")
    expect(page.locator("[data-list]")).to_contain_text("还没有满意度调查")
    page.get_by_role("link", name="发起调查").click()

    form = page.locator("[data-form=survey]")
    expect(form.locator(f"select[name=node_id] option[value='{village}']")).to_have_count(1)
    form.get_by_role("button", name="发布调查").click()
    expect(form.locator("[data-error-for=node_id]")).to_have_text("必填")
    expect(form.locator("[data-error-for=title]")).to_have_text("必填")
    form.get_by_label("被调查单位").select_option(str(village))
    form.get_by_label("调查名称").fill("青山村2026年政风行风满意度调查")
    start = form.get_by_label("开始日期").input_value()
    form.get_by_label("结束日期").fill("2020-01-01")
    form.get_by_role("button", name="发布调查").click()
    expect(form.locator("[data-error-for=ends_on]")).to_have_text("结束日期不能早于开始日期")
    expect(form.get_by_label("调查名称")).to_have_value("青山村2026年政风行风满意度调查")
    shot(page, "survey-form-errors")
    form.get_by_label("结束日期").fill(start)
    form.get_by_role("button", name="发布调查").click()

    link = page.locator("[data-link]")
    expect(link).to_contain_text(f"{server_url}/s/")
    wait_for_picture(page.locator("img.survey-qr"))
    expect(page.locator("[data-total=answers]")).to_have_text("0")
    shot(page, "survey-published")
    address = link.inner_text().strip()
    [stored] = rows(database, "SELECT * FROM surveys")
    assert address == f"{server_url}/s/{stored['token']}"

    resident = new_context().new_page()   # no login, a 360 x 740 phone (conftest)
    assert resident.viewport_size == {"width": 360, "height": 740}
    resident.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    resident.goto(address)
    expect(resident.get_by_role("heading", name="青山村2026年政风行风满意度调查")).to_be_visible()
    expect(resident.get_by_text("被评议单位：青山村")).to_be_visible()
    for question, choice in (("工作作风", "满意"), ("办事效率", "基本满意"),
                             ("服务态度", "不满意")):
        group = resident.get_by_role("group", name=re.compile(question))
        group.get_by_label(choice, exact=True).check()
    resident.get_by_label("意见和建议（选填）").fill("窗口午休时间也有人值班就更好了")
    shot(resident, "survey-resident-form")
    resident.get_by_role("button", name="提交评价").click()
    expect(resident.get_by_role("heading", name="感谢您的评价")).to_be_visible()
    shot(resident, "survey-resident-thanks")
    resident.goto(address)
    expect(resident.get_by_text("您已经在这台手机上填写过这项调查")).to_be_visible()

    page.reload()
    expect(page.locator("[data-total=answers]")).to_have_text("1")
    expect(page.locator("[data-total=partial]")).to_have_text("1")
    style = page.locator("[data-question=style]")
    expect(style.locator("[data-choice=satisfied]")).to_contain_text("1 人 · 100%")
    expect(style.locator("[data-satisfaction]")).to_have_text("满意率 100%")
    expect(page.locator("[data-question=overall]")).to_contain_text("回答 0 人，未答 1 人")
    full = style.locator("[data-choice=satisfied] .survey-bar-fill")
    bar = style.locator("[data-choice=satisfied] .survey-bar")
    assert full.bounding_box()["width"] == pytest.approx(bar.bounding_box()["width"], abs=1)
    assert style.locator("[data-choice=basic] .survey-bar-fill").bounding_box()["width"] == 0
    shot(page, "survey-results")
    [answer] = rows(database, "SELECT * FROM survey_answers")
    assert (answer["complete"], answer["comment"]) == (0, "窗口午休时间也有人值班就更好了")
    assert dialogs == []
