"""The rules of importing the org tree and accounts from workbook rows, as a job: every row
checked without the writer lock, the new accounts' passwords hashed, then all rows written in
one transaction, or none."""
import re
from dataclasses import dataclass

from .. import xlsx
from ..auth import service as accounts
from ..auth.roles import ROLES
from ..errors import ApiError
from ..i18n import t
from ..validate import text_problem
from . import queries, service, tree

NODES, USERS = "组织", "用户"
# Column title -> key, in template order. Titles are the file format, so they are not translated.
COLUMNS = {
    NODES: {"上级编码": "parent_code", "上级名称": "parent_name", "名称": "name",
            "类型": "kind", "子类型": "subtype", "编码": "code"},
    USERS: {"用户名": "username", "姓名": "name", "手机": "phone",
            "所属组织编码": "node_code", "所属组织名称": "node_name", "角色": "roles"},
}
# Each group needs one of its columns present.
REQUIRED = {
    NODES: (("上级编码", "上级名称"), ("名称",), ("类型",)),
    USERS: (("用户名",), ("姓名",), ("所属组织编码", "所属组织名称"), ("角色",)),
}
# Well above a county's tree and accounts. Each account costs a scrypt hash (~0.08 s), made
# by the job before its write transaction: 20,000 accounts hash for about half an hour.
MAX_ROWS = {NODES: 5000, USERS: 20000}
SHEETS = {title: xlsx.Sheet(COLUMNS[title], REQUIRED[title], MAX_ROWS[title])
          for title in COLUMNS}
# The id of a node of the file that a check (which writes nothing) has not inserted: no
# node in the database has it, so it has no children there.
UNWRITTEN = 0
NAME_MAX, CODE_MAX, USER_NAME_MAX = 60, 30, 40   # as in routes.NODE_CREATE / USER_CREATE

KIND_NAMES = {"省": "province", "市州": "city", "县市区": "county", "乡镇街道": "township",
              "村社区": "village", "网格": "grid", "党组织": tree.PARTY_ORG}
SUBTYPE_NAMES = {"乡镇": "township", "街道": "street", "村": "village", "社区": "community",
                 "联合服务型": "joint_service", "非公企业": "non_public", "网络服务": "network",
                 "社会组织": "social_org", "其他": "other"}
ROLE_NAMES = {"机关干部": "cadre", "第一书记": "first_secretary", "村(社区)干部": "village_staff",
              "村干部": "village_staff", "社区干部": "village_staff", "网格员": "grid_worker",
              "在职党员": "member", "社区工作人员": "community_staff", "领导干部": "leader",
              "督查人员": "supervisor", "系统管理员": "admin"}
SUBTYPE_CODES = frozenset(code for codes in tree.SUBTYPES.values() for code in codes)
ROLE_SEPARATORS = re.compile(r"[、，,；;\s]+")
# A reference's code column, name column, and the message when both are blank.
PARENT_COLUMNS = ("上级编码", "上级名称", "import.parent_required")
NODE_COLUMNS = ("所属组织编码", "所属组织名称", "import.node_required")
# How service errors' fields read as column titles.
NODE_FIELDS = {"name": "名称", "kind": "类型", "subtype": "子类型", "code": "编码"}
USER_FIELDS = {"username": "用户名", "name": "姓名", "phone": "手机", "roles": "角色"}


def choice(names, value, codes):
    """The code a Chinese name (or the code itself) stands for, else None."""
    return names.get(value) or (value if value in codes else None)


@dataclass
class Entry:
    """A node row of the file: node is its inserted row, None while it has errors."""

    row: int
    name: str
    code: str
    kind: str
    parent: tuple   # ("row", number) or ("id", node id) of its parent; None when unresolved
    node: dict = None


