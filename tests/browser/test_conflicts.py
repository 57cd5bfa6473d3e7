"""Two phones change the same record offline: nothing either wrote is lost. Different fields
merge by themselves; a field changed on both sides is shown side by side for the user to
pick, and the text that lost stays readable in the record's 修改记录. Each phone is its own
browser context; the server is real."""
import pytest
from playwright.sync_api import expect

from .helpers import (
    badge,
    known_ids,
    log_in,
    new_rows,
    other_phone,
    rows,
    wait_for_first_sync,
    wait_for_synced,
)
from .test_households import qingshan_household, sync_again
from .test_sync import write_diary

pytestmark = pytest.mark.browser

FIRST_HEARD = "张大爷反映村口路灯不亮"


def open_screen(phone, path):
    """Go to a screen of the app by its #/path (works offline: no page load)."""
    phone.evaluate("(path) => { location.hash = path; }", f"#/{path}")


def two_phones_with_a_diary(page, new_context, server_url, database):
    """The cadre's diary, written on the first phone; a second phone of the cadre holding it.
    Returns (second phone, diary id)."""
    known = known_ids(database, "diaries")
    log_in(page, server_url, "cadre")
    wait_for_first_sync(page)
    write_diary(page, FIRST_HEARD)
    wait_for_synced(page)
    [diary] = new_rows(database, "diaries", known)
    second = other_phone(new_context, server_url, "cadre")
    return second, diary["id"]


def open_diary_form(phone, diary_id):
    """Open the diary and tap 编辑 (the form stays open when the signal goes)."""
    open_screen(phone, f"diary-view?id={diary_id}")
    phone.get_by_role("link", name="编辑").click()
    expect(phone.locator(".diary-form")).to_be_visible()


def save_diary(phone, changes):
    """Change fields of the open diary form by label and save; lands on the diary."""
    for label, text in changes.items():
        phone.get_by_label(label).fill(text)
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator(".diary-detail")).to_contain_text(next(iter(changes.values())))


def stored_diary(database, diary_id):
    return rows(database, "SELECT heard, done FROM diaries WHERE id = ?", [diary_id])[0]


def test_different_fields_changed_on_two_phones_merge_by_themselves(
        page, context, new_context, server_url, live_app, page_errors):
    """Phone A changes 听到的民情 and phone B 做了什么 then 地点 (two queued edits), all offline;
    A syncs, then B: the server and both phones end with every change, nothing waits in 同步,
    and nothing says 退回."""
    database = live_app.config["DATABASE"]
    phone_b, diary_id = two_phones_with_a_diary(page, new_context, server_url, database)
    heard, done, place = FIRST_HEARD + "，晚上看不清路", "已联系电工周五来修", "青山村村口"
    open_diary_form(page, diary_id)
    open_diary_form(phone_b, diary_id)
    context.set_offline(True)
    phone_b.context.set_offline(True)
    save_diary(page, {"听到的民情": heard})
    save_diary(phone_b, {"做了什么": done})
    phone_b.get_by_role("link", name="编辑").click()   # a second edit, queued behind the first
    save_diary(phone_b, {"地点": place})
    expect(badge(phone_b)).to_have_attribute("data-pending", "2")

    context.set_offline(False)
    wait_for_synced(page)
    assert stored_diary(database, diary_id)["heard"] == heard
    phone_b.context.set_offline(False)
    wait_for_synced(phone_b)
    expect(badge(phone_b)).to_have_attribute("data-rejected", "0")
    assert stored_diary(database, diary_id) == {"heard": heard, "done": done}
    assert rows(database, "SELECT place FROM diaries WHERE id = ?", [diary_id]) == [
        {"place": place}]
    detail = phone_b.locator(".diary-detail")
    expect(detail).to_contain_text(heard)
    expect(detail).to_contain_text(done)
    expect(detail).to_contain_text(place)
    expect(detail.locator(".status")).to_have_count(0)
    expect(phone_b.locator("body")).not_to_contain_text("退回")

    sync_again(page)   # phone A pulls what B merged
    open_screen(page, f"diary-view?id={diary_id}")
    expect(page.locator(".diary-detail")).to_contain_text(heard)
    expect(page.locator(".diary-detail")).to_contain_text(done)
    expect(page.locator(".diary-detail")).to_contain_text(place)

    badge(phone_b).click()
    expect(phone_b.get_by_text("没有等待同步的记录")).to_be_visible()
    expect(phone_b.locator(".conflict-entry, .rejected-entry")).to_have_count(0)
    expect(phone_b.locator("body")).not_to_contain_text("退回")


