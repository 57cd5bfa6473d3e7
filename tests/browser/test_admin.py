"""The administration screens (管理) in a real browser: org tree, accounts, import."""
import re

import pytest
from playwright.sync_api import expect

from qzapp.db import connect
from qzapp.jobs import runner
from tests.factories import NODE_HEADER, USER_HEADER, xlsx_file
from tests.jobs import hold_writes

from .helpers import log_in, wait_for_worker

pytestmark = pytest.mark.browser


@pytest.fixture
def db(live_app):
    """A connection to the live server's database, for checking what the screens did."""
    conn = connect(live_app.config["DATABASE"])
    yield conn
    conn.close()


@pytest.fixture
def admin_page(page, server_url):
    """The demo admin, logged in; every confirmation dialog is accepted."""
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, server_url, "admin")
    return page


def node_id(db, name):
    """The id of the org node called name."""
    return db.execute("SELECT id FROM org_nodes WHERE name = ?", [name]).fetchone()[0]


def open_account(page, server_url, db, username):
    """Open an account's detail screen."""
    user_id = db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]
    page.goto(f"{server_url}/#/admin/user?id={user_id}")
    expect(page.locator("[data-profile]")).to_be_visible()


def fill_new_account(page, db, username, name="王五", node="青山村", roles=("机关干部", "网格员")):
    """Fill the new-account form (once it is drawn: the list before it has a search box
    whose label also says 用户名)."""
    expect(page.get_by_role("heading", name="新建账号", level=2)).to_be_visible()
    page.locator("input[name=username]").fill(username)
    page.get_by_label("姓名").fill(name)
    page.get_by_label("手机").fill("13912345678")
    page.get_by_label("所属组织").select_option(str(node_id(db, node)))
    for role in roles:
        page.get_by_label(role).check()