class Import:
    """One pass over the rows: resolved against the admin's scope and each other, errors
    collected; the nodes and accounts created when write, else only checked."""

    def __init__(self, db, actor_id, scope, node_rows, write=False):
        self.db, self.actor_id, self.scope, self.write = db, actor_id, scope, write
        self.errors, self.entries, self.pending_users, self.accounts = [], [], [], []
        # The 组织 rows so far by code (first), name (all), (parent, name) (first); and the
        # first row of every code and name in the whole sheet.
        self.by_code, self.by_name, self.by_sibling, self.first_row = {}, {}, {}, {}
        for number, cells in reversed(node_rows):
            for key in ("code", "name"):
                if cells[key]:
                    self.first_row[(key, cells[key])] = number
        self.created_ids, self.usernames = set(), {}   # usernames: casefolded -> first row

    def report(self, sheet, row, problems):
        """Record (column, message) problems of a row in column order, one per column."""
        seen, rank = set(), {column: i for i, column in enumerate(COLUMNS[sheet])}
        for column, message in sorted(problems, key=lambda p: rank.get(p[0], len(rank))):
            if column not in seen:
                seen.add(column)
                self.errors.append({"sheet": sheet, "row": row, "field": column,
                                    "message": message})

    def scope_nodes(self, column, value):
        """Active nodes in scope whose column equals value, not counting this file's."""
        rows = queries.active_nodes_in_scope_by(self.db, self.scope, column, value)
        return [r for r in rows if r["id"] not in self.created_ids]

    def resolve(self, code, name, row=None):
        """(node row or Entry, None) named by code, else by name; or (None, why not)."""
        if code:
            found = [self.by_code[code]] if code in self.by_code else \
                self.scope_nodes("code", code)
            if not found:
                return None, self.not_found("code", code, row)
            if name and name != (found[0].name if isinstance(found[0], Entry)
                                 else found[0]["name"]):
                return None, t("import.code_name_mismatch")
            return found[0], None
        found = self.by_name.get(name, []) + self.scope_nodes("name", name)
        if len(found) > 1:
            return None, t("import.node_ambiguous", count=len(found))
        return (found[0], None) if found else (None, self.not_found("name", name, row))

    def not_found(self, key, value, row):
        """Why a reference found nothing: it is defined further down, or not in scope."""
        later = self.first_row.get((key, value))
        if row is not None and later and later > row:
            return t("import.node_defined_later", row=later)
        return t("field.node_out_of_scope")

    def reference(self, code, name, columns, row=None):
        """Resolve a row's code/name reference: (target, its column, [(column, problem)])."""
        column = columns[1] if name and not code else columns[0]
        if not (code or name):
            return None, column, [(column, t(columns[2]))]
        target, problem = self.resolve(code, name, row)
        return target, column, [(column, problem)] if problem else []

    def add_node(self, row, cells):
        """Validate a 组织 row and insert its node when it is sound."""
        data, problems = node_data(cells)
        target, column, bad_parent = self.reference(cells["parent_code"], cells["parent_name"],
                                                    PARENT_COLUMNS, row)
        problems += bad_parent
        entry = Entry(row, data["name"], data["code"], data["kind"], parent_key(target))
        parent = target.node if isinstance(target, Entry) else target
        if isinstance(target, Entry) and parent is None and target.kind and entry.kind and \
                not tree.child_kind_allowed(target.kind, entry.kind):
            problems.append(("类型", t("field.kind_not_allowed_here")))
        if parent is not None and not problems:
            try:
                entry.node = self.create_node(parent, data)
            except ApiError as err:
                problems += field_problems(err, {**NODE_FIELDS, "parent_id": column})
        self.report(NODES, row, self.duplicates(entry) + problems)
        self.remember(entry)

    def create_node(self, parent, data):
        """Insert the node (write), or check it as create_node would and stand in for it."""
        if self.write:
            node = service.create_node(self.db, self.actor_id, parent, data)
            self.created_ids.add(node["id"])
            return node
        problems = service.node_problems(self.db, parent, data)
        if problems:
            raise ApiError(400, t("error.validation"), "validation",
                           [{"field": f, "message": m} for f, m in problems])
        return {"id": UNWRITTEN, "kind": data["kind"], "name": data["name"], "active": 1}

    def duplicates(self, entry):
        """Problems of a 组织 row repeating an earlier row's code, or its name under one parent."""
        sibling = self.by_sibling.get((entry.parent, entry.name)) if entry.parent else None
        twins = (("编码", self.by_code.get(entry.code)), ("名称", sibling))
        return [(column, t("import.duplicate_in_file", row=twin.row))
                for column, twin in twins if twin]

    def remember(self, entry):
        """Index a 组织 row for the rows after it."""
        if entry.code:
            self.by_code.setdefault(entry.code, entry)
        if entry.name:
            self.by_name.setdefault(entry.name, []).append(entry)
            self.by_sibling.setdefault((entry.parent, entry.name), entry)
        self.entries.append(entry)

    def add_user(self, row, cells):
        """Validate a 用户 row; sound rows wait in pending_users until every row is checked."""
        data, problems = user_data(cells)
        target, _, bad_node = self.reference(cells["node_code"], cells["node_name"], NODE_COLUMNS)
        problems += bad_node
        if data["username"]:
            twin = self.usernames.setdefault(data["username"].casefold(), row)
            if twin != row:
                problems.insert(0, ("用户名", t("import.duplicate_in_file", row=twin)))
            problems += [(USER_FIELDS.get(f, f), m)
                         for f, m in service.user_problems(self.db, data)]
        self.report(USERS, row, problems)
        if not problems:
            self.pending_users.append((row, target, data))

    def create_accounts(self, passwords, on_created):
        """Create the checked accounts, each with its temporary password, made and hashed
        beforehand ({row: (password, hash)}), to change at first login."""
        for row, target, data in self.pending_users:
            node = target.node if isinstance(target, Entry) else target
            try:
                user, password = service.create_user(self.db, self.actor_id,
                                                     {**data, "node_id": node["id"]},
                                                     temporary=passwords[row])
                on_created()
            except ApiError as err:
                self.report(USERS, row, field_problems(err, USER_FIELDS))
                continue
            self.accounts.append({"username": user["username"], "name": user["name"],
                                  "password": password})

    def invalid(self):
        """The 400 listing every bad row."""
        return xlsx.invalid_rows(self.errors)


