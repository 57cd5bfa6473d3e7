"""Photos: uploaded by content hash, normalised with Pillow, served to those who may see them."""
from flask import Blueprint

bp = Blueprint("media", __name__)

from . import routes  # noqa: E402,F401
