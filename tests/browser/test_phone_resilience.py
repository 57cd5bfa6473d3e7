"""The phone on a bad day, in a real browser: a server that is down while the network is up,
a login that ran out with records still unsent, and thumbs on a 360-px screen."""
import pytest
from playwright.sync_api import expect

from qzapp.db import connect
from qzapp.demo import DEMO_PASSWORD

from .helpers import (
    badge,
    known_ids,
    log_in,
    new_rows,
    wait_for_first_sync,
    wait_for_synced,
    wait_for_worker,
)
from .test_sync import write_diary

pytestmark = pytest.mark.browser

ME = "/api/auth/me"  # every sync run begins by asking who is signed in


# --- (1) the server is down, the network is not --------------------------------------------------

def fail_once_more(page):
    """Move the phone's clock to its next sync retry and wait until that retry has failed."""
    with page.expect_event("requestfailed", lambda r: r.url.endswith(ME)):
        page.clock.fast_forward("10:00")   # the longest back-off there has ever been


def test_server_back_is_noticed_within_a_minute_and_the_banner_says_which(
        page, context, app_process):
    """No network says 无网络; a network but no server says 服务器暂时无法连接. After an hour
    of failed retries, the diaries written meanwhile reach the server within a minute of its
    return, exactly once."""
    texts = ["周大娘反映自来水发黄", "村口路灯坏了三盏"]
    known = known_ids(app_process.database, "diaries")
    page.clock.install()   # time flows as usual; fast_forward jumps to the retries
    log_in(page, app_process.url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    banner = page.locator(".banner-offline")

    context.set_offline(True)
    expect(banner).to_contain_text("无网络")
    expect(banner).not_to_contain_text("服务器")
    context.set_offline(False)
    expect(banner).to_be_hidden()

    app_process.kill()   # the phone keeps its network; the server is gone
    for text in texts:
        write_diary(page, text)
    expect(badge(page)).to_have_attribute("data-pending", "2")
    expect(banner).to_contain_text("服务器暂时无法连接")
    expect(banner).not_to_contain_text("无网络")
    for _ in range(8):   # over an hour of phone time: the back-off has grown all it can
        fail_once_more(page)
    expect(badge(page)).to_have_attribute("data-pending", "2")

    app_process.start()
    page.clock.fast_forward("01:00")
    wait_for_synced(page)
    expect(banner).to_be_hidden()
    stored = new_rows(app_process.database, "diaries", known, "heard", order_by="heard")
    assert [r["heard"] for r in stored] == sorted(texts)


# --- (2) the login ran out with records still on the phone ---------------------------------------

def end_sessions(database, user_id):
    """Sign the account out everywhere, as a password reset does: a new session token."""
    db = connect(str(database))
    try:
        db.execute("UPDATE users SET session_token = ? WHERE id = ?", ["ended-by-test", user_id])
        db.conn.commit()
    finally:
        db.close()


def test_expired_login_says_what_waits_and_sends_it_after_signing_in(
        page, context, server_url, live_app, accounts):
    """Two diaries written offline, then the login runs out on the server: back online, the
    login screen says 2 records wait for 刘干部 with no stale toast over it; signing in again
    sends them, each stored once; after a clean logout the screen says nothing of them."""
    texts = ["冯大爷家的低保材料还差户口本复印件", "二组水渠清淤需要协调挖掘机"]
    database = live_app.config["DATABASE"]
    known = known_ids(database, "diaries")
    page.clock.install()
    log_in(page, server_url, "cadre")
    wait_for_worker(page)
    wait_for_first_sync(page)
    context.set_offline(True)
    for text in texts:
        write_diary(page, text)
    expect(badge(page)).to_have_attribute("data-pending", "2")
    page.get_by_role("link", name="我的").click()
    expect(page.locator(".profile")).to_be_visible()
    # A toast from before the login ran out: logging out cannot work offline. The clock stands
    # still so that it stays until the login screen is drawn, however slow this machine is.
    page.clock.pause_at(page.evaluate("Date.now()"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="退出登录").click()
    toast = page.locator(".toast")
    expect(toast).to_have_text("退出登录需要网络连接，请连上网络后再试。")

    end_sessions(database, accounts["cadre"]["id"])
    context.set_offline(False)
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    expect(page.locator(".login-pending")).to_have_text(
        "本机还有 2 条记录未上传，刘干部登录后会自动发送")
    expect(toast).to_have_count(0)
    assert new_rows(database, "diaries", known) == []

    page.clock.resume()
    page.get_by_label("密码").fill(DEMO_PASSWORD)   # the user name is filled in already
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".screen-home")).to_be_visible()
    wait_for_synced(page)
    stored = new_rows(database, "diaries", known, "heard, created_by", order_by="heard")
    assert stored == [{"heard": text, "created_by": accounts["cadre"]["id"]}
                      for text in sorted(texts)]

    page.get_by_role("link", name="我的").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    expect(page.locator(".login-pending")).to_be_hidden()
    expect(page.get_by_text("未上传")).to_have_count(0)


