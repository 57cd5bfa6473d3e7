"""Rows with sensible defaults, and a client that speaks to /api like the PWA."""
import itertools
from io import BytesIO
from typing import ClassVar

import openpyxl

from qzapp.org import service

PASSWORD = "secret123"
_counter = itertools.count(1)


class ApiClient:
    """Wraps a Flask test client: JSON bodies and the CSRF header on unsafe requests."""

    HEADERS: ClassVar = {"X-Requested-With": "qzapp"}

    def __init__(self, client):
        self.client = client

    def get(self, url, **kw):
        """GET url."""
        return self.client.get(url, **kw)

    def post(self, url, json=None, **kw):
        """POST a JSON body with the CSRF header."""
        return self.client.post(url, json=json, headers=self.HEADERS, **kw)

    def patch(self, url, json=None, **kw):
        """PATCH a JSON body with the CSRF header."""
        return self.client.patch(url, json=json, headers=self.HEADERS, **kw)

    def put(self, url, **kw):
        """PUT with the CSRF header."""
        return self.client.put(url, headers=self.HEADERS, **kw)

    def login(self, username, password=PASSWORD):
        """Sign in and return the response."""
        return self.post("/api/auth/login", {"username": username, "password": password})

    def logout(self):
        """Sign out."""
        return self.post("/api/auth/logout")

    def as_user(self, username, password=PASSWORD):
        """Sign out, then in as username; returns the client."""
        self.logout()
        assert self.login(username, password).status_code == 200
        return self

    def push(self, mutations, device="phone-0001"):
        """POST a batch of mutations to /api/sync/push as one phone."""
        return self.post("/api/sync/push", {"device_id": device, "mutations": mutations})


class Phone:
    """One signed-in phone (a device of its own): pushes records with increasing mids."""

    def __init__(self, app, username):
        self.api = ApiClient(app.test_client()).as_user(username)
        self.mid = 0
        self.device = f"phone-{username}-{id(self)}"

    def put(self, entity, data, record_id=None, base_rev=None):
        """Push one put; returns its result (applied with rev, or rejected with reason)."""
        [result] = self.push(entity, data, record_ids=[record_id], base_rev=base_rev)
        return result

    def push(self, entity, *records, record_ids=None, base_rev=None):
        """Push records of an entity in one batch; their results, each with its id."""
        ids = [i or new_id() for i in record_ids or [None] * len(records)]
        mutations = []
        for record_id, data in zip(ids, records, strict=True):
            self.mid += 1
            mutations.append(put(self.mid, record_id, data, base_rev, entity))
        answer = self.api.push(mutations, device=self.device)
        assert answer.status_code == 200, answer.json
        return [{**result, "id": record_id}
                for result, record_id in zip(answer.json["results"], ids, strict=True)]

    def get(self, url):
        """GET url, asserting a 200; the JSON."""
        answer = self.api.get(url)
        assert answer.status_code == 200, answer.json
        return answer.json


def make_node(db, parent=None, kind=None, name=None, **extra):
    """An org node under parent (a province root when parent is None)."""
    kind = kind or ("province" if parent is None else "county")
    name = name or f"{kind}-{next(_counter)}"
    return service.create_node(db, None, parent, {"name": name, "kind": kind, **extra})


def make_user(db, node, roles=("cadre",), username=None, password=PASSWORD, **extra):
    """An active account on node with roles and a known password."""
    username = username or f"user{next(_counter)}"
    user, _ = service.create_user(db, None, {
        "username": username, "name": extra.pop("name", "测试用户"), "node_id": node["id"],
        "roles": list(roles), "password": password, **extra})
    return user


def make_household(db, node, **overrides):
    """A household on node (a grid or village), stored as the sync engine stores one."""
    from qzapp.households.entity import HOUSEHOLD
    from qzapp.sync import store
    row = {"node_id": node["id"], "head_name": "张三", "members": [],
           "difficulty_type": "low_income", "needs": None, "address": None,
           "phone": "13800001111", "id_number": "510104199001011230", **overrides}
    record_id = new_id()
    with db.atomic():
        store.save(db, None, HOUSEHOLD, record_id, None, row)
    return {**row, "id": record_id}


def new_id():
    """A fresh record id as phones make them."""
    import uuid
    return str(uuid.uuid4())


def diary_data(node_id=None, **overrides):
    """The data of a valid visit diary written today."""
    from qzapp.clock import CHINA, now
    data = {"kind": "visit", "occurred_at": now().astimezone(CHINA).isoformat(timespec="seconds"),
            "heard": "反映饮水管道老化", "done": "联系水务站", "photos": []}
    if node_id is not None:
        data["node_id"] = node_id
    return {**data, **overrides}


def put(mid, record_id, data, base_rev=None, entity="diary"):
    """A put mutation."""
    return {"mid": mid, "op": "put", "entity": entity, "id": record_id, "base_rev": base_rev,
            "data": data}


def make_diary(db, author, node, **overrides):
    """A diary stored as the sync engine stores one, with its place in the change feed."""
    from qzapp.clock import now_iso
    from qzapp.sync import changes
    stamp = now_iso()
    row = {"id": new_id(), "node_id": node["id"], "kind": "visit",
           "occurred_at": "2026-11-20T09:00:00+08:00", "heard": "路灯坏了", "photos": "[]",
           "created_by": author["id"], "created_at": stamp, "updated_at": stamp,
           "updated_by": author["id"], **overrides}
    with db.atomic():
        row["rev"] = changes.record_change(db, "diary", row["id"],
                                           changes.Audience(node["id"], author["id"]))
        db["diaries"].insert(row)
    return row


# The org import's sheets as the template has them.
NODE_HEADER = ["上级编码", "上级名称", "名称", "类型", "子类型", "编码"]
USER_HEADER = ["用户名", "姓名", "手机", "所属组织编码", "所属组织名称", "角色"]


def xlsx_file(sheets):
    """An .xlsx in memory: {sheet title: [row, ...]}, each row a list of cell values."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def county_app(tmp_path_factory, sizes, seed, workers):
    """The app on a database holding a generated county of sizes (made once per module)."""
    from qzapp import county, create_app
    from qzapp.auth import service
    from qzapp.db import connect
    service.HASH_METHOD = "pbkdf2:sha256:1000"   # as conftest's fixture: logins stay quick
    path = str(tmp_path_factory.mktemp("county") / "county.db")
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE": path,
                      "MEDIA_DIR": str(tmp_path_factory.getbasetemp() / "media")})
    db = connect(path)
    app.config["COUNTY"] = county.generate(db, **sizes, seed=seed, workers=workers)
    db.close()
    return app
