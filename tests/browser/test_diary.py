"""The diary screens in a real browser on a 360-px phone: writing offline from a household
with a photo and a position, the kinds and their fields, bad input, turning a diary into an
appeal, editing one's own, and the village's list read by village staff."""
import datetime as dt
import io
import json
import os
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.images import big_jpeg, phone_jpeg

from .helpers import (
    badge,
    known_ids,
    log_in,
    new_rows,
    other_phone,
    rows,
    shot,
    wait_for_first_sync,
    wait_for_picture,
    wait_for_synced,
    wait_for_worker,
)

pytestmark = pytest.mark.browser

CHINA = ZoneInfo("Asia/Shanghai")
GPS_IFD = 0x8825


def my_households(database, cadre_id):
    """The households the cadre is paired with now: [{id, head_name, address}]."""
    return rows(database, "SELECT h.id, h.head_name, h.address FROM pairings p JOIN households h"
                " ON h.id = p.household_id WHERE p.cadre_id = ? AND p.end_date IS NULL"
                " AND p.deleted = 0 ORDER BY h.head_name", [cadre_id])


def open_form(page):
    page.get_by_role("link", name="民情日记", exact=True).click()
    page.locator(".screen-diary").get_by_role("link", name="写民情日记").click()
    expect(page.locator(".diary-form")).to_be_visible()


def pick_household(page, household, label="走访户"):
    """Find a household in the form's picker by the head's name and choose it."""
    page.get_by_label(label).fill(household["head_name"])
    page.locator(f"[data-household='{household['id']}']").click()
    expect(page.locator(".pick-chosen")).to_contain_text(household["head_name"])


def open_from_my_households(page, household):
    """My households → the household → 写民情日记 (the households screens link the form)."""
    page.locator('.tab[href="#/my-households"]').click()
    page.locator(".screen-my-households").get_by_text(household["head_name"]).first.click()
    page.locator("[data-action=diary]").click()
    expect(page.locator(".diary-form")).to_be_visible()


