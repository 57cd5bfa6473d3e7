"""The signed codes of service posts: the QR code printed on a post's poster, and the short code
printed under it for phones whose camera will not read it.

The QR code holds QZD1:<post id>:<year>:<sig>, sig the first 10 characters of the base32 of
HMAC-SHA256(SECRET_KEY, "duty-post:<post id>:<year>"): only the server can make one, so a code
cannot be forged, and one copied from another post names that post. The short code is ten
characters of Crockford's base32 (no I, L, O or U to misread), printed as XXXX-XXXXXX: four
that name the post (the last 20 bits of its id, so the phone can match it against the posts it
knows, offline) and six of the same HMAC (30 bits). The phone checks a code's shape only; its
signature is the server's to check, at sync."""
import base64
import hashlib
import hmac
import re

from flask import current_app

PREFIX = "QZD1"
SIG_LENGTH = 10
# Crockford's base32: digits and letters, less those a hand or an eye confuses.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
POST_PART = 4      # 20 bits of the post's id
SIG_PART = 6       # 30 bits of the signature
SHORT_LENGTH = POST_PART + SIG_PART
# What a typed code may hold before it is read: O for 0, I and L for 1, spaces and dashes.
TYPED_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_TYPED_DROP = re.compile(r"[\s\-_.·]")
PAYLOAD_RE = re.compile(rf"{PREFIX}:([0-9a-f-]{{36}}):(\d{{4}}):([A-Z2-7]{{{SIG_LENGTH}}})")
SHORT_RE = re.compile(rf"[{CROCKFORD}]{{{SHORT_LENGTH}}}")


def _digest(post_id, year):
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"duty-post:{post_id}:{year}".encode(), hashlib.sha256).digest()


def _crockford(number, length):
    """number's lowest 5 × length bits as Crockford characters, most significant first."""
    return "".join(CROCKFORD[(number >> (5 * i)) & 31] for i in reversed(range(length)))


def payload(post_id, year):
    """What a post's QR code holds for year."""
    sig = base64.b32encode(_digest(post_id, year)).decode()[:SIG_LENGTH]
    return f"{PREFIX}:{post_id}:{year}:{sig}"


def post_part(post_id):
    """The four characters of a short code that name the post: the last 20 bits of its id
    (the phone reads them the same way from the posts it has)."""
    return _crockford(int(post_id.replace("-", "")[-5:], 16), POST_PART)


def post_hex(part):
    """The last five hex digits of the ids of posts a short code's first part names."""
    number = 0
    for char in part:
        number = number * 32 + CROCKFORD.index(char)
    return f"{number:05x}"


def short_code(post_id, year):
    """The post's code to type, ten characters (printed as XXXX-XXXXXX)."""
    sig = int.from_bytes(_digest(post_id, year)[:4], "big") >> 2
    return post_part(post_id) + _crockford(sig, SIG_PART)


def printed(code):
    """A short code as the poster prints it: XXXX-XXXXXX."""
    return f"{code[:POST_PART]}-{code[POST_PART:]}"


def parse(text):
    """What a scanned or typed code says by its shape: ("payload", post id, year, sig),
    ("short", post part, None, the whole code), or None when it is no code of ours."""
    text = (text or "").strip()
    match = PAYLOAD_RE.fullmatch(text)
    if match:
        return "payload", match[1], int(match[2]), match[3]
    typed = _TYPED_DROP.sub("", text).upper().translate(TYPED_FIXES)
    if SHORT_RE.fullmatch(typed):
        return "short", typed[:POST_PART], None, typed
    return None


def verify(text):
    """(post id, year) of a genuine QR payload, or None (not ours, or a forged signature)."""
    parsed = parse(text)
    if parsed is None or parsed[0] != "payload":
        return None
    _, post_id, year, sig = parsed
    if not hmac.compare_digest(payload(post_id, year), f"{PREFIX}:{post_id}:{year}:{sig}"):
        return None
    return post_id, year


def short_matches(text, post_id, year):
    """Whether a typed code is the short code of the post for year."""
    parsed = parse(text)
    return parsed is not None and parsed[0] == "short" and hmac.compare_digest(
        parsed[3], short_code(post_id, year))


def served():
    """What the phone needs to check a code's shape and read the post it names (offline)."""
    return {"prefix": PREFIX, "sig_length": SIG_LENGTH, "alphabet": CROCKFORD,
            "post_part": POST_PART, "short_length": SHORT_LENGTH,
            "typed_fixes": {"O": "0", "I": "1", "L": "1"}}
