"""Hours served in Excel, as communities and party organisations keep them on paper: every
record (who, where, when, how long, flags, status), the totals per member and year, and the
totals per community and year."""
import datetime as dt

from .. import clock, xlsx
from ..i18n import t
from . import hours as hours_module

RECORDS_SHEET = "服务时长"
RECORDS_COLUMNS = ["年度", "社区", "党员", "所在党组织", "岗位", "签到时间", "签退时间", "分钟",
                   "小时", "异常标记", "状态", "驳回理由", "审核人", "审核时间"]
MEMBERS_SHEET = "党员时长汇总"
MEMBERS_COLUMNS = ["年度", "党员", "所在党组织", "社区", "已确认小时", "待确认小时", "已驳回小时",
                   "记录数"]
COMMUNITIES_SHEET = "社区时长汇总"
COMMUNITIES_COLUMNS = ["年度", "社区", "党员人数", "已确认小时", "待确认小时", "已驳回小时",
                       "记录数"]


def zh(key, **values):
    """A text of the catalogue in Chinese (workbooks are filed as they are kept on paper)."""
    return t(key, lang="zh-CN", **values)


def _time(moment):
    """A moment (an event's ISO text, or a stored UTC stamp) as China's time, to the minute."""
    if not moment:
        return None
    parsed = dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return parsed.astimezone(clock.CHINA).strftime("%Y-%m-%d %H:%M")


def _hours(minutes):
    return round((minutes or 0) / 60, 2)


def _record_rows(records):
    for r in records:
        flags = "、".join(zh(f"duty.flag.{f}") for f in hours_module.as_list(r["flags"]))
        yield [r["year"], r["community"], r["member_name"], r["member_org"], r["post_title"],
               _time(r["started_at"]), _time(r["ended_at"]), r["minutes"], _hours(r["minutes"]),
               flags or None, zh(f"duty.hours.status.{r['status']}"), r["reason"],
               r["decided_by_name"], _time(r["decided_at"])]


def hours_workbook(records, by_member, by_community):
    """The workbook of a scope's hours: records, totals per member, totals per community."""
    with xlsx.new_workbook() as book:
        xlsx.add_sheet(book, RECORDS_SHEET, RECORDS_COLUMNS, _record_rows(records))
        xlsx.add_sheet(book, MEMBERS_SHEET, MEMBERS_COLUMNS, (
            [r["year"], r["member_name"], r["member_org"], r["community"],
             _hours(r["confirmed"]), _hours(r["pending"]), _hours(r["rejected"]), r["records"]]
            for r in by_member))
        xlsx.add_sheet(book, COMMUNITIES_SHEET, COMMUNITIES_COLUMNS, (
            [r["year"], r["community"], r["members"], _hours(r["confirmed"]),
             _hours(r["pending"]), _hours(r["rejected"]), r["records"]] for r in by_community))
    return book
