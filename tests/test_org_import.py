"""Importing the org tree and accounts from .xlsx: every bad row reported, all or nothing."""
import zipfile
from io import BytesIO

import openpyxl
import pytest

from qzapp import audit, xlsx
from qzapp.org import importer
from tests.factories import NODE_HEADER, USER_HEADER, make_node, make_user, xlsx_file
from tests.jobs import as_before, run_inline

TABLES = ("org_nodes", "users", "user_roles", "audit")


@pytest.fixture(autouse=True)
def inline_jobs(monkeypatch):
    """Imports run to their end inside the upload's request."""
    run_inline(monkeypatch)


@pytest.fixture
def county(db):
    province = make_node(db, name="四川省")
    county = make_node(db, province, kind="county", name="测试县", code="510199")
    make_node(db, province, kind="county", name="邻县", code="510188")
    make_user(db, county, roles=["admin"], username="boss")
    make_user(db, county, username="taken")
    return county


@pytest.fixture
def admin(api, county):
    assert api.login("boss").status_code == 200
    return api


def workbook(nodes=None, users=None, **sheets):
    """An .xlsx in memory; nodes/users are data rows under the standard headers."""
    for title, header, rows in (("组织", NODE_HEADER, nodes), ("用户", USER_HEADER, users)):
        if rows is not None:
            sheets[title] = [header, *rows]
    return xlsx_file(sheets)


def upload(api, stream, name="org.xlsx", **form):
    """Upload a workbook and wait for its job: its outcome as the import answered it when
    it ran inside the request."""
    return as_before(api, api.client.post(
        "/api/org/import", data={"file": (stream, name), **form}, headers=api.HEADERS,
        content_type="multipart/form-data"))


def counts(db):
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


GOOD_NODES = [
    [510199.0, None, "青山镇", "乡镇街道", "乡镇", "510199001"],     # code typed as a number
    ["510199001", None, "青山村", "村社区", None, "0510199001001"],   # parent from row 2
    [None, "青山村", "第一网格", "网格", None, None],                   # parent by name, row 3
    [None, "测试县", "县非公企业党委", "党组织", "非公企业", None],
]
GOOD_USERS = [
    ["liu", "刘干部", 13812345678, "510199001", None, "机关干部、网格员"],
    [" chen ", "陈书记", "138 1234 5679", None, "第一网格", "第一书记，村（社区）干部"],
]


def test_good_import_creates_branch_and_accounts(admin, api, db, county):
    response = upload(admin, workbook(GOOD_NODES, GOOD_USERS))
    assert response.status_code == 200, response.json
    assert response.json["created"] == {"nodes": 4, "users": 2}
    assert response.headers["Cache-Control"] == "no-store"
    village = next(db.query("SELECT * FROM org_nodes WHERE name = '青山村'"))
    grid = next(db.query("SELECT * FROM org_nodes WHERE name = '第一网格'"))
    assert grid["parent_id"] == village["id"] and grid["kind"] == "grid"
    assert (village["code"], village["subtype"]) == ("0510199001001", "village")  # leading 0 kept
    liu = next(db.query("SELECT * FROM users WHERE username = 'liu'"))
    assert liu["phone"] == "13812345678" and liu["must_change_password"] == 1
    chen = next(db.query("SELECT * FROM users WHERE username = 'chen'"))
    assert chen["node_id"] == grid["id"] and chen["phone"] == "13812345679"
    roles = [r["role"] for r in db.query("SELECT role FROM user_roles WHERE user_id = ? "
                                         "ORDER BY role", [chen["id"]])]
    assert roles == ["first_secretary", "village_staff"]
    boss = next(db.query("SELECT id FROM users WHERE username = 'boss'"))["id"]
    for entity, row_id in (("org_node", grid["id"]), ("user", chen["id"])):
        [entry] = audit.entries(db, entity, row_id)
        assert (entry["action"], entry["user_id"]) == ("create", boss)
    accounts = {a["username"]: a for a in response.json["accounts"]}
    assert set(accounts) == {"liu", "chen"} and accounts["liu"]["name"] == "刘干部"
    admin.logout()
    for username, account in accounts.items():
        login = api.login(username, account["password"])
        assert login.status_code == 200 and login.json["user"]["must_change_password"] is True
        api.logout()


