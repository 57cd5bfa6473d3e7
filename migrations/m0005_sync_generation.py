"""0005: the database's generation, a random number that a restore from backup renews: a
phone that last spoke to another generation bridges its mutation numbers and pulls again."""
from . import migrations


@migrations(name="0005_sync_generation")
def sync_generation(db):
    """Give the database its first generation (a positive integer JavaScript holds exactly)."""
    db.execute("INSERT INTO sync_meta (key, value)"
               " VALUES ('generation', abs(random()) % 9007199254740991 + 1)")
