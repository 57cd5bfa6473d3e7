"""Numbered, forward-only schema migrations on one sqlite-utils Migrations set.

Never edit a migration that has shipped; add the next number instead.
Migrations never import application code.
"""
from sqlite_utils import Migrations

migrations = Migrations("qzapp")

from . import (
    m0001_org_and_accounts,  # noqa: F401
    m0002_sync_and_media,  # noqa: F401
    m0003_households_pairings,  # noqa: F401
    m0004_sessions_access_media_owners,  # noqa: F401
    m0005_sync_generation,  # noqa: F401
    m0006_changes_audience_indexes,  # noqa: F401
    m0007_jobs,  # noqa: F401
    m0008_households_register_order,  # noqa: F401
    m0009_cases,  # noqa: F401
    m0010_service_windows,  # noqa: F401
    m0011_deadline_warnings,  # noqa: F401
    m0012_notifications,  # noqa: F401
    m0013_tick_marks,  # noqa: F401
    m0014_cases_ledger_index,  # noqa: F401
    m0015_public_side,  # noqa: F401
    m0016_surveys,  # noqa: F401
    m0017_duty_posts_shifts,  # noqa: F401
    m0018_duty_checkins,  # noqa: F401
    m0019_duty_teams_pledges,  # noqa: F401
    m0020_leaders,  # noqa: F401
    m0021_receptions,  # noqa: F401
    m0022_warnings,  # noqa: F401
    m0023_dashboard_stats,  # noqa: F401
)
