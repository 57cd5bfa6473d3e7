"""The phone folds a case as the server does: pwa/js/ledger/fold.js, given the rules the server
serves in /js/rules.js, reaches the same whole state and the same clock as qzapp/ledger/fold.py on every case
of tests/data/ledger_cases.json."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from qzapp.ledger import fold
from tests.test_ledger_fold import CASES, events_of

pytestmark = pytest.mark.browser

FOLD = """async ({ cases }) => {
  const { makeFold } = await import("/js/ledger/fold.js");
  const { default: RULES } = await import("/js/rules.js");
  const ledger = makeFold(RULES.ledger);
  return cases.map(({ events, today }) => {
    const state = ledger.fold(events);
    return { state, clock: ledger.clock(state, today),
             problems: events.map((event, i) => ledger.problem(
               ledger.fold(events.slice(0, i).filter((e) => !e.superseded)), event)) };
  });
}"""


def test_the_phone_folds_every_case_as_the_server_does(page, server_url, page_errors, app):
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    cases = [{"events": events_of(c), "today": c["today"]} for c in CASES]
    phone = page.evaluate(FOLD, {"cases": cases})
    for case, answer in zip(CASES, phone):
        events = events_of(case)
        state = fold.fold(events)
        assert answer["state"] == state, case["name"]
        with app.test_request_context():
            assert answer["clock"] == fold.clock(state, dt.date.fromisoformat(case["today"]))
        expected = [fold.problem(fold.fold([e for e in events[:i] if not e["superseded"]]), e)
                    for i, e in enumerate(events)]
        assert answer["problems"] == expected, case["name"]
