"""The phone's store (pwa/js/db.js, real IndexedDB): a pull that passes a record while the
phone's own write of it waits keeps the server's version, so a late answer to that write
does not leave the phone on an older one."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RECORD = "0190d6a0-0000-7000-8000-000000000001"
SCENARIO = """async ([id, late]) => {
    const db = await import('/js/db.js');
    const store = await import('/js/sync-store.js');
    const uid = 990001;
    const record = { entity: 'diary', id, rev: null, data: { id, heard: '我写的' } };
    const mid = await db.writeLocal(uid, record,
        { op: 'put', entity: 'diary', id, base_rev: null, data: { heard: '我写的' } });
    // Another phone wrote on top of this one's write (rev 1), as rev 2: the pull brings it
    // while the answer to this phone's write has not come back.
    await store.applyPullPage(uid, [{ seq: 2, entity: 'diary', id, op: 'put', rev: 2,
        data: { id, heard: '另一台手机改过' } }], 2);
    const waiting = await db.recordGet(uid, 'diary', id);
    await store.applyPushResults(uid, [{ mid, status: 'applied', rev: late }], mid);
    const after = await db.recordGet(uid, 'diary', id);
    return [waiting.data.heard, after.status, after.rev, after.data.heard];
}"""


def test_a_late_answer_does_not_take_the_phone_back(page, server_url):
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert page.evaluate(SCENARIO, [RECORD, 1]) == ["我写的", "synced", 2, "另一台手机改过"]


def test_an_answer_newer_than_the_pull_keeps_the_phones_write(page, server_url):
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert page.evaluate(SCENARIO, [RECORD, 3]) == ["我写的", "synced", 3, "我写的"]