def parent_key(target):
    """How rows under the same parent are recognised: by its file row or its node id."""
    if isinstance(target, Entry):
        return ("row", target.row)
    return ("id", target["id"]) if target else None


def field_problems(err, columns):
    """A service ApiError's field errors as (column, message)."""
    if not err.errors:
        return [("", err.message)]
    return [(columns.get(e.get("field"), e.get("field") or ""), e["message"]) for e in err.errors]


def node_data(cells):
    """The create_node data of a 组织 row, and the problems of its own cells."""
    problems, data = [], {"name": cells["name"], "code": cells["code"]}
    problems += text_problems("名称", cells["name"], NAME_MAX, required=True)
    problems += text_problems("编码", cells["code"], CODE_MAX)
    data["kind"] = choice(KIND_NAMES, cells["kind"], tree.KINDS)
    if not cells["kind"]:
        problems.append(("类型", t("field.required")))
    elif not data["kind"]:
        problems.append(("类型", t("import.unknown_kind", choices="、".join(KIND_NAMES))))
    data["subtype"] = choice(SUBTYPE_NAMES, cells["subtype"], SUBTYPE_CODES)
    if cells["subtype"] and not data["subtype"]:
        problems.append(("子类型", t("import.unknown_subtype", choices="、".join(SUBTYPE_NAMES))))
    elif data["kind"] == tree.PARTY_ORG and not cells["subtype"]:
        problems.append(("子类型", t("import.subtype_required")))
    return data, problems


def user_data(cells):
    """The create_user data of a 用户 row, and the problems of its own cells."""
    problems = [] if cells["username"] else [("用户名", t("field.required"))]  # format: service
    problems += text_problems("姓名", cells["name"], USER_NAME_MAX, required=True)
    phone = re.sub(r"[\s-]", "", cells["phone"]) if cells["phone"] else None   # 138 1234 5678
    words = ROLE_SEPARATORS.split(cells["roles"] or "")
    codes = {w: choice(ROLE_NAMES, w.replace("（", "(").replace("）", ")"), ROLES)
             for w in words if w}
    unknown = [w for w, code in codes.items() if not code]
    if not codes:
        problems.append(("角色", t("field.required")))
    elif unknown:
        problems.append(("角色", t("import.unknown_roles", roles="、".join(unknown))))
    data = {"username": cells["username"], "name": cells["name"], "phone": phone,
            "roles": sorted({code for code in codes.values() if code})}
    return data, problems


def text_problems(column, value, max_len, required=False):
    """A missing, too long or unprintable cell as [(column, message)]."""
    if not value:
        return [(column, t("field.required"))] if required else []
    problem = text_problem(value)
    if problem:
        return [(column, problem)]
    return [(column, t("field.too_long", max=max_len))] if len(value) > max_len else []


def run(db, actor_id, scope, path, progress, dry_run=False):
    """The job: check every row without the writer lock, hash the new accounts' passwords,
    then write every row in one transaction; a 400 lists each bad row, and nothing is
    written. A dry run only checks."""
    sheets = xlsx.read_workbook(path, SHEETS)
    progress.start("check", total=sum(len(rows) for rows in sheets.values()))
    checked = one_pass(db, actor_id, scope, sheets, lambda: progress.add("checked"))
    if checked.errors:
        raise checked.invalid()
    counts = {"nodes": len(checked.entries), "users": len(checked.pending_users)}
    if dry_run:
        return {"dry_run": True, "created": counts, "accounts": [
            {"username": d["username"], "name": d["name"]} for _, _, d in checked.pending_users]}
    progress.start("hash")
    passwords = {}
    for row, _, _ in checked.pending_users:   # outside the transaction: ~0.08 s each
        password = accounts.generate_password()
        passwords[row] = (password, accounts.hash_password(password))
        progress.add("prepared")
    return progress.write(lambda db: write(db, actor_id, scope, sheets, passwords, progress))


def one_pass(db, actor_id, scope, sheets, on_row, write=False):
    """Go through every row once (check, or write); the Import with its errors."""
    work = Import(db, actor_id, scope, sheets.get(NODES, []), write)
    for row, cells in sheets.get(NODES, []):
        work.add_node(row, cells)
        on_row()
    for row, cells in sheets.get(USERS, []):
        work.add_user(row, cells)
        if not write:
            on_row()
    return work


def write(db, actor_id, scope, sheets, passwords, progress):
    """Inside the job's write transaction: the rows once more, now creating the nodes and
    accounts (the checks run again: what changed since refuses the import); the result."""
    written = one_pass(db, actor_id, scope, sheets, lambda: progress.add("written"), write=True)
    if not written.errors:
        written.create_accounts(passwords, lambda: progress.add("written"))
    if written.errors:
        raise written.invalid()
    return {"dry_run": False, "created": {"nodes": len(written.entries),
                                          "users": len(written.pending_users)},
            "accounts": written.accounts}
