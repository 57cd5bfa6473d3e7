"""0013: the day each daily tick job last covered, so that it looks only at what changed
since (a county's pairings are not walked every minute)."""
from . import migrations


@migrations(name="0013_tick_marks")
def tick_marks(db):
    """Create tick_marks."""
    db.execute("CREATE TABLE tick_marks (job TEXT PRIMARY KEY, day TEXT NOT NULL) WITHOUT ROWID")
