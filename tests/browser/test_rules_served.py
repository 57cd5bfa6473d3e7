"""The phone's modules read the server's served rules (/js/rules.js) under the right names: a
misspelt key is no link error (tests/browser/test_modules.py) but an undefined rule."""
import pytest
from playwright.sync_api import expect

from qzapp.diary import entity as diary
from qzapp.households import entity as household
from qzapp.households import pairing
from qzapp.households import rules as households

pytestmark = pytest.mark.browser

EXPORTS = """async () => {
    const [roles, rules, diary, fields] = await Promise.all([
        import("/js/roles.js"), import("/js/households/rules.js"),
        import("/js/diary-fields.js"), import("/js/record-fields.js")]);
    return {roles: {...roles}, rules: {...rules}, diary: {...diary}, fields: {...fields}};
}"""


def exports(page, server_url):
    """The data the phone's rule modules export, as the browser sees them."""
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    return page.evaluate(EXPORTS)


def test_the_phone_applies_the_servers_rules(page, server_url):
    """Roles, household rules, diary kinds, limits and fields are the Python constants."""
    found = exports(page, server_url)
    assert sorted(found["roles"]["DIARY_WRITERS"]) == sorted(diary.WRITERS)
    assert sorted(found["roles"]["REGISTER_KEEPERS"]) == sorted(households.REGISTER_KEEPERS)
    assert sorted(found["roles"]["REGISTER_WRITERS"]) == sorted(household.WRITERS)
    assert found["roles"]["PAIRABLE_ROLES"] == list(pairing.PAIRABLE_ROLES)
    assert {name: found["rules"][name] for name in (
        "ROTATION_DUE_MONTHS", "ROTATION_OVERDUE_MONTHS", "OLDEST_BIRTH_YEAR",
        "REVEALS_PER_WINDOW", "REVEAL_WINDOW_MINUTES")} == {
        name: getattr(households, name) for name in (
            "ROTATION_DUE_MONTHS", "ROTATION_OVERDUE_MONTHS", "OLDEST_BIRTH_YEAR",
            "REVEALS_PER_WINDOW", "REVEAL_WINDOW_MINUTES")}
    assert found["rules"]["DIFFICULTY_TYPES"] == list(households.DIFFICULTY_TYPES)
    assert found["diary"]["KINDS"] == list(diary.KINDS)
    assert found["diary"]["ACTIVITY_TYPES"] == list(diary.ACTIVITY_TYPES)
    assert found["diary"]["MAX_PHOTOS"] == diary.FIELDS["photos"].max_items
    assert found["fields"]["DIARY_FIELDS"] == list(diary.FIELDS)
    assert found["fields"]["HOUSEHOLD_FIELDS"] == list(household.FIELDS)


def test_a_changed_rule_reaches_the_phone(page, server_url, monkeypatch):
    """The phone checks with what the server holds now, not with a copy."""
    monkeypatch.setattr(households, "REVEALS_PER_WINDOW", 7)
    assert exports(page, server_url)["rules"]["REVEALS_PER_WINDOW"] == 7
