"""House rules of the code itself: one way to talk to the database, and no SQL in routes.

Application code reads and writes only through the functions of qzapp.db (fetch_one,
execute, savepoint...), passing them the sqlite-utils Database it holds as `db`; it never
calls that object's own methods, its connection, or sqlite-utils' table API. Routes speak
HTTP: their SQL lives in the domain's queries.py.
"""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "qzapp"
# The one module that may touch the connection and sqlite-utils.
DB_MODULE = "qzapp/db.py"
# What application code may still do with the Database object itself.
ALLOWED_DB_ATTRIBUTES = frozenset({"close"})
# SQL as a string: a SELECT, or a statement that writes.
SQL = re.compile(r"\bSELECT\b|\bINSERT\b[\s\S]*\bINTO\b|\bREPLACE\s+INTO\b"
                 r"|\bUPDATE\b[\s\S]*\bSET\b|\bDELETE\s+FROM\b")


def _is_db(node):
    """Whether an expression names the Database: `db`, or an attribute called db (self.db)."""
    return (isinstance(node, ast.Name) and node.id == "db") or (
        isinstance(node, ast.Attribute) and node.attr == "db")


def _module_functions(tree):
    """The names of qzapp.db's functions, when the module imports qzapp.db itself as db
    (`from . import db`: then db.init_app is the module's)."""
    imported = any(isinstance(node, ast.ImportFrom) and node.module in (None, "qzapp")
                   and any(a.name == "db" and a.asname is None for a in node.names)
                   for node in ast.walk(tree))
    if not imported:
        return frozenset()
    module = ast.parse((ROOT / DB_MODULE).read_text(encoding="utf-8"))
    return frozenset(node.name for node in module.body
                     if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"))


def database_access(tree):
    """(line, what) for each way of reaching the database other than qzapp.db's functions."""
    found, allowed = [], ALLOWED_DB_ATTRIBUTES | _module_functions(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_db(node.value) \
                and node.attr not in allowed:
            found.append((node.lineno, f"db.{node.attr}"))
        elif isinstance(node, ast.Attribute) and node.attr == "conn":
            found.append((node.lineno, ".conn"))
        elif isinstance(node, ast.Subscript) and _is_db(node.value):
            found.append((node.lineno, "db[...] (the table API)"))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [getattr(node, "module", None) or ""] + [a.name for a in node.names]
            if any(name.split(".")[0] == "sqlite_utils" for name in names):
                found.append((node.lineno, "import of sqlite_utils"))
    return sorted(found)


def _text(node):
    """The literal text of a string or f-string (its holes as {})."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


def sql_strings(tree):
    """(line, first words) of each string literal that holds SQL."""
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
             for v in node.values}   # an f-string is judged whole, not by its pieces
    found = []
    for node in ast.walk(tree):
        if id(node) not in parts and (isinstance(node, ast.JoinedStr) or (
                isinstance(node, ast.Constant) and isinstance(node.value, str))):
            text = _text(node)
            if SQL.search(text):
                found.append((node.lineno, " ".join(text.split())[:60]))
    return sorted(found)


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name != DB_MODULE:
            yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def _is_routes(name):
    return name.endswith(("/routes.py", "_routes.py"))


def test_application_code_talks_to_the_database_only_through_qzapp_db():
    problems = [f"{name}:{line}: {what}" for name, tree in _modules()
                for line, what in database_access(tree)]
    assert problems == [], "use the functions of qzapp.db instead:\n" + "\n".join(problems)


def test_routes_hold_no_sql():
    problems = [f"{name}:{line}: {text}" for name, tree in _modules() if _is_routes(name)
                for line, text in sql_strings(tree)]
    assert problems == [], "move the SQL into the domain's queries.py:\n" + "\n".join(problems)


@pytest.mark.parametrize("source", [
    "db.conn.execute('SELECT 1')",
    "db.execute('DELETE FROM t')",
    "rows = list(db.query('SELECT * FROM t'))",
    "db['users'].insert({'name': 'x'})",
    "db.table('users').get(1)",
    "with db.atomic():\n    pass",
    "self.db.query('SELECT 1')",
    "conn = database.conn",
    "from sqlite_utils import Database",
    "import sqlite_utils.db",
])
def test_the_database_rule_catches(source):
    assert database_access(ast.parse(source))


@pytest.mark.parametrize("source", [
    "from ..db import execute, fetch_one, get_db\nrow = fetch_one(db, 'SELECT 1')",
    "with savepoint(db):\n    execute(db, 'DELETE FROM t WHERE id = ?', [1])",
    "db.close()",
    "self.db, self.user = db, user",
    "sqlite3.connect(path).execute('PRAGMA integrity_check')",
    "from . import db\ndb.init_app(app)\ndb.migrate(app)",
])
def test_the_database_rule_lets_pass(source):
    assert database_access(ast.parse(source)) == []


@pytest.mark.parametrize("source", [
    "x = 'SELECT id FROM users'",
    "x = f'SELECT * FROM [{table}] WHERE id = ?'",
    "x = ('UPDATE users'\n     ' SET name = ? WHERE id = ?')",
    "x = 'INSERT OR IGNORE INTO media_owners (sha256) VALUES (?)'",
    "x = 'DELETE FROM user_sessions WHERE id = ?'",
])
def test_the_sql_rule_catches(source):
    assert sql_strings(ast.parse(source))


@pytest.mark.parametrize("source", [
    "NODE_UPDATE = {'name': 1}",
    "methods = ['GET', 'DELETE']",
    "x = 'select a photo to update'",
    "@bp.delete('/x')\ndef f():\n    '''Delete it.'''",
])
def test_the_sql_rule_lets_pass(source):
    assert sql_strings(ast.parse(source)) == []
