"""The fold on the server, on the table of cases the phone's fold is run on too."""
import datetime as dt
import json
from pathlib import Path

import pytest

from qzapp.ledger import fold, rules

CASES = json.loads((Path(__file__).parent / "data" / "ledger_cases.json").read_text())["cases"]


def events_of(case):
    return [{"case_id": "c0ffee00-0000-4000-8000-000000000001", "superseded": None, **e}
            for e in case["events"]]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_fold_reaches_the_expected_state(case, app):
    state = fold.fold(events_of(case))
    assert {k: state[k] for k in case["expect"]} == case["expect"]
    with app.test_request_context():
        assert fold.clock(state, dt.date.fromisoformat(case["today"])) == case["clock"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_event_of_the_table_is_valid_where_it_stands(case):
    """The table keeps to the rules: each applied event passes problem() on the state before
    it, each superseded one fails it with the reason it carries."""
    state = fold.NOTHING
    for event in sorted(events_of(case), key=lambda e: e["n"]):
        why = fold.problem(state, event)
        assert why == event["superseded"], event
        if why is None:
            state = fold.apply(state, event)


def test_every_kind_of_event_is_in_the_table():
    kinds = {e["kind"] for c in CASES for e in c["events"]}
    assert kinds >= set(rules.TRANSITIONS) - {"note", "reply", "correct"}