def test_bad_rows_are_all_reported_and_nothing_written(admin, db, county):
    nodes = [
        ["510199", None, "青山镇", "乡镇街道", None, "510199001"],          # 2: fine on its own
        ["999999", None, "无主镇", "乡镇街道", None, None],                 # 3: unknown parent
        ["510199", None, "某某", "乡", None, None],                        # 4: bad type
        ["510188", None, "越界镇", "乡镇街道", None, None],                 # 5: outside subtree
        ["510199", None, "青山镇", "乡镇街道", None, "510199001"],          # 6: repeats row 2
        [None, None, "孤儿村", "村社区", None, None],                       # 7: no parent
        ["510199", None, "某党支部", "党组织", None, None],                 # 8: no subtype
        ["510199", None, "大市", "市州", None, None],                       # 9: city under county
    ]
    users = [
        ["liu", "刘干部", "13812345678", "510199001", None, "机关干部"],     # 2: fine
        ["LIU", "刘二", None, "510199", None, "机关干部"],                  # 3: repeats row 2
        ["taken", "某", None, "510199", None, "机关干部"],                  # 4: in the database
        ["wang", "王", "12345", "510199", None, "机关干部"],                # 5: bad phone
        ["zhao", "赵", None, "510199", None, "机关干部、国王"],             # 6: unknown role
        ["qian", "钱", None, "510188", None, "网格员"],                     # 7: outside subtree
        ["a b", None, None, None, None, None],                             # 8: four problems
    ]
    before = counts(db)
    response = upload(admin, workbook(nodes, users))
    assert response.status_code == 400
    assert response.json["code"] == "import_invalid"
    errors = [(e["sheet"], e["row"], e["field"]) for e in response.json["errors"]]
    assert errors == [
        ("组织", 3, "上级编码"), ("组织", 4, "类型"), ("组织", 5, "上级编码"),
        ("组织", 6, "名称"), ("组织", 6, "编码"), ("组织", 7, "上级编码"),
        ("组织", 8, "子类型"), ("组织", 9, "类型"),
        ("用户", 3, "用户名"), ("用户", 4, "用户名"), ("用户", 5, "手机"), ("用户", 6, "角色"),
        ("用户", 7, "所属组织编码"),
        ("用户", 8, "用户名"), ("用户", 8, "姓名"), ("用户", 8, "所属组织编码"), ("用户", 8, "角色"),
    ]
    assert f"共 {len(errors)} 处错误" in response.json["error"]
    messages = {(e["sheet"], e["row"], e["field"]): e["message"] for e in response.json["errors"]}
    assert messages[("组织", 6, "名称")] == "与第 2 行重复"
    assert messages[("用户", 3, "用户名")] == "与第 2 行重复"
    assert messages[("用户", 4, "用户名")] == "该用户名已被使用"
    assert messages[("用户", 5, "手机")] == "请填写 11 位手机号码"
    assert "国王" in messages[("用户", 6, "角色")]
    assert messages[("组织", 5, "上级编码")] == messages[("组织", 3, "上级编码")]
    assert counts(db) == before


@pytest.mark.parametrize("nodes,users,sheet,row,field,message", [
    ([[None, "测试县", "青山镇", "省", None, None]], None, "组织", 2, "类型",
     "该类型的组织不能建在这个上级组织下"),
    ([[None, "测试县", "青山镇", "乡镇街道", "社区", None]], None, "组织", 2, "子类型",
     "不是可选的值"),
    ([[None, "测试县", "青山镇", "乡镇街道", "镇子", None]], None, "组织", 2, "子类型", None),
    ([["510199", "邻县", "青山镇", "乡镇街道", None, None]], None, "组织", 2, "上级编码",
     "编码和名称对应的不是同一个组织"),
    ([["510199", None, "青山镇", "乡镇街道", None, "510188"]], None, "组织", 2, "编码",
     "该编码已被使用"),
    ([["510199", None, "x" * 61, "乡镇街道", None, None]], None, "组织", 2, "名称",
     "不能超过 60 个字"),
    ([["510199001", None, "青山村", "村社区", None, None],
      ["510199", None, "青山镇", "乡镇街道", None, "510199001"]], None, "组织", 2, "上级编码",
     "该组织在第 3 行才出现，请把上级组织写在下级前面"),
    ([["510199", None, "第一网格", "网格", None, "g1"], ["510199", None, "乙", "乡镇街道", None, None],
      ["510199", None, "第一网格", "网格", None, "g2"]], None, "组织", 4, "名称", "与第 2 行重复"),
    (None, [["lili", "李", None, None, "测试县", "机关干部"]], None, None, None, None),  # fine
    (None, [["lili", "李", None, None, "四川省", "机关干部"]], "用户", 2, "所属组织名称",
     "该组织不存在、已停用或不在您的管辖范围内"),
    (None, [["lili", "李", None, None, None, "机关干部"]], "用户", 2, "所属组织编码",
     "请填写所属组织编码或所属组织名称"),
    (None, [["lili", "李", "1381234567", "510199", None, "机关干部"]], "用户", 2, "手机",
     "请填写 11 位手机号码"),
    (None, [["li!", "李", None, "510199", None, "机关干部"]], "用户", 2, "用户名",
     "用户名为 3–64 位字母、数字、下划线、点或横线"),
    (None, [["lili", "李", None, "510199", None, " "]], "用户", 2, "角色", "必填"),
])
def test_row_validation(admin, db, county, nodes, users, sheet, row, field, message):
    before = counts(db)
    response = upload(admin, workbook(nodes, users))
    if sheet is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    [error] = response.json["errors"]
    assert (error["sheet"], error["row"], error["field"]) == (sheet, row, field)
    assert message is None or error["message"] == message
    assert counts(db) == before