def local_now(days=0):
    """A datetime-local value in China's time zone, days from now."""
    return (dt.datetime.now(CHINA) + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


# --- the test ----------------------------------------------------------------------------

def test_offline_diary_from_my_household_with_photo_and_position(
        page, context, server_url, live_app, accounts, tmp_path, page_errors):
    """Offline: from my households, a diary with a photo and a GPS position; closed and opened
    again offline it is there with its thumbnail; online it reaches the server once, its
    photo upright and without EXIF GPS."""
    database = live_app.config["DATABASE"]
    household = my_households(database, accounts["cadre"]["id"])[0]
    heard = "老人反映屋后堡坎有裂缝，雨季担心垮塌"
    photo, camera = tmp_path / "visit.jpg", tmp_path / "camera.jpg"
    photo.write_bytes(phone_jpeg())
    camera.write_bytes(big_jpeg())
    known, known_media = known_ids(database, "diaries"), rows(database, "SELECT * FROM media")
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 30.6602, "longitude": 104.0633, "accuracy": 35})
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    context.set_offline(True)

    open_from_my_households(page, household)
    expect(page.locator(".pick-chosen")).to_contain_text(household["head_name"])
    page.get_by_role("button", name="定位").click()
    expect(page.locator("[data-location-done]")).to_have_text("已定位 ±35 米")
    page.get_by_label("听到的民情").fill(heard)
    page.locator("[data-photo-input]").set_input_files(str(photo))
    expect(page.locator(".photo-tile img")).to_have_count(1)
    page.locator("[data-photo-input]").set_input_files(str(camera))   # 4000 × 3000
    expect(page.locator(".photo-tile img")).to_have_count(2)
    shot(page, "form-visit")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".screen-diary")).to_be_visible()

    # The phone keeps (and will send) the camera's photo shrunk to a long edge of 1600 px.
    kept = page.evaluate("""async ([uid, heard]) => {
        const db = await import('/js/db.js');
        const diary = (await db.recordsOf(uid, 'diary')).find((d) => d.data.heard === heard);
        return Promise.all(diary.data.photos.map(async (sha) => {
            const { blob } = await db.mediaGet(uid, sha);
            const bitmap = await createImageBitmap(blob);
            return [bitmap.width, bitmap.height, blob.type];
        }));
    }""", [accounts["cadre"]["id"], heard])
    assert sorted(kept) == [[200, 400, "image/jpeg"], [1600, 1200, "image/jpeg"]]   # upright

    page.close()  # the app is closed and opened again, still offline
    page = context.new_page()
    page.goto(server_url + "/#/diary")
    card = page.locator(".diary-card").filter(has_text=heard)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(household["head_name"])
    expect(card.locator(".status-pending")).to_have_text("待同步")
    expect(card.locator(".thumbs img")).to_have_count(2)
    for thumb in card.locator(".thumbs img").all():
        wait_for_picture(thumb)
    shot(page, "list-offline")
    card.locator(".diary-open").click()
    expect(page.locator(".diary-detail")).to_contain_text(household["head_name"])
    expect(page.locator(".diary-detail")).to_contain_text("±35 米")
    wait_for_picture(page.locator(".diary-photos img").first)
    page.get_by_role("button", name="查看第 1 张照片").click()
    wait_for_picture(page.locator(".lightbox-img"))
    shot(page, "photo-large")
    page.get_by_role("button", name="关闭").click()
    expect(page.locator(".lightbox")).not_to_be_visible()
    page.go_back()

    context.set_offline(False)
    wait_for_synced(page)
    expect(card.locator(".status")).to_have_count(0)
    diaries = new_rows(database, "diaries", known)
    assert len(diaries) == 1
    diary = diaries[0]
    assert (diary["household_id"], diary["heard"], diary["kind"]) == (household["id"], heard,
                                                                      "visit")
    assert (diary["lat"], diary["lng"], diary["accuracy"]) == (30.6602, 104.0633, 35)
    assert diary["place"] == household["address"]  # the household's address, prefilled
    media = [m for m in rows(database, "SELECT * FROM media") if m not in known_media]
    photos = json.loads(diary["photos"])
    assert len(photos) == 2 and sorted(m["sha256"] for m in media) == sorted(photos)
    # The phone shrank the camera's photo before sending it: long edge at most 1600 px.
    stored = page.request.get(f"{server_url}/media/{photos[0]}.jpg")
    image = Image.open(io.BytesIO(stored.body()))
    assert not image.getexif() and not image.getexif().get_ifd(GPS_IFD)
    width, height = image.size
    assert height > width  # stored landscape with "rotate 90°" in its EXIF
    top = image.getpixel((width // 2, height // 4))
    assert top[0] > 200 and top[2] < 60, top  # the red half is on top


# --- kinds, bad input ---------------------------------------------------------------------------

def test_evening_talk_needs_a_topic_and_keeps_what_was_typed(
        page, server_url, live_app, accounts, page_errors):
    """An evening talk saved without a topic gets 必填 beside 主题 and loses nothing; a group
    activity asks for its form; with them it saves and syncs with its attendance."""
    database = live_app.config["DATABASE"]
    household = my_households(database, accounts["cadre"]["id"])[1]
    known = known_ids(database, "diaries")
    log_in(page, server_url, "cadre")
    wait_for_first_sync(page)
    open_form(page)
    page.get_by_label("基层夜话").check()
    expect(page.get_by_label("主题")).to_be_visible()
    page.get_by_label("参加人数").fill("23")
    page.get_by_label("地点").fill("青山村党群服务中心")
    page.get_by_label("听到的民情").fill("群众希望村道安装路灯")
    pick_household(page, household, "相关户")
    shot(page, "form-evening-talk")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("[data-error-for=topic]")).to_have_text("必填")
    expect(page.get_by_label("主题")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".form-error")).to_have_text("请检查标红的内容")
    expect(page.get_by_label("参加人数")).to_have_value("23")
    expect(page.get_by_label("听到的民情")).to_have_value("群众希望村道安装路灯")
    expect(page.locator(".pick-chosen")).to_contain_text(household["head_name"])
    shot(page, "form-error")

    page.get_by_label("群众活动").check()  # another kind keeps what was typed
    expect(page.get_by_label("参加人数")).to_have_value("23")
    shot(page, "form-group-activity")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("[data-error-for=activity_type]")).to_have_text("必填")
    page.get_by_label("会议").check()
    expect(page.get_by_label("主题")).to_be_visible()
    shot(page, "form-meeting")
    page.get_by_label("基层夜话").check()
    page.get_by_label("主题").fill("村道路灯怎么装")
    page.get_by_role("button", name="保存").click()
    card = page.locator(".diary-card").filter(has_text="村道路灯怎么装")
    expect(card).to_contain_text("基层夜话")
    expect(card).to_contain_text("23 人参加")
    wait_for_synced(page)
    [diary] = new_rows(database, "diaries", known)
    assert (diary["kind"], diary["topic"], diary["attendance"], diary["household_id"]) == (
        "evening_talk", "村道路灯怎么装", 23, household["id"])
    assert diary["activity_type"] is None  # picked for another kind, not sent with this one


