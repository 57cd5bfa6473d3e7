"""0011: how many working days before a deadline a case is warned, per deadline rule (the
default when a rule leaves it empty)."""
from . import migrations


@migrations(name="0011_deadline_warnings")
def deadline_warnings(db):
    """Add deadline_rules.warn_days."""
    db.execute("ALTER TABLE deadline_rules ADD COLUMN warn_days INTEGER")