def test_parent_name_must_be_unique(admin, db, county):
    make_node(db, county, kind="township", name="同名")
    make_node(db, make_node(db, county, kind="township", name="另一镇"), kind="village",
              name="同名")
    response = upload(admin, workbook([[None, "同名", "某网格", "网格", None, None]]))
    assert response.json["errors"][0]["message"] == "有 2 个组织叫这个名称，请改填编码"


def test_user_on_a_node_of_the_same_file_by_name(admin, db, county):
    response = upload(admin, workbook([["510199", None, "青山镇", "乡镇街道", "街道", None]],
                                      [["lili", "李", None, None, "青山镇", "网格员"]]))
    assert response.status_code == 200
    node = next(db.query("SELECT * FROM org_nodes WHERE name = '青山镇'"))
    assert node["subtype"] == "street"
    assert db["users"].get(next(db.query("SELECT id FROM users WHERE username = 'lili'"))["id"])[
        "node_id"] == node["id"]


def test_dry_run_writes_nothing(admin, db, county):
    before = counts(db)
    response = upload(admin, workbook(GOOD_NODES, GOOD_USERS), dry_run="1")
    assert response.status_code == 200 and response.json["dry_run"] is True
    assert response.json["created"] == {"nodes": 4, "users": 2}
    assert all("password" not in a for a in response.json["accounts"])
    assert counts(db) == before
    bad = upload(admin, workbook([["999", None, "某", "网格", None, None]]), dry_run="1")
    assert bad.status_code == 400 and bad.json["code"] == "import_invalid"


