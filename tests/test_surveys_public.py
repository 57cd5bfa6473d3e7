"""Satisfaction surveys of a unit (F12), the residents' side: the public form answered without
an account, once per phone and per device, partial answers kept; every refusal (a forged
address, a survey out of its period, a second answer, too much text, a robot) a page in
Chinese with a 4xx, and nothing typed lost."""
import html
import re

import pytest

from qzapp.surveys import rules
from tests.factories import make_node
from tests.surveys import (
    ALL,
    count,
    day,
    make_survey,
    open_form,
    page_text,
    resident,
    send,
    token_of,
    zh,
)


@pytest.fixture
def survey(sup, world):
    """An open survey of 甲村."""
    return make_survey(sup, world["village"])


@pytest.fixture
def token(survey):
    """The token of its public address."""
    return token_of(survey)


def shows(response, key, **values):
    """Whether a page says the catalogue's message key (as HTML escapes it)."""
    return html.escape(zh(key, **values), quote=False) in page_text(response)


def test_the_form_names_the_unit_and_asks_each_question(app, token):
    response, stamp = open_form(resident(app), token)
    assert response.status_code == 200 and stamp
    text = page_text(response)
    assert "甲村" in text and "2026 年政风行风满意度调查" in text
    for question in rules.QUESTIONS:
        assert zh(f"survey.question.{question}") in text
        for choice in rules.CHOICES:
            assert f'name="q_{question}" value="{choice}"' in text
    assert 'name="website"' in text and 'name="comment"' in text and 'name="phone"' in text
    assert "<script" not in text
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{rules.DEVICE_COOKIE}=")
    for part in ("HttpOnly", "SameSite=Lax", "Path=/s/", "Max-Age=63072000"):
        assert part in cookie


def test_an_answer_is_kept_and_thanked_for(app, db, token):
    phone = resident(app)
    response = send(phone, token, ALL, comment="  办事很快\n态度好 ", phone="138 0000 1111")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/s/{token}/done")
    thanks = phone.get(response.headers["Location"])
    assert thanks.status_code == 200 and shows(thanks, "public.survey_thanks", unit="甲村")
    [row] = db.query("SELECT * FROM survey_answers")
    assert (row["complete"], row["comment"]) == (1, "办事很快\n态度好")
    assert row["phone_key"] and "13800001111" not in str(row)
    assert count(db, "survey_choices") == len(rules.QUESTIONS)


def test_a_partial_answer_is_kept(app, db, token):
    assert send(resident(app), token, {"attitude": "unsatisfied"}).status_code == 303
    [row] = db.query("SELECT * FROM survey_answers")
    assert row["complete"] == 0 and row["comment"] is None and row["phone_key"] is None
    assert [tuple(r.values()) for r in db.query(
        "SELECT question, choice FROM survey_choices")] == [("attitude", "unsatisfied")]


def test_no_question_answered_comes_back_with_the_comment(app, db, token):
    response = send(resident(app), token, {}, comment="只想提个建议")
    assert response.status_code == 400
    assert shows(response, "public.survey_none_answered")
    assert "只想提个建议</textarea>" in page_text(response)
    assert count(db, "survey_answers") == 0


def test_a_second_answer_from_the_same_device_is_refused(app, db, token):
    phone = resident(app)
    _, stamp = open_form(phone, token)
    assert send(phone, token, ALL, stamp=stamp).status_code == 303
    again = send(phone, token, {"style": "unsatisfied"}, stamp=stamp)
    assert again.status_code == 409 and shows(again, "public.survey_answered_device")
    form = phone.get(f"/s/{token}")
    assert form.status_code == 409 and shows(form, "public.survey_answered_device")
    assert count(db, "survey_answers") == 1


def test_a_second_answer_with_the_same_phone_is_refused(app, db, token):
    assert send(resident(app), token, ALL, phone="13800001111").status_code == 303
    again = send(resident(app), token, ALL, phone="+86 138-0000-1111")
    assert again.status_code == 409 and shows(again, "public.survey_answered_phone")
    assert send(resident(app), token, ALL, phone="13900002222").status_code == 303
    assert count(db, "survey_answers") == 2


def test_answers_from_one_address_are_limited(app, db, token, monkeypatch):
    monkeypatch.setattr(rules, "ANSWERS_PER_ADDRESS_HOUR", 2)
    for _ in range(2):
        assert send(resident(app), token).status_code == 303
    refused = send(resident(app), token)
    assert refused.status_code == 429 and shows(refused, "public.rate_limited", minutes=60)
    assert count(db, "survey_answers") == 2


def test_the_honeypot_filled_is_refused(app, db, token):
    response = send(resident(app), token, ALL, website="http://spam.example")
    assert response.status_code == 400 and shows(response, "public.form_refused")
    assert count(db, "survey_answers") == 0


