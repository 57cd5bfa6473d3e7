"""The phone side of sync in a real browser: offline diaries with photos, a server killed in
the middle of a push, refused writes, and two users sharing one phone."""
import io
import json
import time
import uuid

import pytest
from PIL import Image
from playwright.sync_api import expect

from qzapp.db import connect
from qzapp.demo import DEMO_PASSWORD
from tests.images import phone_jpeg

from .helpers import (
    SAVE_TIMEOUT,
    badge,
    known_ids,
    log_in,
    new_rows,
    rows,
    wait_for_first_sync,
    wait_for_picture,
    wait_for_synced,
    wait_for_worker,
)

pytestmark = pytest.mark.browser


def write_diary(page, heard, photo=None, place="青山村3组"):
    """Open 民情日记 → 写民情日记, fill a visit, save, and land back on the list."""
    page.get_by_role("link", name="民情日记", exact=True).click()
    page.locator(".screen-diary").get_by_role("link", name="写民情日记").click()
    expect(page.locator(".diary-form")).to_be_visible()
    page.get_by_label("地点").fill(place)
    page.get_by_label("听到的民情").fill(heard)
    if photo is not None:
        page.locator("[data-photo-input]").set_input_files(str(photo))
        expect(page.locator(".photo-tile img")).to_have_count(1)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".screen-diary")).to_be_visible()


def diary_ids(database):
    return known_ids(database, "diaries")


def new_diaries(database, known, columns="*"):
    return new_rows(database, "diaries", known, columns, order_by="heard")


# --- (1) a diary with a photo written offline -------------------------------------------------

