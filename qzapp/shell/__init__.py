"""The PWA shell: serves the front-end files in PWA_DIR and the generated service worker."""
from flask import Blueprint

bp = Blueprint("shell", __name__)

from . import routes  # noqa: E402,F401  (registers the routes on bp)
