"""Accounts, login, roles and scope."""
from flask import Blueprint
from flask_login import LoginManager

bp = Blueprint("auth", __name__, url_prefix="/api/auth")
login_manager = LoginManager()

from . import csrf, models, routes  # noqa: E402,F401
from .models import current_scope, roles_required  # noqa: E402,F401


def init_app(app):
    """Sign-in, the CSRF check, and the must-change-password guard."""
    login_manager.init_app(app)
    csrf.init_app(app)
    app.before_request(models.require_password_change)
