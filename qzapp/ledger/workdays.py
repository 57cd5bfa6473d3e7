"""The working-day calendar that appeal deadlines (限时办结) count in: China's official holidays
and make-up working days (调休), as the State Council announces them each year, from the
`chinesecalendar` package. The phone gets the same calendar as data (`served`) and only
interprets it (pwa/js/ledger/workdays.js).

Counting works on a running total of workdays from a fixed origin: the Monday-to-Friday days
in closed form, less the weekday holidays, plus the weekend working days (two bisects), so
neither a deadline nor the days left on an old case walks the calendar day by day.
"""
import bisect
import datetime as dt

import chinese_calendar

from .. import clock

# The phone gets the years from two before this one: enough for the deadlines of open cases
# and the overdue count of old ones, in about a kilobyte. Days before them count Mon–Fri there.
SERVED_YEARS_BACK = 2


def _known_span():
    """The first and last years the package has data for."""
    days = [*chinese_calendar.holidays, *chinese_calendar.workdays]
    return min(days).year, max(days).year


_FIRST_YEAR, _LAST_YEAR = _known_span()
# The package lists whole holiday periods (weekends included) and only weekend working days;
# only the exceptions to Monday-to-Friday matter here. A working day wins, as in the package.
_ON = frozenset(day for day in chinese_calendar.workdays if day.weekday() >= 5)
_OFF = frozenset(day for day in chinese_calendar.holidays
                 if day.weekday() < 5 and day not in chinese_calendar.workdays)
_ON_ORDINALS = sorted(day.toordinal() for day in _ON)
_OFF_ORDINALS = sorted(day.toordinal() for day in _OFF)


def known_years():
    """(first, last): the years whose holidays and 调休 the calendar knows."""
    return _FIRST_YEAR, _LAST_YEAR


def is_known(day):
    """Whether day falls in a year whose holidays are known."""
    return _FIRST_YEAR <= day.year <= _LAST_YEAR


def is_workday(day):
    """Whether day is a working day: official ones in known years, Monday–Friday otherwise."""
    if day in _ON:
        return True
    return day.weekday() < 5 and day not in _OFF


def _weekdays_through(ordinal):
    """Monday-to-Friday days from ordinal 1 (a Monday) through ordinal."""
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def _workdays_through(day):
    """Workdays from a fixed origin through day; only differences of it mean anything."""
    ordinal = day.toordinal()
    return (_weekdays_through(ordinal) - bisect.bisect_right(_OFF_ORDINALS, ordinal)
            + bisect.bisect_right(_ON_ORDINALS, ordinal))


def workdays_between(a, b):
    """Workdays d with a < d <= b; when b is before a, minus those with b < d <= a
    (the working days left until deadline b on day a, negative once it is overdue)."""
    return _workdays_through(b) - _workdays_through(a)


def add_workdays(start, n):
    """The n-th workday after start; for n == 0, start itself if a workday, else the next."""
    if n < 0:
        raise ValueError(f"n must not be negative: {n}")
    if n == 0 and is_workday(start):
        return start
    target = _workdays_through(start) + max(n, 1)
    day = start
    # A day adds at most one workday, so stepping by the shortfall never passes the first day
    # that reaches the target, which is then a workday itself.
    while (short := target - _workdays_through(day)) > 0:
        day += dt.timedelta(days=short)
    return day


def served(since_year=None):
    """The calendar as the phone gets it: the weekday holidays ("off") and weekend working
    days ("on") of the known years from since_year (default: two years before this one)."""
    if since_year is None:
        since_year = clock.today().year - SERVED_YEARS_BACK
    first = max(since_year, _FIRST_YEAR)

    def iso_days(days):
        return sorted(day.isoformat() for day in days if day.year >= first)

    return {"first_year": first, "last_year": _LAST_YEAR,
            "off": iso_days(_OFF), "on": iso_days(_ON)}