# --- (3) every tap target is at least 44 x 44 px -------------------------------------------------

MIN_TAP = 44

# What a thumb taps, measured as the box it can hit: a checkbox or radio by its label; a link
# stretched over its card by an absolutely placed ::after (the diary cards) by that card.
TAP_TARGETS = """(min) => {
  const selector = "button, a[href], [role=tab], select, summary,"
    + " input[type=checkbox], input[type=radio]";
  const box = (el) => {
    if (el.matches("input[type=checkbox], input[type=radio]")) {
      return el.closest("label") ?? document.querySelector(`label[for="${el.id}"]`) ?? el;
    }
    const after = getComputedStyle(el, "::after");
    if (after.content !== "none" && after.position === "absolute" && after.inset === "0px") {
      return el.offsetParent ?? el;
    }
    return el;
  };
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const target = box(el);
    const rect = target.getBoundingClientRect();
    if (!rect.width || !rect.height || !target.checkVisibility({ visibilityProperty: true })) {
      continue;   // not on the screen at all
    }
    if (rect.width >= min && rect.height >= min) continue;
    const text = (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 24);
    const name = el.tagName.toLowerCase() + (el.className ? "." + el.className.trim()
      .split(/\\s+/).join(".") : "");
    small.push(`${location.hash} ${name} "${text}" ${Math.round(rect.width)}x${Math.round(rect.height)}`);
  }
  return small;
}"""

# (role, screen, what shows once the screen has drawn its data)
HOME = ("home", ".status-line[data-state=fresh]")
SCREENS = {
    "cadre": [HOME, ("diary", ".diary-card"),
              ("diary-new", ".diary-form"), ("my-households", ".mine-row"),
              ("me", ".profile"), ("sync", ".sync-status")],
    "village": [HOME, ("diary", ".diary-tabs"), ("households", ".register-row"),
                ("household-edit", "form")],
    "admin": [HOME, ("admin", ".admin-section"), ("admin/users", ".user-row"),
              ("admin/org", ".tree-row"), ("admin/user-new", ".check-box")],
}


def small_targets(page):
    """The visible tap targets of the screen smaller than MIN_TAP either way."""
    return page.evaluate(TAP_TARGETS, MIN_TAP)


def test_every_tap_target_is_at_least_44_px(page, new_context, server_url):
    """On a 360-px phone, the login screen and the main screens of a cadre, village staff and
    an administrator have no button, link, tab, select, summary or checkbox label smaller
    than 44 x 44 px. No link is exempted: these screens have none inside running text."""
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    offenders = small_targets(page)
    for role, screens in SCREENS.items():
        phone = new_context().new_page()
        log_in(phone, server_url, role)
        for path, ready in screens:
            phone.evaluate("(path) => { location.hash = `#/${path}`; }", path)
            screen = ".screen-" + path.replace("/", "\\/")
            expect(phone.locator(f"{screen} {ready}").first).to_be_visible()
            # Folded sections (the diary's filters) hold targets too: unfold them.
            phone.evaluate("document.querySelectorAll('.screen details')"
                           ".forEach((d) => { d.open = true; })")
            offenders += small_targets(phone)
    assert not offenders, "smaller than 44 x 44 px:\n" + "\n".join(offenders)
