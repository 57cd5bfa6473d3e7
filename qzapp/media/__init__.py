"""Photos: uploaded by content hash, normalised with Pillow, served to those who may see them."""
from flask import Blueprint

bp = Blueprint("media", __name__)

from . import routes  # noqa: E402,F401
from .images import MAX_BYTES  # noqa: E402,F401  (what one photo may weigh)
from .routes import store  # noqa: E402,F401  (keep a photo sent other than by PUT)