@pytest.mark.parametrize("content,code", [
    (b"just some text\n", "import_bad_file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "import_bad_file"),   # old .xls
    (b"PK\x03\x04 broken zip", "import_bad_file"),
])
def test_not_an_xlsx(admin, content, code):
    response = upload(admin, BytesIO(content))
    assert response.status_code == 400 and response.json["code"] == code
    assert ".xlsx" in response.json["error"]


def test_zip_that_is_not_a_workbook(admin):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    buffer.seek(0)
    assert upload(admin, buffer).json["code"] == "import_bad_file"


def test_zip_bomb_refused_before_unpacking(admin, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 1000)
    response = upload(admin, workbook(GOOD_NODES))
    assert response.status_code == 413 and response.json["code"] == "too_large"


@pytest.mark.parametrize("sheets,code,words", [
    ({"Sheet1": [["名称"], ["某"]]}, "import_empty", ["组织", "用户"]),
    ({"组织": [NODE_HEADER], "用户": [USER_HEADER, [None] * 6]}, "import_empty", []),
    ({"组织": [["名称", "类型"], ["某", "网格"]]}, "import_columns", ["上级编码/上级名称"]),
    ({"用户": [["用户名"], ["li"]]}, "import_columns",
     ["姓名", "所属组织编码/所属组织名称", "角色"]),
])
def test_sheet_problems(admin, sheets, code, words):
    response = upload(admin, workbook(**sheets))
    assert response.status_code == 400 and response.json["code"] == code
    assert all(word in response.json["error"] for word in words)


def test_too_many_rows(admin, monkeypatch):
    monkeypatch.setattr(importer.SHEETS["组织"], "max_rows", 3)
    rows = [["510199", None, f"镇{i}", "乡镇街道", None, None] for i in range(4)]
    response = upload(admin, workbook(rows))
    assert response.status_code == 400 and response.json["code"] == "import_too_many_rows"
    assert "3 行" in response.json["error"]
    assert upload(admin, workbook(rows[:3])).status_code == 200


def test_stray_blank_rows_and_whitespace(admin, db, county):
    rows = [["  510199 ", None, " 青山镇\u3000", " 乡镇街道 ", None, None], [None] * 6,
            [" ", None, None, None, None, None], ["510199", None, "白云镇", "乡镇街道", None, None]]
    response = upload(admin, workbook(rows))
    assert response.status_code == 200 and response.json["created"]["nodes"] == 2
    assert db.execute("SELECT count(*) FROM org_nodes WHERE name = '青山镇'").fetchone()[0] == 1
    bad = upload(admin, workbook([*rows[1:3], ["510199", None, "某", "坏", None, None]]))
    assert [e["row"] for e in bad.json["errors"]] == [4]   # Excel's row number, blanks counted


@pytest.mark.parametrize("value,text", [
    (13812345678.0, "13812345678"), (13812345678, "13812345678"), (" 0123 ", "0123"),
    (1.5, "1.5"), (0, "0"), ("\u3000 ", None), (None, None),
])
def test_cell_text(value, text):
    assert xlsx.cell_text(value) == text


def test_columns_in_any_order_trimmed_titles_extra_columns(admin, db, county):
    sheet = [["备注", " 类型 ", "名称*", "上级编码"], ["随便写", "乡镇街道", "青山镇", "510199"]]
    response = upload(admin, workbook(组织=sheet))
    assert response.status_code == 200 and response.json["created"]["nodes"] == 1


def test_inactive_parent_is_not_found(admin, db, county):
    closed = make_node(db, county, kind="township", name="撤并乡", code="510199009")
    db["org_nodes"].update(closed["id"], {"active": 0})
    response = upload(admin, workbook([["510199009", None, "某村", "村社区", None, None]]))
    assert response.json["errors"][0]["message"] == "该组织不存在、已停用或不在您的管辖范围内"


def test_missing_file(admin):
    response = admin.client.post("/api/org/import", data={}, headers=admin.HEADERS,
                                 content_type="multipart/form-data")
    assert response.status_code == 400 and response.json["code"] == "import_no_file"
    assert response.json["errors"] == [{"field": "file", "message": "必填"}]


@pytest.mark.parametrize("role", ["cadre", "supervisor"])
def test_non_admins_cannot_import(api, db, county, role):
    make_user(db, county, roles=[role], username="someone")
    api.login("someone")
    before = counts(db)
    assert upload(api, workbook(GOOD_NODES)).status_code == 403
    assert api.get("/api/org/import-template").status_code == 403
    assert counts(db) == before


def test_anonymous_cannot_import(api, county):
    assert upload(api, workbook(GOOD_NODES)).status_code == 401


def test_template_downloads_and_imports_once_adapted(admin, db, county):
    response = admin.get("/api/org/import-template")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(BytesIO(response.data))
    assert book.sheetnames == ["组织", "用户", "说明"]
    assert [c.value for c in book["组织"][1]] == NODE_HEADER
    assert [c.value for c in book["用户"][1]] == USER_HEADER
    help_text = "\n".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
    assert all(word in help_text for word in ("乡镇街道", "非公企业", "村(社区)干部", "临时密码",
                                              "最多 5000 行"))
    assert "{" not in help_text
    as_is = upload(admin, BytesIO(response.data), name="模板.xlsx")
    assert as_is.status_code == 400   # the example parent 示范县 does not exist here
    book["组织"]["B2"] = county["name"]
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    adapted = upload(admin, buffer)
    assert adapted.status_code == 200, adapted.json
    assert adapted.json["created"] == {"nodes": 1, "users": 1}


def test_english_messages(admin):
    response = admin.client.post(
        "/api/org/import", data={"file": (BytesIO(b"text"), "a.txt")},
        headers={**admin.HEADERS, "Accept-Language": "en"}, content_type="multipart/form-data")
    assert response.json["error"].startswith("The file is not an Excel")