def first_login(new_context, server_url, username, password):
    """Log in on a fresh phone; answers the page (which should ask for a new password)."""
    page = new_context().new_page()
    page.goto(server_url + "/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    return page


def test_cadre_has_no_admin_tab(page, server_url):
    """Only admins and supervisors see 管理; typing its address leads back home."""
    log_in(page, server_url, "cadre")
    expect(page.get_by_role("link", name="我的")).to_be_visible()
    expect(page.get_by_role("link", name="管理")).to_have_count(0)
    page.goto(server_url + "/#/admin/users")
    expect(page.locator(".screen-home")).to_be_visible()


def test_add_township_and_village_through_the_tree(admin_page, server_url, db):
    """A township under 示范县 and a village under it appear in the tree and the database."""
    page = admin_page
    page.get_by_role("link", name="管理").click()
    page.get_by_role("link", name="组织架构").click()
    page.locator(".tree-name", has_text=re.compile("^示范县$")).click()
    expect(page.locator(".node-name")).to_have_text("示范县")
    add = page.locator("[data-add]")
    add.locator("summary").click()
    add.get_by_label("名称").fill("新华镇")
    expect(add.locator("select[name=kind]")).to_have_value("township")
    add.locator("select[name=subtype]").select_option("township")
    add.get_by_label("编码").fill("510199001")
    add.get_by_role("button", name="添加").click()
    expect(page.locator("[data-children]")).to_contain_text("新华镇")

    page.locator("[data-children]").get_by_role("link", name="新华镇").click()
    expect(page.locator(".node-name")).to_have_text("新华镇")
    expect(page.locator(".node-card")).to_contain_text("510199001")
    add = page.locator("[data-add]")
    add.locator("summary").click()
    expect(add.locator("select[name=kind]").locator("option")).to_have_text(
        ["村社区", "网格", "党组织"])
    add.get_by_label("名称").fill("新华村")
    add.locator("select[name=kind]").select_option("village")
    add.locator("select[name=subtype]").select_option("community")
    add.get_by_role("button", name="添加").click()
    expect(page.locator("[data-children]")).to_contain_text("新华村")

    page.get_by_role("link", name="组织架构").click()
    township = page.locator(f".tree-item[data-node-id='{node_id(db, '新华镇')}']")
    expect(township.locator(".tree-name").first).to_have_text("新华镇")
    expect(township.locator(".tree-group .tree-name")).to_have_text("新华村")
    expect(township.locator(".tree-group .chip-kind")).to_have_text("社区")
    village = db.execute("SELECT kind, subtype, parent_id FROM org_nodes WHERE name = '新华村'")
    assert tuple(village.fetchone()) == ("village", "community", node_id(db, "新华镇"))


def test_deactivating_a_node_in_use_shows_why_not(admin_page, server_url, db):
    """The server's 409 is shown on the node's screen and nothing changes."""
    page = admin_page
    page.goto(f"{server_url}/#/admin/node?id={node_id(db, '青山乡')}")
    page.get_by_role("button", name="停用该组织").click()
    expect(page.locator("[data-status-error]")).to_have_text(
        "该组织下还有启用的下级组织或账号，不能停用")
    assert db.execute("SELECT active FROM org_nodes WHERE name = '青山乡'").fetchone()[0] == 1


def test_new_account_gets_a_one_time_password(admin_page, server_url, db, new_context):
    """The temporary password is shown once and works; the new user must change it."""
    page = admin_page
    page.get_by_role("link", name="管理").click()
    page.get_by_role("link", name=re.compile("^账号")).click()
    page.get_by_role("link", name="新建账号").click()
    fill_new_account(page, db, "wangwu")
    page.get_by_role("button", name="创建账号").click()
    secret = page.locator("[data-secret]")
    expect(secret).to_contain_text("账号已创建")
    expect(secret).to_contain_text("只显示这一次")
    expect(secret.get_by_role("button", name="复制密码")).to_be_visible()
    password = page.locator("[data-password]").inner_text()
    assert len(password) >= 8
    roles = db.execute("SELECT group_concat(role) FROM (SELECT role FROM user_roles r JOIN users u"
                       " ON u.id = r.user_id WHERE u.username = 'wangwu' ORDER BY role)")
    assert roles.fetchone()[0] == "cadre,grid_worker"

    fresh = first_login(new_context, server_url, "wangwu", password)
    expect(fresh.locator(".screen-password")).to_be_visible()
    expect(fresh.locator(".screen-password")).to_contain_text("请先设置新密码")


def test_duplicate_username_is_shown_at_the_field(admin_page, server_url, db):
    """The server's message sits under 用户名 and everything typed stays."""
    page = admin_page
    page.goto(server_url + "/#/admin/user-new")
    fill_new_account(page, db, "cadre", name="重名者")
    page.get_by_role("button", name="创建账号").click()
    expect(page.locator("[data-error-for=username]")).to_have_text("该用户名已被使用")
    expect(page.get_by_label("用户名")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("用户名")).to_have_value("cadre")
    expect(page.get_by_label("姓名")).to_have_value("重名者")
    expect(page.get_by_label("手机")).to_have_value("13912345678")
    expect(page.get_by_label("所属组织")).to_have_value(str(node_id(db, "青山村")))
    expect(page.get_by_label("网格员")).to_be_checked()
    assert db.execute("SELECT count(*) FROM users WHERE name = '重名者'").fetchone()[0] == 0


def test_reset_password_shows_it_once(admin_page, server_url, db, new_context):
    """After confirming, a temporary password is shown; with it the user must set a new one."""
    page = admin_page
    open_account(page, server_url, db, "grid")
    page.get_by_role("button", name="重置密码").click()
    expect(page.locator("[data-secret]")).to_contain_text("密码已重置")
    password = page.locator("[data-password]").inner_text()
    row = db.execute("SELECT must_change_password FROM users WHERE username = 'grid'").fetchone()
    assert row[0] == 1
    fresh = first_login(new_context, server_url, "grid", password)
    expect(fresh.locator(".screen-password")).to_be_visible()


def test_deactivate_account(admin_page, server_url, db):
    """A deactivated account is marked in its profile and the list, and in the database."""
    page = admin_page
    open_account(page, server_url, db, "member")
    page.get_by_role("button", name="停用账号").click()
    expect(page.locator("[data-profile] .chip-muted")).to_have_text("已停用")
    expect(page.get_by_role("button", name="重新启用账号")).to_be_visible()
    assert db.execute("SELECT active FROM users WHERE username = 'member'").fetchone()[0] == 0
    page.locator(".back-link").click()
    page.get_by_role("button", name="已停用").click()
    rows = page.locator("[data-items] .user-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("吴党员")
    expect(rows.first.locator(".chip-muted")).to_have_text("已停用")


def test_supervisor_reads_accounts_only(page, server_url):
    """A supervisor's 管理 menu holds what a supervisor may open: the accounts (read-only,
    with masked phones), the leaders and their targets (read-only), the inspections, the
    surveys and the warnings' thresholds (read-only); nothing an admin keeps."""
    log_in(page, server_url, "supervisor")
    page.get_by_role("link", name="管理").click()
    menu = page.locator(".admin-sections")
    expect(menu.locator(".admin-section strong")).to_have_text([
        "统计分析", "账号", "领导干部联系基层", "领导基层工作目标", "暗访记录", "满意度调查",
        "服务时长审核", "党员双报到", "舆情预警", "预警阈值", "重大情况报告"])
    menu.get_by_role("link", name="账号").click()
    expect(page.locator("[data-items]")).to_be_visible()
    expect(page.get_by_role("link", name="新建账号")).to_have_count(0)
    expect(page.locator(".screen")).to_contain_text("只能查看账号")
    page.locator(".user-row", has_text="刘干部").click()
    expect(page.locator("[data-profile]")).to_contain_text("刘干部")
    expect(page.get_by_role("button", name="重置密码")).to_have_count(0)


def test_admin_screens_say_when_offline(admin_page, server_url, context):
    """Offline, the tree explains it needs a connection, and loads once back online."""
    page = admin_page
    wait_for_worker(page)
    page.get_by_role("link", name="管理").click()
    expect(page.get_by_role("link", name="组织架构")).to_be_visible()
    context.set_offline(True)
    page.get_by_role("link", name="组织架构").click()
    expect(page.locator(".admin-failure")).to_contain_text("没有网络连接")
    context.set_offline(False)
    expect(page.locator("[data-tree]")).to_contain_text("示范县")


def workbook(path, nodes, users):
    """Write an import workbook with the template's two sheets."""
    path.write_bytes(xlsx_file({"组织": [NODE_HEADER, *nodes],
                                "用户": [USER_HEADER, *users]}).getvalue())
    return path


def test_import_shows_row_errors_then_imports(admin_page, server_url, db, tmp_path,
                                              monkeypatch):
    """A bad workbook lists its errors by sheet and row; a good one is checked, then imported
    as a job whose progress shows until the accounts and their passwords appear."""
    bad = workbook(tmp_path / "bad.xlsx",
                   [[None, "示范县", "新区镇", "乡镇", None, None]],
                   [["zhaoliu", "赵六", None, None, "新区镇", "村长"]])
    good = workbook(tmp_path / "good.xlsx",
                    [[None, "示范县", "新区镇", "乡镇街道", "乡镇", "510199002"]],
                    [["zhaoliu", "赵六", "13812345678", "510199002", None, "网格员"]])
    page = admin_page
    page.get_by_role("link", name="管理").click()
    page.get_by_role("link", name="批量导入").click()
    expect(page.locator("[data-template]")).to_have_attribute("href", "/api/org/import-template")
    page.locator("input[type=file]").set_input_files(bad)
    page.get_by_role("button", name="先检查").click()
    errors = page.locator(".import-errors")
    expect(errors).to_contain_text("没有导入任何数据")
    expect(errors.locator("tbody tr")).to_have_count(2)
    first = errors.locator("tbody tr").first.locator("td")
    expect(first).to_have_text(["组织", "2", "类型", "不认识的类型，可填：省、市州、县市区、乡镇街道、村社区、网格、党组织"])
    expect(errors).to_contain_text("不认识的角色：村长")
    expect(page.get_by_role("button", name="导入", exact=True)).to_be_disabled()

    page.locator("input[type=file]").set_input_files(good)
    expect(errors).to_have_count(0)
    page.get_by_role("button", name="先检查").click()
    expect(page.locator("[data-checked]")).to_contain_text("将新建 1 个组织、1 个账号")
    assert db.execute("SELECT count(*) FROM users WHERE username = 'zhaoliu'").fetchone()[0] == 0
    gate = hold_writes(monkeypatch)   # passwords hashed, the write held: the progress shows
    page.get_by_role("button", name="导入", exact=True).click()
    progress = page.locator(".job-progress")
    expect(progress).to_contain_text("检查通过，正在写入…")
    expect(progress.locator("[data-job-counts]")).to_have_text("已检查 2 / 2 行，已写入 0 行")
    gate.set()
    expect(page.locator("[data-imported]")).to_contain_text("导入成功")
    accounts = page.locator("[data-accounts] tbody tr")
    expect(accounts).to_have_count(1)
    expect(accounts.first.locator("td").nth(1)).to_have_text("zhaoliu")
    expect(page.locator(".screen")).to_contain_text("只显示这一次")
    user = db.execute("SELECT u.must_change_password, n.name FROM users u JOIN org_nodes n"
                      " ON n.id = u.node_id WHERE u.username = 'zhaoliu'").fetchone()
    assert tuple(user) == (1, "新区镇")


def test_an_import_whose_worker_died_says_so_plainly(admin_page, server_url, db, tmp_path,
                                                     monkeypatch):
    """The server restarted in the middle of an import: the screen says plainly that nothing
    was written and to import again, where the progress was."""
    gate = hold_writes(monkeypatch)
    page = admin_page
    page.get_by_role("link", name="管理").click()
    page.get_by_role("link", name="批量导入").click()
    page.locator("input[type=file]").set_input_files(workbook(
        tmp_path / "good.xlsx", [[None, "示范县", "新区镇", "乡镇街道", "乡镇", None]], []))
    page.get_by_role("button", name="先检查").click()
    expect(page.locator("[data-checked]")).to_contain_text("将新建 1 个组织、0 个账号")
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.locator(".job-progress")).to_contain_text("检查通过，正在写入…")
    db.execute("UPDATE jobs SET heartbeat = heartbeat - ?", [runner.STALE_SECONDS + 1])
    db.conn.commit()   # as though its worker had died a minute ago
    expect(page.locator("[data-error-for=file]")).to_have_text(
        "服务器重启，导入没有完成，请重新导入；没有写入任何数据")
    expect(page.locator(".job-progress")).to_have_count(0)
    gate.set()
    assert db.execute("SELECT count(*) FROM org_nodes WHERE name = '新区镇'").fetchone()[0] == 0