def test_offline_diary_with_photo_syncs_once(page, context, server_url, live_app, tmp_path):
    """Written offline it shows with its thumbnail and 1 waiting, survives an offline reload,
    and once online reaches the server exactly once, its photo upright and without EXIF."""
    heard = "王大爷反映饮水管道老化，夏天经常停水"
    photo = tmp_path / "visit.jpg"
    photo.write_bytes(phone_jpeg())
    database = live_app.config["DATABASE"]
    known = diary_ids(database)
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    context.set_offline(True)
    write_diary(page, heard, photo)

    card = page.locator(".diary-card").filter(has_text=heard)
    expect(card).to_have_count(1)
    expect(card.locator(".status-pending")).to_have_text("待同步")
    wait_for_picture(card.locator(".thumbs img"))
    expect(badge(page)).to_have_attribute("data-pending", "1")
    expect(badge(page)).to_have_text("1")

    response = page.reload()
    assert response.from_service_worker
    expect(card).to_have_count(1)
    wait_for_picture(card.locator(".thumbs img"))
    expect(badge(page)).to_have_attribute("data-pending", "1")

    context.set_offline(False)
    wait_for_synced(page)
    expect(card.locator(".status")).to_have_count(0)
    diaries = new_diaries(database, known)
    assert len(diaries) == 1
    assert diaries[0]["heard"] == heard and diaries[0]["place"] == "青山村3组"
    # The phone named it with a UUID v7 led by the moment it was written.
    (made,) = diary_ids(database) - known
    assert uuid.UUID(made).version == 7
    assert abs((uuid.UUID(made).int >> 80) / 1000 - time.time()) < 600
    shas = json.loads(diaries[0]["photos"])
    assert len(shas) == 1
    assert [m["sha256"] for m in rows(database, "SELECT sha256 FROM media")] == shas

    stored = page.request.get(f"{server_url}/media/{shas[0]}.jpg")
    assert stored.ok
    image = Image.open(io.BytesIO(stored.body()))
    assert not image.getexif() and "exif" not in image.info
    width, height = image.size
    assert height > width  # the fixture is stored landscape with "rotate 90°" in EXIF
    top = image.getpixel((width // 2, height // 4))
    bottom = image.getpixel((width // 2, 3 * height // 4))
    assert top[0] > 200 and top[2] < 60, top  # red on top after rotation
    assert bottom[2] > 200 and bottom[0] < 60, bottom


# --- (2) the server dies in the middle of a push ------------------------------------------------

def test_server_killed_during_push_duplicates_nothing(page, context, app_process):
    """The server applies a batch and dies before answering; after a restart the phone, on
    its own back-off timer, sends the same mids again and every diary exists exactly once."""
    texts = [f"第{n}户反映村道路灯不亮" for n in range(1, 4)]
    known = diary_ids(app_process.database)
    page.clock.install()   # time flows as usual; fast_forward jumps to the retry
    log_in(page, app_process.url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    context.set_offline(True)
    for text in texts:
        write_diary(page, text)
    expect(badge(page)).to_have_attribute("data-pending", "3")

    answered = []

    def apply_then_die(route):
        answered.append(route.fetch().status)  # the server stores the batch ...
        app_process.kill()  # ... and is killed before the phone hears back
        route.abort("connectionreset")

    page.route("**/api/sync/push", apply_then_die)
    with page.expect_event("requestfailed", lambda r: "/api/sync/push" in r.url):
        context.set_offline(False)
    assert answered == [200]
    assert len(new_diaries(app_process.database, known)) == 3
    expect(badge(page)).to_have_attribute("data-pending", "3")

    page.unroute("**/api/sync/push")
    app_process.start()
    page.clock.fast_forward("02:00")   # retries come 30 s after a failure, then 60 s ...
    wait_for_synced(page)
    badge(page).click()
    expect(page.locator(".pending-entry")).to_have_count(0)
    expect(page.get_by_text("没有等待同步的记录")).to_be_visible()
    stored = new_diaries(app_process.database, known, "heard")
    assert [r["heard"] for r in stored] == sorted(texts)
    devices = rows(app_process.database, "SELECT last_mid FROM sync_devices")
    assert [d["last_mid"] for d in devices] == [3]
    assert page.evaluate("""async () => {
        const db = await import("/js/db.js");
        const me = (await import("/js/session.js")).currentUser();
        return (await db.outboxEntries(me.id)).length;
    }""") == 0


# --- (3) writes the server refuses ---------------------------------------------------------------

QUEUE = """async ([heard, extra, daysAhead]) => {
    const outbox = await import("/js/outbox.js");
    const fields = await import("/js/diary-fields.js");
    const when = fields.fromLocalInput(fields.toLocalInput(Date.now() + daysAhead * 86400000));
    return outbox.saveLocal("diary", {kind: "visit", occurred_at: when, heard, ...extra});
}"""


def test_refused_write_shows_its_reason_and_can_be_fixed_or_discarded(
        page, server_url, live_app):
    """Writes only the server can judge are refused with their Chinese reasons; 放弃 removes
    one, 修改后重新提交 corrects the other and the server applies it."""
    database = live_app.config["DATABASE"]
    known = diary_ids(database)
    log_in(page, server_url, "cadre")
    wait_for_first_sync(page)
    stranger = page.evaluate(QUEUE, ["李大姐家门口排水沟堵塞", {"household_id": str(uuid.uuid4())}, 0])
    # A phone whose clock runs a day fast: only the server knows the date is in the future.
    fixed = page.evaluate(QUEUE, ["张大爷想了解医保报销", {}, 2])
    expect(badge(page)).to_have_attribute("data-rejected", "2", timeout=SAVE_TIMEOUT)
    expect(badge(page)).to_have_attribute("data-state", "error")
    assert new_diaries(database, known) == []

    badge(page).click()
    refused = page.locator(".rejected-entry")
    expect(refused).to_have_count(2)
    household = refused.filter(has_text="李大姐家门口排水沟堵塞")
    expect(household).to_contain_text("请检查填写的内容")
    expect(household.locator(".field-messages")).to_have_text("走访户：找不到该户，或您无权查看")
    future = refused.filter(has_text="张大爷想了解医保报销")
    expect(future.locator(".field-messages")).to_have_text("走访时间：日期不能晚于今天")

    page.once("dialog", lambda dialog: dialog.accept())
    household.get_by_role("button", name="放弃").click()
    expect(refused).to_have_count(1)
    expect(badge(page)).to_have_attribute("data-rejected", "1")

    future.get_by_role("link", name="修改后重新提交").click()
    expect(page.locator(".diary-form .notice")).to_contain_text("服务器退回了这条记录")
    expect(page.locator("[data-error-for=occurred_at]")).to_have_text("日期不能晚于今天")
    expect(page.get_by_label("听到的民情")).to_have_value("张大爷想了解医保报销")
    today = page.evaluate("import('/js/diary-fields.js').then(f => f.toLocalInput())")
    page.get_by_label("走访时间").fill(today)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".screen-sync")).to_be_visible()
    wait_for_synced(page)
    expect(badge(page)).to_have_attribute("data-rejected", "0")
    expect(page.locator(".rejected-entry")).to_have_count(0)
    stored = new_diaries(database, known, "id, heard")
    assert stored == [{"id": fixed, "heard": "张大爷想了解医保报销"}]

    page.get_by_role("link", name="民情日记", exact=True).click()
    expect(page.locator(f".diary-card[data-id='{fixed}']")).to_have_count(1)
    expect(page.locator(f".diary-card[data-id='{fixed}'] .status")).to_have_count(0)
    expect(page.locator(f".diary-card[data-id='{stranger}']")).to_have_count(0)


# --- (3b) a first sync of many pages -----------------------------------------------------------

def test_first_sync_of_many_pages_brings_every_record(page, server_url, live_app, accounts):
    """Over 1,200 diaries of the village reach the secretary's phone in pages of 500, the
    next page asked for while one is stored; the phone ends holding each of them once."""
    from tests.factories import make_diary
    database = live_app.config["DATABASE"]
    db = connect(database)
    try:
        village = next(db["org_nodes"].rows_where("name = ?", ["青山村"]))
        for i in range(1200):
            make_diary(db, accounts["secretary"], village, heard=f"第{i}条民情")
    finally:
        db.close()
    server = live_app.test_client()   # what the server gives the secretary, in one page
    assert server.post("/api/auth/login", json={"username": "secretary", "password":
                       DEMO_PASSWORD}, headers={"X-Requested-With": "qzapp"}).status_code == 200
    answer = server.get("/api/sync/pull?since=0&limit=5000").json
    assert answer["more"] is False
    visible = {c["id"] for c in answer["changes"] if c["entity"] == "diary"}
    assert len(visible) > 1200
    log_in(page, server_url, "secretary")
    wait_for_first_sync(page)
    held = page.evaluate("""async (uid) => {
        const db = await import('/js/db.js');
        const diaries = await db.recordsOf(uid, 'diary');
        return {ids: diaries.map((d) => d.id), cursor: await db.stateGet(uid, 'cursor')};
    }""", accounts["secretary"]["id"])
    assert len(held["ids"]) == len(set(held["ids"]))
    assert set(held["ids"]) == visible
    assert held["cursor"] == answer["next"]


# --- (4) two users on one phone ------------------------------------------------------------------

def test_another_user_neither_sees_nor_sends_the_first_users_outbox(page, context, server_url,
                                                                    live_app, accounts):
    """The login expires with a diary unsent; the next user on the phone sees and sends none
    of it; when the first user signs in again it is still there and syncs."""
    heard = "低保户赵大娘反映房屋漏雨"
    database = live_app.config["DATABASE"]
    known = diary_ids(database)
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    context.set_offline(True)
    write_diary(page, heard)
    expect(badge(page)).to_have_attribute("data-pending", "1")

    page.evaluate("""caches.open("qz-media")
        .then(cache => cache.put("/media/first-users-photo.thumb.jpg", new Response("jpeg")))""")
    context.clear_cookies()  # the login runs out while the phone is offline
    context.set_offline(False)
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert new_diaries(database, known) == []

    log_in(page, server_url, "leader")
    wait_for_first_sync(page)
    expect(badge(page)).to_have_attribute("data-pending", "0")
    page.get_by_role("link", name="民情日记", exact=True).click()
    expect(page.locator(".empty")).to_be_visible()
    expect(page.locator(".diary-card")).to_have_count(0)
    expect(page.get_by_text(heard)).to_have_count(0)
    badge(page).click()
    expect(page.get_by_text("没有等待同步的记录")).to_be_visible()
    assert new_diaries(database, known) == []
    assert page.evaluate('caches.has("qz-media")') is False  # no photos of the first user

    page.get_by_role("link", name="我的").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()

    log_in(page, server_url, "cadre")
    wait_for_synced(page)
    stored = new_diaries(database, known, "heard, created_by")
    assert stored == [{"heard": heard, "created_by": accounts["cadre"]["id"]}]
    page.get_by_role("link", name="民情日记", exact=True).click()
    expect(page.locator(".diary-card").filter(has_text=heard)).to_have_count(1)


# --- drafts and the phone's own checks -----------------------------------------------------------

def test_unsaved_input_survives_closing_the_app(page, server_url, live_app, tmp_path):
    """What is typed (and photographed) is kept as a draft and restored after a reload; the
    phone's own checks answer in Chinese next to the fields and save nothing."""
    photo = tmp_path / "draft.jpg"
    photo.write_bytes(phone_jpeg())
    database = live_app.config["DATABASE"]
    known = diary_ids(database)
    log_in(page, server_url, "cadre")
    wait_for_first_sync(page)
    page.get_by_role("link", name="民情日记", exact=True).click()
    page.locator(".screen-diary").get_by_role("link", name="写民情日记").click()
    page.get_by_label("地点").fill("石桥村5组")
    page.get_by_label("回访日期").fill("2000-01-01")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("[data-error-for=heard]")).to_have_text(
        "请至少填写“听到的民情”或“做了什么”之一")
    expect(page.locator("[data-error-for=follow_up_date]")).to_have_text(
        "回访日期不能早于走访日期")
    expect(page.get_by_label("听到的民情")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("回访日期").fill("")
    page.get_by_label("听到的民情").fill("刘大姐说孩子上学路远")
    page.locator("[data-photo-input]").set_input_files(str(photo))
    expect(page.locator(".photo-tile img")).to_have_count(1)
    expect(page.locator(".diary-form")).to_have_attribute("data-draft", "saved")

    page.reload()  # the app is closed mid-entry and opened again
    expect(page.locator(".draft-notice")).to_contain_text("已恢复上次没写完的内容")
    expect(page.get_by_label("地点")).to_have_value("石桥村5组")
    expect(page.get_by_label("听到的民情")).to_have_value("刘大姐说孩子上学路远")
    expect(page.locator(".photo-tile img")).to_have_count(1)
    page.get_by_role("link", name="民情日记", exact=True).first.click()
    expect(page.locator(".draft-link")).to_be_visible()
    assert new_diaries(database, known) == []

    page.locator(".draft-link").click()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".diary-card").filter(has_text="刘大姐说孩子上学路远")).to_have_count(1)
    expect(page.locator(".draft-link")).to_have_count(0)
    wait_for_synced(page)
    assert [r["heard"] for r in new_diaries(database, known, "heard")] == ["刘大姐说孩子上学路远"]


# --- (7) the server restored from a backup ---------------------------------------------------

def test_a_phone_goes_on_syncing_after_the_server_is_restored(page, app_process, tmp_path):
    """The server is restored from a backup taken before the phone's last push: the phone's
    next mids run ahead of what the restored server has seen. It neither stalls nor keeps
    what the server no longer has: its write goes in once, and it pulls again from zero."""
    from qzapp import backup
    media = tmp_path / "media"
    log_in(page, app_process.url, "cadre")
    wait_for_first_sync(page)
    backup.take(app_process.database, media, tmp_path / "backup")
    known = diary_ids(app_process.database)
    write_diary(page, "备份之后写的，恢复时丢失")
    wait_for_synced(page)

    app_process.kill()
    backup.restore(tmp_path / "backup", app_process.database, media)
    app_process.start()
    page.clock.install()
    write_diary(page, "恢复之后写的")
    page.clock.fast_forward("02:00")   # the phone's own retry after the failed attempt
    wait_for_synced(page)
    assert [r["heard"] for r in new_diaries(app_process.database, known, "heard")] == [
        "恢复之后写的"]
    page.get_by_role("link", name="民情日记", exact=True).click()
    diaries = page.locator(".screen-diary")
    expect(diaries).to_contain_text("恢复之后写的")
    expect(diaries).not_to_contain_text("备份之后写的")   # pulled again from the restored feed
