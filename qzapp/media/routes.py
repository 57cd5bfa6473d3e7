"""PUT /api/media/<sha256> stores a photo; GET /media/<sha256>.jpg serves it."""
import hashlib
import os
import tempfile
from pathlib import Path

from flask import abort, current_app, request, send_file
from flask_login import current_user, login_required

from ..clock import now_iso
from ..db import get_db, immediate
from ..errors import ApiError, ok
from ..i18n import t
from ..sync import changes
from ..validate import HashList
from . import bp
from .images import MAX_BYTES, BadImage, normalise

SHA_RE = HashList.HEX


def media_path(sha, thumb=False):
    """Where a normalised photo (or its thumbnail) lives under MEDIA_DIR."""
    folder = Path(current_app.config["MEDIA_DIR"]) / sha[:2]
    return folder / f"{sha}{'.thumb' if thumb else ''}.jpg"


@bp.put("/api/media/<sha>")
@login_required
def upload(sha):
    """Store the photo whose SHA-256 is sha; idempotent; answers its stored size."""
    if not SHA_RE.fullmatch(sha):
        raise ApiError(400, t("media.bad_hash"), "bad_hash")
    db = get_db()
    known = next(db.query("SELECT * FROM media WHERE sha256 = ?", [sha]), None)
    if known:
        return ok(media=_public(known))
    if request.content_length and request.content_length > MAX_BYTES:
        raise ApiError(413, t("media.too_large", mb=MAX_BYTES // (1024 * 1024)), "too_large")
    data = request.get_data(cache=False)
    if hashlib.sha256(data).hexdigest() != sha:
        raise ApiError(400, t("media.hash_mismatch"), "hash_mismatch")
    try:
        photo, (width, height), thumb = normalise(data)
    except BadImage as bad:
        raise ApiError(415 if bad.key == "media.not_image" else 400, t(bad.key, **bad.values),
                       bad.key.split(".")[1]) from None
    _write(media_path(sha), photo)
    _write(media_path(sha, thumb=True), thumb)
    row = {"sha256": sha, "bytes": len(photo), "width": width, "height": height,
           "created_by": current_user.id, "created_at": now_iso()}
    with immediate(db):
        db["media"].insert(row, ignore=True)
    return ok(201, media=_public(row))


def _write(path, data):
    """Write a file atomically: never a half-written photo."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")   # one per upload
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def _public(row):
    return {k: row[k] for k in ("sha256", "bytes", "width", "height")}


@bp.get("/media/<sha>.jpg")
@bp.get("/media/<sha>.thumb.jpg", endpoint="thumbnail")
@login_required
def serve(sha):
    """A photo for its uploader or anyone who may see a record that shows it."""
    if not SHA_RE.fullmatch(sha) or not _may_view(get_db(), sha):
        abort(404)
    path = media_path(sha, thumb=request.path.endswith(".thumb.jpg"))
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=0)
    # Not kept by the browser's own cache: another user of the phone must ask (and be
    # refused); the service worker keeps photos per signed-in user.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _may_view(db, sha):
    row = db.execute("SELECT created_by FROM media WHERE sha256 = ?", [sha]).fetchone()
    if row is None:
        return False
    if row[0] == current_user.id:
        return True
    refs = db.execute("SELECT entity, record_id FROM media_refs WHERE sha256 = ?", [sha])
    return any(changes.may_see(db, current_user, e, r) for e, r in refs.fetchall())