def test_future_date_and_bad_photos_are_refused_beside_their_fields(
        page, server_url, live_app, tmp_path, page_errors):
    """A date after today, a file that is not a picture and one over 10 MB each get a Chinese
    message beside their field; what was typed stays; a refused position does not block."""
    text_file = tmp_path / "notes.txt"
    text_file.write_text("不是照片")
    huge = tmp_path / "huge.jpg"
    huge.write_bytes(b"\xff\xd8" + os.urandom(11 * 1024 * 1024))
    known = known_ids(live_app.config["DATABASE"], "diaries")
    log_in(page, server_url, "cadre")
    wait_for_first_sync(page)
    open_form(page)
    page.get_by_label("走访时间").fill(local_now(days=1))
    page.get_by_label("地点").fill("石桥村5组")
    page.get_by_label("做了什么").fill("帮忙联系了水电工")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("[data-error-for=occurred_at]")).to_have_text("日期不能晚于今天")
    expect(page.get_by_label("做了什么")).to_have_value("帮忙联系了水电工")

    page.locator("[data-photo-input]").set_input_files(str(text_file))
    expect(page.locator("[data-error-for=photos]")).to_have_text(
        "“notes.txt”不是图片，请选择照片（JPG、PNG 等）")
    page.locator("[data-photo-input]").set_input_files(str(huge))
    expect(page.locator("[data-error-for=photos]")).to_have_text(
        "“huge.jpg”超过 10 MB，太大了，请换一张")
    expect(page.locator(".photo-tile")).to_have_count(0)
    expect(page.get_by_label("地点")).to_have_value("石桥村5组")

    page.get_by_role("button", name="定位").click()  # no permission was given
    expect(page.locator(".location-problem")).to_contain_text("不定位也能保存")
    page.get_by_label("走访时间").fill(local_now())
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".diary-card").filter(has_text="帮忙联系了水电工")).to_have_count(1)
    wait_for_synced(page)
    [diary] = new_rows(live_app.config["DATABASE"], "diaries", known)
    assert diary["lat"] is None and diary["done"] == "帮忙联系了水电工"


# --- appeals and editing ------------------------------------------------------------------------

def test_diary_turned_into_an_appeal_offline_and_edited(
        page, context, server_url, live_app, accounts, page_errors):
    """Offline, 转为诉求 on a new diary takes a case in (received and accepted) linked to it, and
    编辑 changes the diary; online the server has one case with the diary's id and the edited
    diary."""
    database = live_app.config["DATABASE"]
    household = my_households(database, accounts["cadre"]["id"])[2]
    heard = "张大娘反映低保金这个月没到账"
    known, known_cases = known_ids(database, "diaries"), known_ids(database, "cases")
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    context.set_offline(True)
    open_form(page)
    pick_household(page, household)
    page.get_by_label("听到的民情").fill(heard)
    page.get_by_role("button", name="保存").click()
    page.locator(".diary-card").filter(has_text=heard).locator(".diary-open").click()

    detail = page.locator(".diary-detail")
    expect(detail).to_contain_text(heard)
    expect(detail).to_contain_text(household["head_name"])
    expect(detail).to_contain_text("刘干部（我）")
    page.get_by_role("link", name="转为诉求").click()
    expect(page.get_by_label("诉求内容")).to_have_value(heard)
    page.get_by_role("button", name="保存诉求").click()
    expect(page.locator(".case-intake [data-error-for=category]")).to_have_text("必填")
    page.get_by_label("社保救助").check()
    shot(page, "appeal-form")
    page.get_by_role("button", name="保存诉求").click()
    expect(page.locator(".case-card")).to_contain_text("社保救助")
    page.get_by_role("link", name="查看民情日记").click()
    case = page.locator(".case-row")
    expect(case).to_have_count(1)
    expect(case).to_contain_text("社保救助")
    expect(case.locator(".status-pending")).to_be_visible()

    page.get_by_role("link", name="编辑").click()
    expect(page.get_by_label("听到的民情")).to_have_value(heard)
    page.get_by_label("做了什么").fill("已打电话问民政办")
    page.get_by_role("button", name="保存").click()
    expect(detail).to_contain_text("已打电话问民政办")
    shot(page, "detail")
    expect(badge(page)).to_have_attribute("data-pending", "4")   # diary, receive, accept, edit

    context.set_offline(False)
    wait_for_synced(page)
    [diary] = new_rows(database, "diaries", known)
    assert (diary["heard"], diary["done"]) == (heard, "已打电话问民政办")
    [row] = new_rows(database, "cases", known_cases)
    assert (row["diary_id"], row["household_id"], row["category"], row["text"], row["channel"],
            row["status"]) == (diary["id"], household["id"], "social_security", heard, "diary",
                               "in_progress")


