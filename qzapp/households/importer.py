"""Importing households from .xlsx, as a job: rows streamed from the file and checked without
the writer lock, a chunk at a time (places and twins looked up by one query per chunk, not
per row); then, when no row is bad, every row written in one short transaction, in bulk, as
the sync engine writes a household (its change with the pulled JSON, its audit entry)."""
import contextlib
import re
from itertools import islice

from .. import xlsx
from ..clock import now_iso
from ..db import connect, execute, execute_many, fetch_all, fetch_tuples, fetch_value, rows_in
from ..errors import ApiError
from ..i18n import t
from ..ids import new_id
from ..sync.store import compact_json, pulled_json
from .entity import (
    FIELDS,
    HOUSEHOLD,
    clean_fields,
    place_problem,
    stored_twin_keys,
    twin_key,
    village_of,
)
from .excel import COLUMNS, DIFFICULTY_NAMES, SHEET

# A county's register is some tens of thousands of households; one file may hold all of it.
MAX_ROWS = 100_000
REQUIRED = (("所属组织编码", "所属组织名称"), ("户主",), ("困难类型",))
SPEC = {SHEET: xlsx.Sheet(COLUMNS, REQUIRED, max_rows=MAX_ROWS)}
CHUNK = 1000          # rows checked against the database together
WRITE_CHUNK = 20000   # rows copied into the register per statement (the write's progress)
DIFFICULTY_CODES = {name: code for code, name in DIFFICULTY_NAMES.items()}
FIELD_COLUMNS = {key: title for title, key in COLUMNS.items()}
FIELD_COLUMNS["node_id"] = "所属组织名称"
MEMBER = re.compile(r"^(?P<name>[^(（]+)(?:[(（](?P<relation>[^,，)）]*)"
                    r"(?:[,，]\s*(?P<year>\d{4}))?[)）])?$")
NODE_COLUMNS = "id, parent_id, code, name, kind, active, path"
# The stored columns of a household, in the order a checked row keeps its fields.
STORED = tuple(FIELDS)


def run(db, user, path, progress):
    """The job: check every row of the 户籍 sheet, then write them all, or none and every bad
    row reported (a 400 raised); returns {"created": how many}."""
    with Staging(path.with_suffix(".rows")) as staging:
        check = Check(db, user, staging)
        with xlsx.open_workbook(path) as book:
            progress.start("check", total=xlsx.estimated_rows(book, SHEET))
            rows = xlsx.sheet_rows(book, SHEET, SPEC[SHEET])
            while chunk := list(islice(rows, CHUNK)):
                check.chunk(chunk)
                progress.add("checked", len(chunk))
        if not check.count:
            raise ApiError(400, t("register.import_no_data"), "import_empty")
        if check.errors_total:
            raise xlsx.invalid_rows(check.errors, check.errors_total)
        progress.set_total(check.count)
        with staging.attached(db):
            return progress.write(lambda db: write(db, user, staging, progress))


class Check:
    """The rows of one file, checked a chunk at a time: the sound ones made ready to write
    (staged), the problems of the others (the first MAX_LISTED_ERRORS, and how many)."""

    def __init__(self, db, user, staging):
        self.db, self.user, self.staging = db, user, staging
        self.places, self.stamp = Places(db, user.scope), now_iso()
        self.errors, self.errors_total, self.count = [], 0, 0
        self.seen = {}   # twin key -> the row of this file that stored households answer to

    def chunk(self, rows):
        """Check a chunk of (row number, cells), in file order; stage its sound rows."""
        self.count += len(rows)
        self.places.learn(rows)
        checked = [(number, *self.row(cells)) for number, cells in rows]
        twins = register_twins(self.db, [h["id_number"] for _, h, _, _ in checked if h])
        sound = []
        for number, household, node, problems in checked:
            if not problems:
                problems = self.twin_problems(number, household, node, twins)
            if problems:
                self.report(number, problems)
            else:
                sound.append(self.staged(number, household, node))
        if not self.errors_total:   # a file with a bad row is never written: stage no more
            self.staging.add(sound)

    def staged(self, number, household, node):
        """A sound row as it will be written: a new record id, and the record as pulled (the
        change's data and the audit's "after"), stamped with the time of the check."""
        record = {"id": new_id(), **household, "created_at": self.stamp,
                  "updated_at": self.stamp}
        after = pulled_json(HOUSEHOLD.serialize(self.db, record))
        record["members"] = compact_json(record["members"])
        village = village_of(node) if household["id_number"] else None
        return (number, village, record["id"], *(record[f] for f in STORED), self.stamp, after)
    def row(self, cells):
        """(household, node, []) of a sound row, (None, None, problems) of a bad one;
        problems as [{field, message}] with column titles as fields."""
        problems = []
        node = self.places.find(cells, problems)
        members = parse_members(cells["members"], problems)
        if problems:
            return None, None, problems
        difficulty = DIFFICULTY_CODES.get(cells["difficulty_type"], cells["difficulty_type"])
        data = {"node_id": node["id"], "head_name": cells["head_name"], "members": members,
                "difficulty_type": difficulty, "needs": cells["needs"],
                "address": cells["address"], "phone": cells["phone"],
                "id_number": cells["id_number"]}
        household, errors = clean_fields(data)
        if not errors:
            errors = [problem] if (problem := place_problem(self.user, node)) else []
        if errors:
            return None, None, [{"field": FIELD_COLUMNS.get(e["field"], e["field"]),
                                 "message": e["message"]} for e in errors]
        return household, node, []

    def twin_problems(self, number, household, node, twins):
        """A sound row's twin in the register or earlier in the file, as problems."""
        key = twin_key(node, household)
        if key is None:
            return []
        if key in twins:
            return [{"field": "身份证号", "message": t("household.duplicate")}]
        if key in self.seen:
            return [{"field": "身份证号",
                     "message": t("import.duplicate_in_file", row=self.seen[key])}]
        for stored in stored_twin_keys(node["id"], node["parent_id"], *key[1:]):
            self.seen.setdefault(stored, number)
        return []

    def report(self, number, problems):
        """Count a bad row's problems; keep them while fewer than can be listed are kept."""
        self.errors_total += len(problems)
        if len(self.errors) < xlsx.MAX_LISTED_ERRORS:
            self.errors += [{"sheet": SHEET, "row": number, **p} for p in problems]


