"""Time: stored in UTC as ISO text, shown and reasoned about in Asia/Shanghai."""
import datetime as dt
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def now():
    """The current moment, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


def now_iso():
    """The current moment as stored: 2026-11-26T20:41:51.123Z."""
    return iso(now())


def iso(moment):
    """A UTC moment as stored."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def today():
    """Today's date in China."""
    return now().astimezone(CHINA).date()
