"""What a public form checks before it reads what was typed: that it was filled in by a person
on a page we served (a signed stamp of when the page was made, not too soon and not too
old), and that the field only robots see (the honeypot) is empty."""
import time

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .page import PublicError

# The field a person never sees (hidden by the stylesheet, labelled for screen readers to
# leave empty) and a robot fills in.
HONEYPOT = "website"
STAMP = "stamp"


def _signer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="public-form")


def stamp(form):
    """The signed stamp a page puts in its form (named form): when it was made."""
    return _signer().dumps({"form": form, "at": time.time()})


def check(form):
    """Refuse a submission that did not come from a person filling in our form named form:
    a page too old or not ours (400), sent too fast or with the honeypot filled (400)."""
    config = current_app.config
    try:
        made = _signer().loads(request.form.get(STAMP, ""),
                               max_age=config["PUBLIC_FORM_MAX_AGE_SECONDS"])
    except BadSignature:
        raise PublicError(400, "public.form_expired") from None
    if not isinstance(made, dict) or made.get("form") != form:
        raise PublicError(400, "public.form_expired")
    if request.form.get(HONEYPOT):
        raise PublicError(400, "public.form_refused")
    if time.time() - made["at"] < config["PUBLIC_MIN_FILL_SECONDS"]:
        raise PublicError(400, "public.too_fast")
