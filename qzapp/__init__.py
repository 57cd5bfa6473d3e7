"""群众工作通 (qzapp): the Flask application factory."""
import os
import secrets
from pathlib import Path

from flask import Flask

from . import config as default_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    """Build the app: defaults, then instance/config.py, then QZ_* env, then test_config."""
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    # UTF-8 Chinese is half the bytes of \u escapes on a slow line; key order is not needed.
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.config.from_object(default_config)
    app.config["PWA_DIR"] = str(ROOT / "pwa")
    app.config["DATABASE"] = os.path.join(app.instance_path, "qzapp.db")
    app.config["MEDIA_DIR"] = os.path.join(app.instance_path, "media")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("QZ")
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    _ensure_secret_key(app)
    _apply_cookie_settings(app)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    from . import auth, db, errors, http, i18n
    http.init_app(app)
    db.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    _register_blueprints(app)
    from . import cli
    cli.init_app(app)
    if app.config["MIGRATE_ON_START"]:
        db.migrate(app)
    return app


def _register_blueprints(app):
    """Attach every domain's blueprint."""
    from . import diary, duty, leaders, ledger, reports  # noqa: F401  (register their sync entities)
    from .auth import bp as auth_bp
    from .diary import bp as diary_bp
    from .duty import bp as duty_bp
    from .home import bp as home_bp
    from .households import bp as households_bp
    from .jobs import bp as jobs_bp
    from .leaders import bp as leaders_bp
    from .ledger import bp as ledger_bp
    from .media import bp as media_bp
    from .notify import bp as notify_bp
    from .org import bp as org_bp
    from .public import bp as public_bp
    from .reports import bp as reports_bp
    from .shell import bp as shell_bp
    from .surveys import bp as surveys_bp
    from .surveys import pages as survey_pages_bp
    from .sync import bp as sync_bp
    for bp in (auth_bp, org_bp, home_bp, households_bp, diary_bp, sync_bp, media_bp,
               shell_bp, jobs_bp, ledger_bp, notify_bp, public_bp, surveys_bp, survey_pages_bp,
               duty_bp, leaders_bp, reports_bp):
        app.register_blueprint(bp)


def _ensure_secret_key(app):
    """Use the configured key, else one kept in instance/secret_key (made once)."""
    if app.config.get("SECRET_KEY"):
        return
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    app.config["SECRET_KEY"] = path.read_text().strip()


def _apply_cookie_settings(app):
    """Session and remember-me cookies: HttpOnly, SameSite=Lax, Secure behind https."""
    https = bool(app.config["HTTPS"])
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=https,
        REMEMBER_COOKIE_DURATION=app.config["REMEMBER_DAYS"] * 86400,
        PERMANENT_SESSION_LIFETIME=app.config["REMEMBER_DAYS"] * 86400,
    )