class Places:
    """The villages and grids the rows name, by code or by (unique) name, in the user's
    scope: looked up once per chunk for the codes and names not met before."""

    def __init__(self, db, scope):
        self.db, self.scope, self.by_code, self.by_name = db, scope, {}, {}

    def learn(self, rows):
        """Look up the codes and names of rows not met before."""
        codes = {c["node_code"] for _, c in rows if c["node_code"]} - self.by_code.keys()
        names = {c["node_name"] for _, c in rows
                 if not c["node_code"] and c["node_name"]} - self.by_name.keys()
        self.by_code.update(dict.fromkeys(codes))
        for node in self._in_scope("code", codes, ""):
            self.by_code[node["code"]] = node
        self.by_name.update({name: [] for name in names})
        for node in self._in_scope("name", names, " AND kind IN ('village', 'grid')"):
            self.by_name[node["name"]].append(node)

    def _in_scope(self, column, values, where):
        """The nodes in scope whose column (code or name) is one of values."""
        low, high = self.scope.path_range()
        values = sorted(values)
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            yield from fetch_all(
                self.db, f"SELECT {NODE_COLUMNS} FROM org_nodes WHERE path >= ? AND path < ?"
                f" AND {column} IN ({','.join('?' * len(chunk))}){where}", [low, high, *chunk])

    def find(self, cells, problems):
        """The node a row names by code, else by name; None with a problem when none."""
        if cells["node_code"]:
            node = self.by_code[cells["node_code"]]
        elif cells["node_name"]:
            found = self.by_name[cells["node_name"]]
            node = found[0] if len(found) == 1 else None
        else:
            problems.append({"field": "所属组织名称", "message": t("field.required")})
            return None
        if node is None:
            problems.append({"field": "所属组织编码" if cells["node_code"] else "所属组织名称",
                             "message": t("field.node_out_of_scope")})
        return node


def parse_members(text, problems):
    """'张三（配偶，1965）；李四（子，1990）' as member records."""
    members = []
    for part in filter(None, (p.strip() for p in re.split(r"[;；\n]", text or ""))):
        match = MEMBER.match(part)
        if match is None:
            message = t("household.members_cell", part=part)
            problems.append({"field": "家庭成员", "message": message})
            continue
        year = match["year"]
        members.append({"name": match["name"].strip(),
                        "relation": (match["relation"] or "").strip() or None,
                        "birth_year": int(year) if year else None})
    return members


def register_twins(db, id_numbers):
    """The twin keys of the stored households with these ID numbers (one query per 500)."""
    rows = rows_in(db, "SELECT h.node_id, n.parent_id, h.head_name, h.id_number FROM"
                       " households h JOIN org_nodes n ON n.id = h.node_id WHERE"
                       " h.deleted = 0 AND h.id_number IN ({marks})",
                   sorted(set(filter(None, id_numbers))))
    return {key for r in rows for key in stored_twin_keys(
        r["node_id"], r["parent_id"], r["head_name"], r["id_number"])}


