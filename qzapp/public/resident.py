"""A resident's appeal sent from the village's board without an account, the private link
that follows it, and the rating sent through that link (F4, F12). Each refusal is a page in
Chinese; what was typed is shown again to be corrected, never lost."""
import hashlib

from flask import redirect, request, url_for

from .. import media
from ..db import get_db, immediate
from ..errors import ApiError
from ..i18n import t
from ..ledger import online, rules
from ..sync.registry import Reject
from ..validate import Str, check
from . import bp, forms, limits, page
from .board import village_row
from .page import PublicError

HOUR, DAY = 3600, 86400
COMMENT_MAX = 500
TEXT_MIN = 5
FIELDS = {
    "category": Str(choices=rules.CATEGORIES),
    "text": Str(max_len=rules.TEXT_MAX, lines=True),
    "name": Str(required=False, max_len=rules.PERSON_NAME_MAX),
    "phone": Str(required=False, max_len=rules.PERSON_PHONE_MAX),
}
RATING = {"satisfaction": Str(choices=rules.SATISFACTION),
          "comment": Str(required=False, max_len=COMMENT_MAX, lines=True)}


def _appeal_limits(phone):
    """Appeals an address may send in an hour and a day, and a phone number in a day."""
    address = request.remote_addr
    return [("appeal_address", address, 5, HOUR), ("appeal_address_day", address, 20, DAY),
            ("appeal_phone", phone, 3, DAY)]


def _form(village, status=200, values=None, errors=None, error=None):
    return page.page("public/appeal.html", status=status, village=village,
                     stamp=forms.stamp("appeal"), categories=rules.CATEGORIES,
                     values=values or {}, errors=errors or {}, error=error,
                     text_max=rules.TEXT_MAX, name_max=rules.PERSON_NAME_MAX,
                     phone_max=rules.PERSON_PHONE_MAX)


# One rule for both methods: a path werkzeug refuses (a number beyond SQLite's) is a 404 for
# either, never a 405 of the other rule.
@bp.route("/board/<int:node_id>/appeal", methods=["GET", "POST"])
def appeal_form(node_id):
    """The form a resident sends an appeal to the village with (GET), and its sending."""
    if request.method == "GET":
        return _form(village_row(get_db(), node_id))
    return _send_appeal(node_id)


def _send_appeal(node_id):
    """Receive the resident's appeal into the ledger and send them to its private link."""
    db = get_db()
    village = village_row(db, node_id)
    forms.check("appeal")
    values = {name: request.form.get(name, "") for name in FIELDS}
    fields, errors = check(values, FIELDS)
    errors = {e["field"]: e["message"] for e in errors}
    errors.update(_own_problems(fields, errors))
    photo = request.files.get("photo")
    data = photo.read(media.MAX_BYTES + 1) if photo and photo.filename else b""
    if len(data) > media.MAX_BYTES:
        errors["photo"] = t("media.too_large", mb=media.MAX_BYTES // (1024 * 1024))
    if errors:
        return _form(village, 400, values, errors, t("public.fix_errors"))
    limit = _appeal_limits(fields.get("phone"))
    limits.check(db, limit)
    photos = []
    if data:
        sha = hashlib.sha256(data).hexdigest()
        try:
            media.store(db, sha, data, online.receiver_of(db, village))
        except ApiError as refused:
            return _form(village, refused.status if refused.status < 500 else 400, values,
                         {"photo": refused.message}, t("public.fix_errors"))
        except online.NoReceiver:
            raise PublicError(409, "public.no_receiver") from None
        photos.append(sha)
    try:
        with immediate(db):
            limits.check(db, limit)
            _case_id, token, _code = online.receive(db, village, fields, photos)
            limits.count(db, limit)
    except online.NoReceiver:
        raise PublicError(409, "public.no_receiver") from None
    return redirect(url_for("public.track", token=token, new=1), 303)


def _own_problems(fields, errors):
    """What the fields' own checks leave out: a text too short to act on, a phone number
    that is not one."""
    problems = {}
    if "text" not in errors and len(fields.get("text") or "") < TEXT_MIN:
        problems["text"] = t("public.text_too_short", n=TEXT_MIN)
    phone = fields.get("phone")
    if phone and not (set(phone) <= set(rules.PHONE_CHARACTERS)
                      and sum(c.isdigit() for c in phone) >= 7):
        problems["phone"] = t("case.phone_digits")
    return problems


def _tracked(token):
    """The tracking row and case of a private link; a page saying it is unknown or expired."""
    db = get_db()
    row, case = online.tracked(db, token)
    if row is None:
        raise PublicError(404, "public.track_unknown")
    if case is None:
        raise PublicError(410, "public.track_expired")
    return db, row, case


def _track_page(token, status=200, error=None):
    db, row, case = _tracked(token)
    return page.page("public/track.html", status=status, token=token, code=row["code"],
                     progress=online.progress(db, case), new=request.args.get("new") == "1",
                     link=page.public_url("public.track", token=token),
                     stamp=forms.stamp("rate"), satisfaction=rules.SATISFACTION, error=error,
                     comment_max=COMMENT_MAX)


@bp.get("/track/<token>")
def track(token):
    """A resident's case as it stands, and the rating form once it is closed."""
    return _track_page(token)


@bp.post("/track/<token>/rate")
def rate(token):
    """The resident's rating of their closed case; 不满意 reopens it (once) by the ledger's
    rule."""
    db, _row, case = _tracked(token)
    forms.check("rate")
    fields, errors = check({k: request.form.get(k, "") for k in RATING}, RATING)
    if errors:
        return _track_page(token, 400, errors[0]["message"])
    limit = [("rate_address", request.remote_addr, 20, HOUR)]
    limits.check(db, limit)
    try:
        with immediate(db):
            online.rate(db, case["id"], fields["satisfaction"], fields.get("comment"))
            limits.count(db, limit)
    except Reject as refused:
        key = ("public.rated_already" if str(refused) == "case.problem.rated_already"
               else "public.rate_open")
        raise PublicError(409, key, back=url_for("public.track", token=token)) from None
    return redirect(url_for("public.track", token=token), 303)
