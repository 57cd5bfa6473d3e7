"""The one JSON shape for answers and errors, and the handlers that enforce it."""
import sqlite3

from flask import current_app, jsonify, redirect, request, url_for
from werkzeug.exceptions import HTTPException

from .db import WriterBusy
from .i18n import t

# Chinese message keys for HTTP errors that carry no message of ours.
STATUS_MESSAGES = {
    400: "error.bad_request",
    401: "error.unauthorized",
    403: "error.forbidden",
    404: "error.not_found",
    405: "error.method_not_allowed",
    413: "error.too_large",
    415: "error.unsupported_media_type",
    429: "error.rate_limited",
    500: "error.server",
}
STATUS_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large",
    415: "unsupported_media_type", 429: "rate_limited", 500: "server_error",
}


class ApiError(Exception):
    """An error answered as {"ok": false, "error", "code", "errors"} with an HTTP status."""

    def __init__(self, status, message, code=None, errors=None, **extra):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or STATUS_CODES.get(status, "error")
        self.errors = errors or []
        self.extra = extra


def invalid(field, message):
    """The 400 of a request with one bad field."""
    return ApiError(400, t("error.validation"), "validation",
                    [{"field": field, "message": message}])


def ok(status=200, **data):
    """A successful JSON answer."""
    return jsonify({"ok": True, **data}), status


def error_response(status, message, code=None, errors=None, **extra):
    """An error JSON answer in the one shape."""
    body = {"ok": False, "error": message, "code": code or STATUS_CODES.get(status, "error"),
            "errors": errors or [], **extra}
    return jsonify(body), status


def wants_json():
    """API paths and photos answer a missing login in JSON; a page sends the browser to the
    login screen instead."""
    return request.path.startswith(("/api/", "/media/"))


def _handle_api_error(err):
    body, status = error_response(err.status, err.message, err.code, err.errors, **err.extra)
    wait = err.extra.get("retry_after")
    return body, status, {"Retry-After": str(wait)} if wait else {}


def _handle_http(err):
    """Every HTTP error in the one JSON shape; only a page that needs a login redirects."""
    if err.code == 401 and not wants_json():
        return redirect(url_for("shell.index", _anchor="/login", next=request.full_path))
    key = STATUS_MESSAGES.get(err.code)
    message = t(key) if key else (err.description or err.name)
    headers = {"Retry-After": err.retry_after} if getattr(err, "retry_after", None) else {}
    body, status = error_response(err.code, message)
    return body, status, headers


def _handle_writer_busy(err):
    """A write that did not get its turn in time: the phone comes back after Retry-After."""
    # Worth an operator's look: a writer that holds the lock this long is stuck or too big.
    current_app.logger.warning("no turn to write for %s %s: %s", request.method, request.path,
                               err)
    body, status = error_response(503, t("error.writer_busy"), "writer_busy")
    return body, status, {"Retry-After": str(current_app.config["WRITER_RETRY_AFTER_SECONDS"])}


def _handle_sqlite(err):
    """SQLite's "database is locked" (a writer outside the queue kept its lock) is busy too."""
    if (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF == sqlite3.SQLITE_BUSY:
        return _handle_writer_busy(err)
    if current_app.config.get("TESTING"):
        raise err
    return _handle_unexpected(err)


def _handle_unexpected(err):
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, t("error.server"))


def init_app(app):
    """Register the handlers."""
    app.register_error_handler(ApiError, _handle_api_error)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(WriterBusy, _handle_writer_busy)
    app.register_error_handler(sqlite3.OperationalError, _handle_sqlite)
    if not app.config.get("TESTING"):
        app.register_error_handler(Exception, _handle_unexpected)
