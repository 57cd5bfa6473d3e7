"""The mix of a generated county's ledger: the channels its cases come by, and the shares of
the fates they meet (per cent weights, or fractions of the cases)."""

# Channels of the cases not raised from a diary, and their shares (per cent). The hotline,
# letters and the web come to the county's desk; receptions to a township or the county's
# leaders; matters to a village's or community's service window (F14).
BROUGHT_CHANNELS = (("hotline", 28), ("online_form", 12), ("email", 4), ("microblog", 6),
                    ("reception", 16), ("leader_reception", 8), ("service_window", 26))
DESK_CHANNELS = frozenset({"hotline", "online_form", "email", "microblog"})
OFFICE_CHANNELS = frozenset({"reception", "leader_reception", "service_window"})
DESK_CADRES = 8                # county cadres who take the desk's cases in
URGENCIES = (("normal", 80), ("urgent", 16), ("critical", 4))
HOUSEHOLD_SHARE = 0.4          # brought cases whose person is a household of the register
PHONE_SHARE = 0.85
MEDIATED = frozenset({"dispute", "land", "environment"})
MEDIATION_KINDS = (("people", 6), ("administrative", 3), ("judicial", 1))
MEDIATION_OUTCOMES = (("agreed", 7), ("failed", 1), ("ongoing", 2))
CLOSE_RESULTS = (("resolved", 75), ("partly", 13), ("explained", 12))
SATISFACTION = ((("satisfied", 70), ("basic", 22), ("unsatisfied", 8)),     # when first rated
                (("satisfied", 55), ("basic", 33), ("unsatisfied", 12)))    # after a reopen

# The fates of cases.
ACCEPT_LATE_SHARE = 0.04       # accepted after the day to accept by
CLOSE_LATE_SHARE = 0.07        # closed after the day to close by
STUCK_SHARE = 0.025            # never closed: the county's old overdue cases
DESK_TRANSFER_SHARE = 0.85     # the desk's cases handed on to the village or township
COUNTY_TRANSFER_SHARE = 0.12   # of other cases taken in at the county
LOCAL_TRANSFER_SHARE = 0.03    # of cases taken in below it, handed up to the township
RETURN_SHARE = 0.05            # transfers sent back by whom they went to
ASSIGN_SHARE = {"county": 0.5, "township": 0.6, "village": 0.25, "grid": 0.0}
NOTES = (0, 1, 1, 1, 1, 2, 2, 2, 3)
REPLIES = (0, 1, 1, 1, 2)
MEDIATE_SHARE = 0.4
CORRECT_SHARE = 0.02           # notes their author corrects
DUPLICATE_CLOSE_SHARE = 0.01   # closed by the handler and, offline, by the owner too
RATED_SHARE = 0.85
RATED_BY_SUPERVISOR_SHARE = 0.35
REOPEN_SHARE = 0.012           # closed cases a supervisor reopens
BACKLOG_SHARE = 0.7            # of stuck cases, and of cases closed very late a tenth of it
TAKE_SHARE = 0.25              # of stuck cases (leaders take them on), a fifth of it of late