class Staging:
    """The checked rows of an import, ready to write, in a SQLite file beside the upload:
    memory holds a chunk of them at a time, however long the file. The write attaches the
    file to the database's connection and copies the rows across in SQLite."""

    COLUMNS = ("number", "village", "id", *STORED, "stamp", "data")

    def __init__(self, path):
        self.path, self.count = path, 0
        self.db = connect(str(path))
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "mmap_size = 0"):
            execute(self.db, f"PRAGMA {pragma}")   # a scratch file: no crash to survive
        execute(self.db, f"CREATE TABLE rows (n INTEGER PRIMARY KEY, {', '.join(self.COLUMNS)})")
        self.insert = (f"INSERT INTO rows ({', '.join(self.COLUMNS)})"
                       f" VALUES ({', '.join('?' * len(self.COLUMNS))})")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.db.close()
        self.path.unlink(missing_ok=True)

    def add(self, rows):
        """Stage rows (tuples in the order of COLUMNS)."""
        if rows:
            execute_many(self.db, self.insert, rows)
            self.count += len(rows)

    @contextlib.contextmanager
    def attached(self, db):
        """The staged rows readable as staged.rows on db's connection (outside a
        transaction: SQLite attaches only there)."""
        execute(db, "ATTACH DATABASE ? AS staged", [str(self.path)])
        try:
            yield
        finally:
            execute(db, "DETACH DATABASE staged")


def write(db, user, staging, progress):
    """Inside the job's write transaction: check again what may have changed since (a twin
    pushed meanwhile, a place closed), then copy the staged rows into households, each with
    its change (rev = seq) and audit entry, WRITE_CHUNK rows a statement; the result."""
    recheck(db, user)
    offset = last_seq(db)   # staged row n becomes seq offset + n
    for start in range(0, staging.count, WRITE_CHUNK):
        rows = [offset, start, start + WRITE_CHUNK]
        execute(db, CHANGE_SQL, rows)
        execute(db, HOUSEHOLD_SQL, [*rows[:1], user.id, user.id, *rows[1:]])
        progress.add("written", min(WRITE_CHUNK, staging.count - start))
    # The audit's "after" is the change's data: copied within SQLite.
    execute(db, AUDIT_SQL, [user.id, offset + 1, offset + staging.count])
    return {"created": staging.count}


# A new household has no pairing yet: its audience is its node alone (no owner, no handler).
CHANGE_SQL = ("INSERT INTO changes (seq, entity, record_id, kind, node_id, owner_id, handler_id,"
              " deleted, at, data) SELECT ? + n, 'household', id, 'upsert', node_id, NULL, NULL,"
              " 0, stamp, data FROM staged.rows WHERE n > ? AND n <= ? ORDER BY n")
HOUSEHOLD_SQL = (f"INSERT INTO households (id, {', '.join(STORED)}, rev, created_by, updated_by,"
                 f" created_at, updated_at, device_id, deleted) SELECT id, {', '.join(STORED)},"
                 f" ? + n, ?, ?, stamp, stamp, NULL, 0 FROM staged.rows WHERE n > ? AND n <= ?"
                 f" ORDER BY n")
AUDIT_SQL = ("INSERT INTO audit (at, user_id, device_id, action, entity, entity_id, before,"
             " after) SELECT at, ?, NULL, 'create', 'household', record_id, NULL, data"
             " FROM changes WHERE seq BETWEEN ? AND ? ORDER BY seq")


def last_seq(db):
    """The last seq the change feed ever gave (AUTOINCREMENT's record, which pruning the
    feed's tail never lowers): the rows' explicit seqs continue from it."""
    return max(fetch_value(db, "SELECT seq FROM sqlite_sequence WHERE name = 'changes'") or 0,
               fetch_value(db, "SELECT max(seq) FROM changes") or 0)


def recheck(db, user):
    """Refuse the whole import (a 400 listing the rows) when, since the check, a household
    with a staged row's head and ID number was stored in its village, or a row's place was
    closed or moved: two set-based queries over the staged rows."""
    node_ids = [r[0] for r in fetch_tuples(db, "SELECT DISTINCT node_id FROM staged.rows")]
    nodes = {n["id"]: n for n in rows_in(db, f"SELECT {NODE_COLUMNS} FROM org_nodes"
                                            " WHERE id IN ({marks})", node_ids)}
    closed = {i: p for i in node_ids if (p := place_problem(user, nodes.get(i)))}
    problems = [(number, closed[node_id]) for number, node_id in fetch_tuples(
        db, "SELECT number, node_id FROM staged.rows WHERE node_id IN"
            f" ({','.join('?' * len(closed))}) ORDER BY n", list(closed))] if closed else []
    duplicate = {"field": "id_number", "message": t("household.duplicate")}
    problems += [(number, duplicate) for (number,) in fetch_tuples(db, TWINS_SQL)]
    if problems:
        raise xlsx.invalid_rows(sorted(
            ({"sheet": SHEET, "row": number, "field": FIELD_COLUMNS[p["field"]],
              "message": p["message"]} for number, p in problems), key=lambda e: e["row"]))


# Staged rows with a twin in the register: as in entity._refuse_duplicate, a household of
# the same head and ID number on the row's village or on a node under it.
TWINS_SQL = ("SELECT s.number FROM staged.rows s JOIN households h ON h.id_number = s.id_number"
             " AND h.head_name = s.head_name AND h.deleted = 0 JOIN org_nodes n ON"
             " n.id = h.node_id WHERE s.id_number IS NOT NULL AND s.village IN (n.id,"
             " n.parent_id) ORDER BY s.n")
