"""The SQL of community duty, one module per part: every function is reached as
queries.<name> by the domain's modules."""
from ...db import fetch_one
from .checkins import *  # noqa: F403
from .membership import *  # noqa: F403
from .pledges import *  # noqa: F403


def live_row(db, table, record_id):
    """A duty record of table (a name from code, never from a request) that is not deleted,
    or None."""
    return fetch_one(db, f"SELECT * FROM [{table}] WHERE id = ? AND deleted = 0",
                     [str(record_id).lower()])
