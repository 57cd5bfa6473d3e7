"""0014: the ledger list's own index: a county supervisor's page of 200,000 cases, its counts
and its total are read from it alone, in the list's order, rather than from every case row."""
from . import migrations


@migrations(name="0014_cases_ledger_index")
def cases_ledger_index(db):
    """Create cases_ledger (the columns the ledger filters, orders and counts by)."""
    db.execute("CREATE INDEX cases_ledger ON cases(node_id, status, category, channel, urgency,"
               " kind, received_at, id, backlog, escalation_level, accept_by, close_by, deleted)")