def test_a_field_changed_on_both_phones_is_picked_and_the_other_text_kept(
        page, context, new_context, server_url, live_app, page_errors):
    """Both phones change 听到的民情 (B also 做了什么): B shows the two texts side by side as a
    conflict with another phone, 做了什么 merged already; the user keeps the server's text;
    the server ends with that pick and B's 做了什么, and B's own text stays in 修改记录."""
    database = live_app.config["DATABASE"]
    phone_b, diary_id = two_phones_with_a_diary(page, new_context, server_url, database)
    theirs, mine, done = "张大爷说路灯昨天修好了", "张大爷说路灯还是不亮", "约了电工再去看看"
    open_diary_form(page, diary_id)
    open_diary_form(phone_b, diary_id)
    context.set_offline(True)
    phone_b.context.set_offline(True)
    save_diary(page, {"听到的民情": theirs})
    save_diary(phone_b, {"听到的民情": mine, "做了什么": done})
    context.set_offline(False)
    wait_for_synced(page)
    phone_b.context.set_offline(False)
    expect(badge(phone_b)).to_have_attribute("data-rejected", "1")
    expect(badge(phone_b)).to_have_attribute("data-pending", "0")
    open_screen(phone_b, f"diary-view?id={diary_id}")   # it shows the server's copy meanwhile
    expect(phone_b.locator(".diary-detail")).to_contain_text(theirs)
    expect(phone_b.locator(".conflict-notice")).to_contain_text("与另一台手机或他人的修改有冲突")
    phone_b.get_by_role("link", name="编辑").click()   # settle first: the edit opens it
    expect(phone_b.locator(".conflict-form")).to_be_visible()

    badge(phone_b).click()
    card = phone_b.locator(".conflict-entry")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("在另一台手机上或被他人改过")
    expect(card).to_contain_text("两边都改了：听到的民情")
    expect(phone_b.locator("body")).not_to_contain_text("退回")
    card.get_by_role("link", name="选择保留哪一个").click()
    field = phone_b.locator(".conflict-field")
    expect(field).to_have_count(1)
    expect(field).to_have_attribute("data-field", "heard")
    expect(field.locator("[data-side=mine]")).to_contain_text("我的修改")
    expect(field.locator("[data-side=mine]")).to_contain_text(mine)
    expect(field.locator("[data-side=theirs]")).to_contain_text("服务器上（另一台手机或他人）的")
    expect(field.locator("[data-side=theirs]")).to_contain_text(theirs)
    expect(phone_b.locator(".conflict-merged")).to_contain_text("做了什么（我的修改）")
    phone_b.get_by_role("button", name="保存").click()
    expect(field.locator("[data-error-for=heard]")).to_have_text("请选择保留哪一个")
    field.locator("[data-side=theirs]").click()
    phone_b.get_by_role("button", name="保存").click()

    expect(phone_b.locator(".screen-sync")).to_be_visible()
    wait_for_synced(phone_b)
    expect(badge(phone_b)).to_have_attribute("data-rejected", "0")
    expect(phone_b.locator(".conflict-entry")).to_have_count(0)
    assert stored_diary(database, diary_id) == {"heard": theirs, "done": done}
    open_screen(phone_b, f"diary-view?id={diary_id}")
    expect(phone_b.locator(".diary-detail")).to_contain_text(theirs)
    attempt = phone_b.locator(".record-history .version-item[data-action=conflict]")
    expect(attempt).to_have_count(1)
    expect(attempt).to_contain_text("与另一台手机或他人冲突时提交的内容")
    expect(attempt.locator("[data-field=heard]")).to_contain_text(mine)
    expect(attempt).to_contain_text("这台手机")
    expect(phone_b.locator(".record-history .version-item")).to_have_count(4)


