"""The person on a case, role by role and route by route: in full for those who handle the
case (its owner, the village's keepers), masked for other readers, absent for everyone else."""
import pytest

from tests.factories import new_id, put
from tests.test_privacy import ROLES, answer_text, village  # noqa: F401  (the fixture)

PERSON = ("赵大海", "13912345678")
HANDLERS = ("gridw", "sec", "staff")
LEDGER = {"full": HANDLERS, "masked": ("sup", "admin", "leader")}
ROUTES = {
    "/api/cases": LEDGER,
    "/api/cases/{id}": LEDGER,
    "/api/cases/export.xlsx": LEDGER,
    "/api/sync/pull": LEDGER,
    "/api/cases/mine": {"full": ("gridw",), "masked": ()},
}


@pytest.fixture
def case(api, village):  # noqa: F811
    """A case the grid worker took in about the household, naming the person."""
    api.as_user("gridw")
    case_id = new_id()
    answer = api.push([put(1, new_id(), {
        "case_id": case_id, "kind": "receive", "at": "2026-11-20T09:00:00+08:00",
        "data": {"channel": "hotline", "category": "housing", "text": "屋顶漏雨无人管",
                 "person_name": PERSON[0], "person_phone": PERSON[1],
                 "household_id": village["household"]["id"]}}, entity="case_event")],
        device="phone-gridw-01")
    assert answer.json["results"][0]["status"] == "applied", answer.json
    api.logout()
    return case_id


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("username", ROLES)
def test_the_person_on_a_case_by_role_and_route(api, village, case, username, route):  # noqa: F811
    api.as_user(username)
    response = api.get(route.format(id=case))
    assert response.status_code in (200, 403, 404), response.json
    text = answer_text(response) if response.status_code == 200 else ""
    full = username in ROUTES[route]["full"]
    for value in PERSON:
        assert (value in text) is full, (username, value, text)
    assert ("赵*" in text) is (username in ROUTES[route]["masked"]), (username, text)
    if username not in ROUTES[route]["full"] + ROUTES[route]["masked"]:
        assert "屋顶漏雨无人管" not in text
