"""The public side (requirements F4, F12): pages a resident opens without an account, from a
poster's QR code on the village notice board, in any phone's browser (WeChat's included).

Pages are HTML made on the server, with no script at all, small enough for a 2G line; each
refusal is a page that says in Chinese what to do."""
from flask import Blueprint

from .. import tick
from . import limits

bp = Blueprint("public", __name__, template_folder="templates")


@tick.job("public_hits")
def forget_old_hits(db, day):
    """The tick forgets the public forms' hits older than any limit's window."""
    return limits.prune(db)


from . import board, poster, resident, routes  # noqa: E402,F401
