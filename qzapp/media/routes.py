"""PUT /api/media/<sha256> stores a photo; GET /media/<sha256>.jpg serves it.

Knowing a photo's hash proves nothing: only its bytes do. Whoever has sent them (media_owners)
may attach the photo to records and see it; others see it only in a record they may see.
"""
import contextlib
import errno
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
from . import bp, queries
from .images import MAX_BYTES, BadImage, normalise

SHA_RE = HashList.HEX
# A full disk, quota or file-size limit is the server's state, not the request's fault:
# 507, and the phone keeps the photo and sends it again later.
STORAGE_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def media_path(sha, thumb=False):
    """Where a normalised photo (or its thumbnail) lives under MEDIA_DIR."""
    folder = Path(current_app.config["MEDIA_DIR"]) / sha[:2]
    return folder / f"{sha}{'.thumb' if thumb else ''}.jpg"


@bp.put("/api/media/<sha>")
@login_required
def upload(sha):
    """Store the photo whose SHA-256 is sha; idempotent for whoever has sent its bytes."""
    if not SHA_RE.fullmatch(sha):
        raise ApiError(400, t("media.bad_hash"), "bad_hash")
    db = get_db()
    owned = _owned(db, sha)
    if owned is not None:
        return ok(media=_public(owned))
    # A photo someone else sent is stored again from these bytes, exactly as a new one:
    # the answer (and the time it takes) must not tell whether it was here already.
    store(db, sha, _verified_bytes(sha), current_user.id)
    return ok(201, media=_public(_owned(db, sha)))


def store(db, sha, data, owner_id):
    """Normalise and keep a photo's bytes (whose SHA-256 is sha) as sent by owner_id, in a
    write of its own; an ApiError when they are not a photo or cannot be kept."""
    photo, (width, height), thumb = _normalised(data)
    write_file(media_path(sha), photo)
    write_file(media_path(sha, thumb=True), thumb)
    with immediate(db):
        queries.record_upload(db, {"sha256": sha, "bytes": len(photo), "width": width,
                                   "height": height, "created_by": owner_id,
                                   "created_at": now_iso()})


def _owned(db, sha):
    """The photo's row when the signed-in user has sent its bytes, else None."""
    return queries.owned(db, current_user.id, sha)


def _verified_bytes(sha):
    """The request's body, if it is within the size limit and its SHA-256 is sha."""
    if request.content_length and request.content_length > MAX_BYTES:
        raise ApiError(413, t("media.too_large", mb=MAX_BYTES // (1024 * 1024)), "too_large")
    data = request.get_data(cache=False)
    if hashlib.sha256(data).hexdigest() != sha:
        raise ApiError(400, t("media.hash_mismatch"), "hash_mismatch")
    return data


def _normalised(data):
    """normalise(data), its refusals answered as 415 (not an image) or 400."""
    try:
        return normalise(data)
    except BadImage as bad:
        raise ApiError(415 if bad.key == "media.not_image" else 400, t(bad.key, **bad.values),
                       bad.key.split(".")[1]) from None


def write_file(path, data, what="media"):
    """Write a file atomically: never a half-written photo (or document), and no temporary
    file left behind when the write fails (a full disk answers 507). what: the catalogue's
    prefix of the messages that say so (media.storage_full, media.storage_failed)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")   # one per upload
    except OSError as err:
        raise _storage_error(err, what) from None
    replaced = False
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
        replaced = True
    except OSError as err:
        raise _storage_error(err, what) from None
    finally:
        if not replaced:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _storage_error(err, what):
    """The answer to a file the server could not save; logged, for it is the server's fault."""
    current_app.logger.error("could not store a file: %s", err)
    if err.errno in STORAGE_FULL:
        return ApiError(507, t(f"{what}.storage_full"), "storage_full")
    return ApiError(500, t(f"{what}.storage_failed"), "storage_failed")


def _public(row):
    return {k: row[k] for k in ("sha256", "bytes", "width", "height")}


@bp.get("/media/<sha>.jpg")
@bp.get("/media/<sha>.thumb.jpg", endpoint="thumbnail")
@login_required
def serve(sha):
    """A photo for whoever has sent its bytes or may see a record that shows it."""
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
    if _owned(db, sha) is not None:
        return True
    return any(changes.may_see(db, current_user, entity, record_id)
               for entity, record_id in queries.records_showing(db, sha))