def open_household_form(phone, household_id):
    """Open the household and tap 修改 (the form stays open when the signal goes)."""
    open_screen(phone, f"household?id={household_id}")
    phone.get_by_role("link", name="修改").click()
    expect(phone.locator(".household-form")).to_be_visible()


def save_household(phone, label, text):
    """Change one field of the open household form and save; lands on the household."""
    phone.get_by_label(label).fill(text)
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator(".household-card")).to_contain_text(text)


def test_a_household_changed_by_two_register_keepers_merges(
        page, context, new_context, server_url, live_app, page_errors):
    """The first secretary changes a household's address and the village staff its needs,
    each offline on their own phone: both changes reach the server and both phones."""
    database = live_app.config["DATABASE"]
    household = qingshan_household(database)
    address, needs = "青山村2组8号（新房）", "屋顶漏雨需要修缮"
    log_in(page, server_url, "secretary")
    wait_for_first_sync(page)
    village = other_phone(new_context, server_url, "village")
    open_household_form(page, household["id"])
    open_household_form(village, household["id"])
    context.set_offline(True)
    village.context.set_offline(True)
    save_household(page, "地址", address)
    save_household(village, "需求", needs)

    context.set_offline(False)
    wait_for_synced(page)
    village.context.set_offline(False)
    wait_for_synced(village)
    expect(badge(village)).to_have_attribute("data-rejected", "0")
    [stored] = rows(database, "SELECT address, needs, phone FROM households WHERE id = ?",
                    [household["id"]])
    assert stored == {"address": address, "needs": needs, "phone": household["phone"]}
    card = village.locator(".household-card")
    expect(card).to_contain_text(address)
    expect(card).to_contain_text(needs)
    expect(village.locator("body")).not_to_contain_text("退回")
    sync_again(page)
    open_screen(page, f"household?id={household['id']}")
    expect(page.locator(".household-card")).to_contain_text(needs)
    expect(page.locator(".household-card")).to_contain_text(address)


MERGE = """async (cases) => {
    const { settle } = await import("/js/merge.js");
    return cases.map(([entity, base, mine, theirs]) => {
        const outcome = settle({ entity, base, data: mine }, theirs);
        return { merged: outcome.merged, clashes: outcome.clashes };
    });
}"""


def test_the_merge_compares_values_as_json_and_lists_whole(page, server_url):
    """merge.js in the browser: one-sided changes merge, empty is empty however it is written,
    lists (photos, members) are compared whole, and with no base every difference clashes."""
    page.goto(server_url + "/")
    a, b, c = "a" * 64, "b" * 64, "c" * 64
    cases = [
        ["diary", {"heard": "旧", "done": "旧"}, {"heard": "新", "done": "旧"},
         {"heard": "旧", "done": "他改的"}],
        ["diary", {"photos": [a]}, {"photos": [a, b]}, {"photos": [a, c]}],
        ["diary", {"photos": [a]}, {"photos": [a, b]}, {"photos": [a]}],
        ["diary", {"place": ""}, {"place": None}, {}],
        ["household", {"members": [{"name": "王五"}]}, {"members": [{"name": "王五"}]},
         {"members": [{"name": "王五", "relation": None, "birth_year": None}]}],
        ["household", {"members": [{"name": "王五"}]},
         {"members": [{"name": "王五", "relation": "子"}]},
         {"members": [{"name": "王五", "birth_year": 1990}]}],
        ["diary", None, {"heard": "这台"}, {"heard": "那台"}],
    ]
    outcomes = page.evaluate(MERGE, cases)
    assert outcomes[0]["merged"]["heard"] == "新" and outcomes[0]["merged"]["done"] == "他改的"
    assert outcomes[0]["clashes"] == []
    assert outcomes[1]["clashes"] == ["photos"]
    assert outcomes[2]["merged"]["photos"] == [a, b] and outcomes[2]["clashes"] == []
    assert outcomes[3]["clashes"] == []
    assert outcomes[4]["clashes"] == []
    assert outcomes[5]["clashes"] == ["members"]
    assert outcomes[6]["clashes"] == ["heard"]
