"""The surveys in Excel: one survey's results (counts and percentages per question and
choice) with its answers, and the results of every survey of a subtree, a row per unit's
survey, as offices compare units (政风行风评议)."""
import datetime as dt
import json

from .. import clock, xlsx
from ..i18n import t
from . import rules, service

INFO_SHEET = "调查信息"
SUMMARY_SHEET = "结果汇总"
SUMMARY_COLUMNS = ["问题", "选项", "人数", "占比(%)", "回答人数", "满意率(%)"]
ANSWERS_SHEET = "答卷"
SCOPE_SHEET = "满意度汇总"


def zh(key, **values):
    """A text of the catalogue in Chinese (workbooks are filed as they are kept on paper)."""
    return t(key, lang="zh-CN", **values)


def local_time(stored):
    """A stored UTC moment as China's time, to the minute."""
    moment = dt.datetime.fromisoformat(stored.replace("Z", "+00:00")).astimezone(clock.CHINA)
    return moment.strftime("%Y-%m-%d %H:%M")


def _summary_rows(results):
    for question in results["questions"]:
        title = zh(f"survey.question.{question['question']}")
        rate = question["satisfaction"]
        for index, choice in enumerate(question["choices"]):
            first = index == 0
            yield [title if first else None, zh(f"survey.choice.{choice['choice']}"),
                   choice["count"], choice["percent"],
                   question["answered"] if first else None,
                   rate if first and rate is not None else None]


def _answer_rows(survey, answers):
    questions = service.questions_of(survey)
    for number, answer in enumerate(answers, start=1):
        choices = json.loads(answer["choices"] or "{}")
        yield [number, local_time(answer["answered_at"]),
               zh("survey.complete" if answer["complete"] else "survey.partial"),
               *(zh(f"survey.choice.{choices[q]}") if q in choices else None
                 for q in questions),
               answer["comment"]]


def survey_workbook(survey, results, answers):
    """The workbook of one survey: its results, then every answer (answers: streamed rows
    of queries.answers_of), without phones or devices."""
    questions = service.questions_of(survey)
    with xlsx.new_workbook() as book:
        facts = [("单位", survey["node_name"]), ("调查名称", survey["title"]),
                 ("开始日期", survey["starts_on"]), ("结束日期", survey["ends_on"]),
                 ("状态", zh(f"survey.state.{rules.state(survey, clock.today())}")),
                 ("答卷", results["answers"]), ("完整", results["complete"]),
                 ("部分", results["partial"])]
        xlsx.add_sheet(book, INFO_SHEET, ["项目", "内容"], facts, width=24)
        xlsx.add_sheet(book, SUMMARY_SHEET, SUMMARY_COLUMNS, _summary_rows(results), width=16)
        headers = ["序号", "时间", "完整", *(zh(f"survey.question.{q}") for q in questions),
                   "意见建议"]
        xlsx.add_sheet(book, ANSWERS_SHEET, headers, _answer_rows(survey, answers), width=14)
    return book


def scope_workbook(surveys, results_of):
    """The workbook of every survey of a subtree: a row each with its unit, period, answers
    and each question's satisfaction rate (results_of(survey) gives its results)."""
    questions = rules.QUESTIONS
    headers = ["单位", "调查名称", "开始日期", "结束日期", "状态", "答卷", "完整", "部分",
               *(f"{zh(f'survey.question.{q}')}满意率(%)" for q in questions)]

    def rows():
        today = clock.today()
        for survey in surveys:
            results = results_of(survey)
            rates = {q["question"]: q["satisfaction"] for q in results["questions"]}
            yield [survey["node_name"], survey["title"], survey["starts_on"],
                   survey["ends_on"], zh(f"survey.state.{rules.state(survey, today)}"),
                   results["answers"], results["complete"], results["partial"],
                   *(rates.get(q) for q in questions)]

    with xlsx.new_workbook() as book:
        xlsx.add_sheet(book, SCOPE_SHEET, headers, rows(), width=14)
    return book
