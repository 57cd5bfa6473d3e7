"""The residents' pages of a survey (no account): the form, with the unit and its questions,
an optional comment and phone; the answer kept, partial or whole, once per phone and per
device; the thanks. Every refusal is a page in Chinese with a 4xx, and a refused form comes
back with what was typed in it."""
from flask import current_app, redirect, request, url_for

from ..clock import today
from ..db import get_db
from ..i18n import t
from ..public import forms, limits, page
from ..public.page import PublicError
from ..validate import text_problem, trimmed
from . import pages, queries, rules, service

# The form's inputs besides the questions (each question is "q_<code>").
COMMENT, PHONE = "comment", "phone"


page.answer_refusals(pages)


def _survey(token):
    """The survey at token while residents may answer it; a 404 page for an address that
    is no survey's (or not yet open), a 410 page for one that is over."""
    survey = queries.survey_by_token(get_db(), token) if service.is_token(token) else None
    if survey is None:
        raise PublicError(404, "public.survey_unknown")
    state = rules.state(survey, today())
    if state == "upcoming":
        raise PublicError(404, "public.survey_upcoming", date=survey["starts_on"])
    if state == "ended":
        raise PublicError(410, "public.survey_ended", date=survey["ends_on"])
    if state == "closed":
        raise PublicError(410, "public.survey_closed")
    return survey


def _device():
    """The device cookie the form set, or None when absent or not ours."""
    value = request.cookies.get(rules.DEVICE_COOKIE)
    return value if service.is_token(value) else None


def _form_name(survey):
    return f"survey-{survey['id']}"


def _form(survey, status=200, values=None, errors=None, message=None):
    """The survey's form (values and errors: what was sent and what is wrong with it), with
    a device cookie when the browser holds none."""
    device = _device()
    response = page.page(
        "surveys/form.html", status=status, survey=survey,
        questions=service.questions_of(survey), choices=rules.CHOICES,
        values=values or {}, errors=errors or {}, message=message,
        stamp=forms.stamp(_form_name(survey)), comment_max=rules.COMMENT_MAX)
    if device is None:
        response.set_cookie(
            rules.DEVICE_COOKIE, service.new_token(),
            max_age=rules.DEVICE_COOKIE_DAYS * 86400, path="/s/", httponly=True,
            samesite="Lax", secure=bool(current_app.config["HTTPS"]))
    return response


def _refuse_second(survey, device, phone=None):
    """A 409 page when this device (or phone) has answered the survey."""
    by = queries.answered_by(get_db(), survey["id"], service.key_of("device", device),
                             service.key_of("phone", phone))
    if by:
        raise PublicError(409, f"public.survey_answered_{by}")


@pages.get("/s/<token>")
def form(token):
    """The survey's form; a page saying so when this device has answered it."""
    survey = _survey(token)
    device = _device()
    if device is not None:
        _refuse_second(survey, device)
    return _form(survey)


def read_answer(survey):
    """(answer {choices, comment, phone}, values as typed, errors {field: message}) of the
    form sent."""
    values = {key: request.form.get(key, "") for key in (COMMENT, PHONE)}
    choices, errors = {}, {}
    for question in service.questions_of(survey):
        value = request.form.get(f"q_{question}", "")
        values[f"q_{question}"] = value
        if value in rules.CHOICES:
            choices[question] = value
        elif value:
            errors[f"q_{question}"] = t("field.not_a_choice")
    if not choices and not errors:
        errors["questions"] = t("public.survey_none_answered")
    comment = trimmed(values[COMMENT])
    problem = text_problem(comment, lines=True)
    if problem is None and len(comment) > rules.COMMENT_MAX:
        problem = t("field.too_long", max=rules.COMMENT_MAX)
    if problem:
        errors[COMMENT] = problem
    phone = None
    if values[PHONE].strip():
        phone = service.normalised_phone(values[PHONE])
        if phone is None:
            errors[PHONE] = t("field.phone_format")
    return {"choices": choices, "comment": comment or None, "phone": phone}, values, errors


@pages.post("/s/<token>")
def answer(token):
    """Keep a resident's answer, then thank them; a refused one comes back as the form with
    what was typed and why (400), or as a page saying why (409, 429)."""
    survey = _survey(token)
    forms.check(_form_name(survey))
    answer, values, errors = read_answer(survey)
    device = _device()
    if errors:
        return _form(survey, 400, values, errors, t("public.survey_check"))
    if device is None:   # the form's cookie did not come back: it is set again with the form
        return _form(survey, 400, values, {}, t("public.survey_cookies"))
    db = get_db()
    address = request.remote_addr or "unknown"
    counted = [("survey-address-hour", address, rules.ANSWERS_PER_ADDRESS_HOUR, 3600),
               ("survey-address-day", address, rules.ANSWERS_PER_ADDRESS_DAY, 86400)]
    _refuse_second(survey, device, answer["phone"])
    limits.check(db, counted)
    try:
        service.store_answer(db, survey, answer, device, counted)
    except service.AlreadyAnswered as err:
        raise PublicError(409, f"public.survey_answered_{err.by}") from None
    return redirect(url_for("survey_pages.done", token=token), 303)


@pages.get("/s/<token>/done")
def done(token):
    """The thanks, after an answer was kept."""
    survey = queries.survey_by_token(get_db(), token) if service.is_token(token) else None
    if survey is None:
        raise PublicError(404, "public.survey_unknown")
    return page.page("surveys/done.html", survey=survey)