def test_village_staff_read_the_cadres_diary_but_cannot_edit_it(
        page, new_context, server_url, live_app, accounts, page_errors):
    """The cadre's diary about a 青山村 household shows in 本村 for the village staff, named by
    author, with no 编辑; 我的 does not list it; filters narrow the list."""
    database = live_app.config["DATABASE"]
    household = my_households(database, accounts["cadre"]["id"])[0]
    heard = "李大爷说村口垃圾收运不及时"
    log_in(page, server_url, "cadre")
    wait_for_first_sync(page)
    open_form(page)
    pick_household(page, household)
    page.get_by_label("听到的民情").fill(heard)
    page.get_by_role("button", name="保存").click()
    wait_for_synced(page)

    village = other_phone(new_context, server_url, "village")
    village.get_by_role("link", name="民情日记", exact=True).click()
    expect(village.locator(".diary-card").filter(has_text=heard)).to_have_count(0)  # 我的
    village.get_by_role("button", name="本村").click()
    card = village.locator(".diary-card").filter(has_text=heard)
    expect(card).to_contain_text("记录人：刘干部")
    expect(card).to_contain_text(household["head_name"])
    expect(village.locator("[data-export]")).to_have_attribute(
        "href", "/api/diaries/export.xlsx")
    shot(village, "list-village")

    village.locator(".diary-filters summary").click()
    village.get_by_label("类型").select_option("meeting")
    expect(village.locator(".diary-card")).to_have_count(0)
    expect(village.get_by_text("没有符合筛选条件的日记")).to_be_visible()
    village.get_by_label("类型").select_option("visit")
    village.get_by_label("户", exact=True).select_option(household["id"])
    expect(card).to_have_count(1)
    shot(village, "list-filters")
    expect(village.locator("[data-export]")).to_have_attribute(
        "href", f"/api/diaries/export.xlsx?kind=visit&household_id={household['id']}")
    assert "tab=village" in village.url and "kind=visit" in village.url

    card.locator(".diary-open").click()
    expect(village.locator(".diary-detail")).to_contain_text(heard)
    expect(village.locator(".diary-detail")).to_contain_text("刘干部")
    expect(village.get_by_role("link", name="编辑")).to_have_count(0)
    expect(village.get_by_text("只有记录人可以修改这篇日记。")).to_be_visible()
    expect(village.get_by_role("link", name="转为诉求")).to_be_visible()
    village.context.close()


def test_supervisor_reads_the_diaries_in_scope_without_writing(page, server_url, page_errors):
    """A supervisor's list opens on the diaries in scope; no 写, no 编辑, no 转为诉求."""
    log_in(page, server_url, "supervisor")
    wait_for_first_sync(page)
    page.get_by_role("link", name="民情日记", exact=True).click()
    expect(page.locator(".diary-tabs")).to_have_count(0)
    expect(page.get_by_role("link", name="写民情日记")).to_have_count(0)
    cards = page.locator(".diary-card")
    expect(cards.first).to_contain_text("记录人：刘干部")  # the demo cadre's visits
    cards.first.locator(".diary-open").click()
    expect(page.locator(".diary-detail")).to_be_visible()
    expect(page.get_by_role("link", name="编辑")).to_have_count(0)
    expect(page.get_by_role("link", name="转为诉求")).to_have_count(0)
