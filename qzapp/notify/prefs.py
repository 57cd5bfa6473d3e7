"""A user's notification preferences: which kinds also push, and quiet hours (Asia/Shanghai)
during which pushes wait; the inbox entry is always written."""
import datetime as dt
import json
import re

from ..clock import CHINA
from ..i18n import t
from . import queries
from .kinds import KINDS

DEFAULT_QUIET = ("22:00", "07:00")
_HOUR = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


class Prefs:
    """What a user chose (or the defaults)."""

    def __init__(self, row=None):
        kinds = json.loads(row["push_kinds"]) if row and row["push_kinds"] is not None else None
        self.push_kinds = None if kinds is None else set(kinds)
        self.quiet = (row["quiet_start"], row["quiet_end"]) if row else DEFAULT_QUIET

    def pushes(self, kind):
        """Whether a notice of this kind is also pushed."""
        return KINDS[kind].push if self.push_kinds is None else kind in self.push_kinds

    def release_at(self, moment):
        """When a push made at moment (aware) may go: then, or when quiet hours end."""
        local = moment.astimezone(CHINA)
        start, end = (dt.time.fromisoformat(v) for v in self.quiet)
        now = local.time()
        quiet = (start <= now or now < end) if start > end else (start <= now < end)
        if start == end or not quiet:
            return moment
        release = dt.datetime.combine(local.date(), end, CHINA)
        if release <= local:
            release += dt.timedelta(days=1)
        return release

    def as_json(self):
        kinds = sorted(KINDS)
        chosen = [k for k in kinds if self.pushes(k)]
        return {"push_kinds": chosen, "kinds": kinds, "quiet_start": self.quiet[0],
                "quiet_end": self.quiet[1]}


def of(db, user_id):
    """The preferences of a user."""
    return Prefs(queries.prefs(db, user_id))


def of_many(db, user_ids):
    """{user_id: Prefs} for users."""
    rows = queries.prefs_of(db, user_ids)
    return {user_id: Prefs(rows.get(user_id)) for user_id in user_ids}


def problems(body):
    """[{field, message}] of preferences a phone sends: {push_kinds: [...], quiet_start,
    quiet_end}."""
    errors = []
    kinds = body.get("push_kinds")
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        errors.append({"field": "push_kinds", "message": t("field.not_list")})
    elif set(kinds) - set(KINDS):
        errors.append({"field": "push_kinds", "message": t(
            "notify.unknown_kinds", kinds="、".join(sorted(set(kinds) - set(KINDS))))})
    for name in ("quiet_start", "quiet_end"):
        value = body.get(name)
        if not isinstance(value, str) or not _HOUR.fullmatch(value):
            errors.append({"field": name, "message": t("notify.bad_hour")})
    unknown = set(body) - {"push_kinds", "quiet_start", "quiet_end"}
    errors += [{"field": name, "message": t("field.unknown")} for name in sorted(unknown)]
    return errors


def save(db, user_id, body, stamp):
    """Store checked preferences."""
    queries.save_prefs(db, user_id, json.dumps(sorted(set(body["push_kinds"]))),
                       body["quiet_start"], body["quiet_end"], stamp)
