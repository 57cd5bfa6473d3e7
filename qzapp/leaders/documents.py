"""Research reports as documents: PUT /api/leaders/documents/<sha256> stores a PDF or Word
file a leader sends (with a connection), checked to be what it claims by its bytes, not by its
name or Content-Type; GET serves it to whoever sent it and to whoever may read a report that
names it.
"""
import hashlib
import io
import zipfile
from pathlib import Path

from flask import abort, current_app, request, send_file
from flask_login import current_user, login_required

from ..auth import roles_required
from ..clock import now_iso
from ..db import get_db, immediate
from ..errors import ApiError, ok
from ..i18n import t
from ..media.routes import write_file
from ..validate import HashList
from . import access, bp, queries, rules

MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc": "application/msword"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def kind_of(data):
    """What a document's bytes are (pdf, docx, doc), or None: a PDF's header, a Word 2007+
    package (a zip holding word/document.xml), a Word 97-2003 compound file."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        return "docx" if {"word/document.xml", "[Content_Types].xml"} <= names else None
    if data.startswith(OLE_MAGIC):
        return "doc"
    return None


def document_path(sha, kind):
    """Where a document lives, beside the photos."""
    return Path(current_app.config["MEDIA_DIR"]) / "documents" / sha[:2] / f"{sha}.{kind}"


def sent_by(db, user_id, sha):
    """Whether the user has sent the document's bytes."""
    return queries.document_sent_by(db, user_id, sha)


@bp.put("/documents/<sha>")
@login_required
@roles_required(*rules.LEADERS)
def upload(sha):
    """Store the document whose SHA-256 is sha; idempotent for whoever has sent it."""
    if not HashList.HEX.fullmatch(sha):
        raise ApiError(400, t("leaders.document_bad_hash"), "bad_hash")
    db = get_db()
    if sent_by(db, current_user.id, sha):
        return ok(document=queries.document(db, sha))
    if request.content_length and request.content_length > rules.DOCUMENT_MAX_BYTES:
        raise _too_large()
    data = request.get_data(cache=False)
    if len(data) > rules.DOCUMENT_MAX_BYTES:
        raise _too_large()
    if hashlib.sha256(data).hexdigest() != sha:
        raise ApiError(400, t("leaders.document_hash_mismatch"), "hash_mismatch")
    kind = kind_of(data)
    if kind is None:
        raise ApiError(415, t("leaders.document_kind"), "not_document")
    write_file(document_path(sha, kind), data, what="leaders.document")
    with immediate(db):
        queries.record_document(db, {"sha256": sha, "kind": kind, "bytes": len(data),
                                     "created_by": current_user.id, "created_at": now_iso()})
    return ok(201, document=queries.document(db, sha))


def _too_large():
    return ApiError(413, t("leaders.document_too_large",
                           mb=rules.DOCUMENT_MAX_BYTES // (1024 * 1024)), "too_large")


@bp.get("/documents/<sha>")
@login_required
def download(sha):
    """The document, for its sender or a reader of a report that names it (as that report's
    file name); 404 to anyone else, as for a document that does not exist."""
    if not HashList.HEX.fullmatch(sha):
        abort(404)
    db = get_db()
    found = queries.document(db, sha)
    reports = [r for r in queries.reports_naming(db, sha) if access.may_read(db, current_user, r)]
    if found is None or not (sent_by(db, current_user.id, sha) or reports):
        abort(404)
    path = document_path(sha, found["kind"])
    if not path.is_file():
        abort(404)
    name = reports[0]["document_name"] if reports else f"{sha[:12]}.{found['kind']}"
    if not name.lower().endswith(f".{found['kind']}"):
        name = f"{name}.{found['kind']}"
    return send_file(path, mimetype=MIME[found["kind"]], as_attachment=True,
                     download_name=name, max_age=0)
