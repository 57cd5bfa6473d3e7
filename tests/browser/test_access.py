"""When what an account may see changes, the phone follows on its next sync: what left its
scope leaves the phone, full phone and ID numbers included, and the new scope's older
records arrive."""
import pytest
from playwright.sync_api import expect

from qzapp.demo import DEMO_PASSWORD

from .helpers import SAVE_TIMEOUT, badge, log_in, rows, wait_for_first_sync

pytestmark = pytest.mark.browser

HELD = """async (uid) => {
    const db = await import('/js/db.js');
    return (await db.recordsOf(uid, 'household')).map((r) => [r.data.node_id, r.data.phone]);
}"""


def village_ids(database, name):
    """The ids of a village and its grids."""
    return {r["id"] for r in rows(database, "SELECT n.id FROM org_nodes n JOIN org_nodes v ON"
                                  " n.path >= v.path AND n.path < v.path || '~'"
                                  " WHERE v.name = ?", [name])}


def as_admin(new_context, url):
    """An API session of the demo administrator (its own browser context)."""
    request = new_context().request
    answer = request.post(url + "/api/auth/login", headers={"X-Requested-With": "qzapp"},
                          data={"username": "admin", "password": DEMO_PASSWORD})
    assert answer.ok
    return request


def test_a_secretary_moved_to_another_village_keeps_nothing_of_the_old_one(
        page, new_context, server_url, live_app, accounts):
    database = live_app.config["DATABASE"]
    qingshan, shiqiao = village_ids(database, "青山村"), village_ids(database, "石桥村")
    log_in(page, server_url, "secretary")
    wait_for_first_sync(page)
    uid = accounts["secretary"]["id"]
    held = page.evaluate(HELD, uid)
    assert held and {node for node, _ in held} <= qingshan
    assert any(phone and "*" not in phone for _, phone in held)   # kept in full: their own

    admin = as_admin(new_context, server_url)
    moved = admin.patch(f"{server_url}/api/users/{uid}", headers={"X-Requested-With": "qzapp"},
                        data={"node_id": min(shiqiao)})
    assert moved.ok, moved.text()

    before = badge(page).get_attribute("data-last-ok")
    badge(page).click()
    page.get_by_role("button", name="立即同步").click()
    expect(badge(page)).not_to_have_attribute("data-last-ok", before, timeout=SAVE_TIMEOUT)
    held = page.evaluate(HELD, uid)
    assert held and {node for node, _ in held} <= shiqiao    # the new village's older records
    marks = ",".join("?" * len(shiqiao))
    stored = rows(database, f"SELECT count(*) AS n FROM households WHERE node_id IN ({marks})",
                  sorted(shiqiao))[0]["n"]
    assert len(held) == stored
