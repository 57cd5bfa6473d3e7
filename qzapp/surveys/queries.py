"""The SQL of the satisfaction surveys: surveys, their answers, and the counts their results
are made of."""
from .. import paging
from ..db import execute, execute_many, fetch_all, fetch_one, fetch_tuples, fetch_value, insert

# A survey with its unit's name and how many answered it (all, and every question).
_LISTED = ("SELECT s.*, n.name AS node_name, u.name AS creator_name,"
           " (SELECT count(*) FROM survey_answers a WHERE a.survey_id = s.id) AS answers,"
           " (SELECT count(*) FROM survey_answers a WHERE a.survey_id = s.id"
           "  AND a.complete = 1) AS complete"
           " FROM surveys s JOIN org_nodes n ON n.id = s.node_id"
           " LEFT JOIN users u ON u.id = s.created_by")


def insert_survey(db, row):
    """Store a new survey; its id."""
    return insert(db, "surveys", row)


def survey(db, survey_id):
    """One survey with its unit's name and its answer counts, or None."""
    return fetch_one(db, f"{_LISTED} WHERE s.id = ?", [survey_id])


def survey_by_token(db, token):
    """The survey whose public address holds token, with its unit's name, or None."""
    return fetch_one(db, "SELECT s.*, n.name AS node_name FROM surveys s JOIN org_nodes n"
                         " ON n.id = s.node_id WHERE s.token = ?", [token])


def surveys_page(db, subtree, page):
    """A page of the surveys of units in subtree (a Scope), newest first."""
    after, after_params = paging.after_sql(("s.created_at", "s.id"), page, descending=True)
    scope_sql, scope_params = subtree.where("s.node_id")
    rows = fetch_all(db, f"{_LISTED} WHERE {scope_sql} AND {after}"
                         " ORDER BY s.created_at DESC, s.id DESC LIMIT ?",
                     [*scope_params, *after_params, page.limit + 1])
    total = fetch_value(db, f"SELECT count(*) FROM surveys s WHERE {scope_sql}", scope_params)
    return paging.answer(rows, page, lambda r: (r["created_at"], r["id"]), total)


def surveys_in(db, subtree):
    """Every survey of units in subtree, by unit and then newest first (for the export)."""
    scope_sql, scope_params = subtree.where("s.node_id")
    return fetch_all(db, f"{_LISTED} WHERE {scope_sql} ORDER BY n.path, s.created_at DESC,"
                         " s.id DESC", scope_params)


def close_survey(db, survey_id, user_id, at):
    """Close a survey early; whether it was open to close."""
    return execute(db, "UPDATE surveys SET closed_at = ?, closed_by = ? WHERE id = ? AND"
                       " closed_at IS NULL", [at, user_id, survey_id]).rowcount == 1


def answered_by(db, survey_id, device_key, phone_key):
    """"device" or "phone" when that device or phone has answered the survey, else None."""
    row = fetch_one(db, "SELECT device_key = ? AS same_device FROM survey_answers WHERE"
                        " survey_id = ? AND (device_key = ? OR phone_key = ?)"
                        " ORDER BY same_device DESC LIMIT 1",
                    [device_key, survey_id, device_key, phone_key])
    if row is None:
        return None
    return "device" if row["same_device"] else "phone"


def insert_answer(db, row, choices):
    """Store an answer and its choices ({question: choice}); its id."""
    answer_id = insert(db, "survey_answers", row)
    execute_many(db, "INSERT INTO survey_choices (answer_id, survey_id, question, choice)"
                     " VALUES (?, ?, ?, ?)",
                 [(answer_id, row["survey_id"], q, c) for q, c in choices.items()])
    return answer_id


def choice_counts(db, survey_id):
    """(question, choice, count) of a survey's answers: one GROUP BY over the results
    index."""
    return fetch_tuples(db, "SELECT question, choice, count(*) FROM survey_choices"
                            " WHERE survey_id = ? GROUP BY question, choice", [survey_id])


def choice_counts_in(db, subtree):
    """(survey_id, question, choice, count) of the answers to every survey of units in
    subtree (a Scope)."""
    scope_sql, scope_params = subtree.where("s.node_id")
    return fetch_tuples(db, "SELECT c.survey_id, c.question, c.choice, count(*) FROM"
                            " survey_choices c JOIN surveys s ON s.id = c.survey_id"
                            f" WHERE {scope_sql} GROUP BY c.survey_id, c.question, c.choice",
                        scope_params)


def answers_of(db, survey_id):
    """A survey's answers in the order they came, each with its choices as a JSON object
    {question: choice}: streamed, one row at a time."""
    cursor = execute(   # a read commits nothing; execute hands its cursor back
        db, "SELECT a.id, a.answered_at, a.complete, a.comment,"
        " (SELECT json_group_object(c.question, c.choice) FROM survey_choices c"
        "  WHERE c.answer_id = a.id) AS choices"
        " FROM survey_answers a WHERE a.survey_id = ? ORDER BY a.id", [survey_id])
    try:
        names = [c[0] for c in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))
    finally:
        cursor.close()