def test_a_form_sent_too_fast_is_refused(app, db, token):
    app.config["PUBLIC_MIN_FILL_SECONDS"] = 3
    response = send(resident(app), token)
    assert response.status_code == 400 and shows(response, "public.too_fast")
    assert count(db, "survey_answers") == 0


def test_a_stamp_of_another_survey_or_none_is_refused(app, sup, world, db, token):
    other = make_survey(sup, world["other"])
    phone = resident(app)
    _, stamp = open_form(phone, token_of(other))
    for forged in (stamp, "", "not-a-stamp"):
        response = send(phone, token, ALL, stamp=forged)
        assert response.status_code == 400 and shows(response, "public.form_expired")
    assert count(db, "survey_answers") == 0


@pytest.mark.parametrize("address", ["abc", "A" * 22, "%3Cscript%3E", "x" * 300])
def test_a_forged_address_is_a_page_saying_so(app, token, address):
    phone = resident(app)
    for response in (phone.get(f"/s/{address}"), phone.post(f"/s/{address}", data={}),
                     phone.get(f"/s/{address}/done")):
        assert response.status_code == 404
        assert response.mimetype == "text/html" and shows(response, "public.survey_unknown")


def test_a_survey_past_its_end_is_gone(app, db, token):
    phone = resident(app)
    _, stamp = open_form(phone, token)
    db.execute("UPDATE surveys SET starts_on = ?, ends_on = ?", [day(-10), day(-1)])
    db.conn.commit()
    for response in (phone.get(f"/s/{token}"), send(phone, token, ALL, stamp=stamp)):
        assert response.status_code == 410
        assert shows(response, "public.survey_ended", date=day(-1))
    assert count(db, "survey_answers") == 0


def test_a_survey_not_yet_open_says_when(app, sup, world):
    upcoming = make_survey(sup, world["village"], starts_on=day(3), ends_on=day(9))
    response = resident(app).get(f"/s/{token_of(upcoming)}")
    assert response.status_code == 404
    assert shows(response, "public.survey_upcoming", date=day(3))


def test_too_long_a_comment_comes_back_with_it(app, db, token):
    text = "意" * (rules.COMMENT_MAX + 1)
    response = send(resident(app), token, {"style": "basic"}, comment=text)
    assert response.status_code == 400 and shows(response, "public.survey_check")
    assert shows(response, "field.too_long", max=rules.COMMENT_MAX)
    assert f"{text}</textarea>" in page_text(response)
    assert 'value="basic" checked' in page_text(response)
    assert count(db, "survey_answers") == 0


@pytest.mark.parametrize(("fields", "message"), [
    ({"phone": "1234"}, "field.phone_format"),
    ({"q_style": "excellent"}, "field.not_a_choice"),
    ({"comment": "a\x00b"}, "field.control_characters"),
])
def test_a_bad_field_comes_back_named(app, db, token, fields, message):
    response = send(resident(app), token, {"overall": "satisfied"}, **fields)
    assert response.status_code == 400 and shows(response, message)
    assert count(db, "survey_answers") == 0


def test_without_the_device_cookie_the_form_comes_back_and_then_goes(app, db, token):
    phone = resident(app)
    _, stamp = open_form(phone, token)
    phone.delete_cookie(rules.DEVICE_COOKIE, path="/s/")
    response = send(phone, token, ALL, stamp=stamp, comment="第一次")
    assert response.status_code == 400 and shows(response, "public.survey_cookies")
    assert "第一次</textarea>" in page_text(response)
    assert rules.DEVICE_COOKIE in response.headers["Set-Cookie"]
    fresh = re.search(r'name="stamp" value="([^"]+)"', page_text(response)).group(1)
    assert send(phone, token, ALL, stamp=fresh).status_code == 303
    assert count(db, "survey_answers") == 1


def test_what_residents_and_staff_typed_is_never_markup(app, sup, world, db):
    village = make_node(db, world["county"], kind="township", name="<b>镇</b>")
    evil = make_survey(sup, village, title="<script>alert(1)</script>")
    token = token_of(evil)
    form, _ = open_form(resident(app), token)
    assert "<script>alert(1)" not in page_text(form) and "<b>镇" not in page_text(form)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_text(form)
    comment = "<img src=x onerror=alert(1)>" + "长" * rules.COMMENT_MAX
    refused = send(resident(app), token, ALL, comment=comment)
    assert refused.status_code == 400 and "<img src=x" not in page_text(refused)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page_text(refused)
    phone = resident(app)
    done = phone.get(send(phone, token, ALL).headers["Location"])
    assert "<b>镇" not in page_text(done) and "&lt;b&gt;镇" in page_text(done)
