"""The summaries the dashboards read (stats_month, visit_firsts, household_follow_ups,
pairing_starts): kept current by triggers in the transaction of every write (migration 0023,
which defines them); rebuilt whole from the records by rebuild(), for a load that ran with the
triggers dropped (the county generator)."""
from migrations.m0023_dashboard_stats import fill


def rebuild(db):
    """Recompute every summary from the records, in the caller's transaction."""
    fill(db)
