"""Imports as jobs: progress, all or nothing at any size, a dead worker's job failed, one
import per subtree at a time, passwords hashed outside the transaction."""
import datetime as dt
import json
import threading
import time
from pathlib import Path

import pytest

from qzapp.clock import iso, now
from qzapp.db import connect, immediate
from qzapp.households import importer
from qzapp.households.entity import HOUSEHOLD
from qzapp.jobs import queries, runner
from qzapp.sync.store import pulled_json
from tests.factories import (
    NODE_HEADER,
    USER_HEADER,
    make_household,
    make_node,
    make_user,
    xlsx_file,
)
from tests.jobs import finished, hold_writes, run_inline

HEADER = ["所属组织编码", "所属组织名称", "户主", "困难类型", "需求", "地址", "电话", "身份证号",
          "家庭成员"]
INTERRUPTED = "服务器重启，导入没有完成，请重新导入；没有写入任何数据"


@pytest.fixture
def county(db):
    """A county with two villages (a grid in the first), a register keeper on the first,
    and an administrator on the county."""
    county = make_node(db, make_node(db), kind="county", name="县", code="510199")
    township = make_node(db, county, kind="township", name="镇")
    village = make_node(db, township, kind="village", name="青山村", code="510199001001")
    grid = make_node(db, village, kind="grid", name="青山村一网格", code="510199001001001")
    other = make_node(db, township, kind="village", name="白云村", code="510199001002")
    return {"county": county, "village": village, "grid": grid, "other": other,
            "staff": make_user(db, village, roles=["village_staff"], username="staff"),
            "admin": make_user(db, county, roles=["admin"], username="admin")}


def id_number(i):
    """A valid ID number, different for each i."""
    from qzapp.households.rules import id_check_digit
    first = f"510104{1940 + i % 60}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return first + id_check_digit(first)


def rows(n, start=0):
    """n good rows of the register, on the village, its grid (by name) and back."""
    return [["510199001001" if i % 3 else None, None if i % 3 else "青山村一网格",
             f"户主{i}", ("因病", "留守儿童", "低收入")[i % 3], f"需求{i}" if i % 2 else None,
             f"{i % 9}组{i}号", f"138{i:08d}", id_number(i) if i % 4 else None,
             f"成员{i}（配偶，{1950 + i % 50}）；小{i}（子）" if i % 5 else None]
            for i in range(start, start + n)]


def upload(api, table, url="/api/households/import", **form):
    """POST a workbook of the register rows (or of sheets, for a dict)."""
    sheets = table if isinstance(table, dict) else {"户籍": [HEADER, *table]}
    return api.client.post(url, data={"file": (xlsx_file(sheets), "f.xlsx"), **form},
                           headers=api.HEADERS, content_type="multipart/form-data")


def count(db, table="households"):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_thousands_of_rows_stored_cell_by_cell_as_a_push_stores_them(api, db, county,
                                                                     monkeypatch):
    run_inline(monkeypatch)
    monkeypatch.setattr(importer, "WRITE_CHUNK", 1000)   # several statements, in order
    api.login("staff")
    sheet = rows(3000)
    job = finished(api, upload(api, sheet))
    assert job["state"] == "done" and job["result"] == {"created": 3000}
    stored = db.execute("SELECT h.*, c.seq, c.node_id AS c_node, c.owner_id, c.handler_id,"
                        " c.at, c.data, a.user_id AS a_user, a.action, a.after FROM households h"
                        " JOIN changes c ON c.entity = 'household' AND c.record_id = h.id"
                        " AND c.kind = 'upsert' JOIN audit a ON a.entity = 'household' AND"
                        " a.entity_id = h.id ORDER BY c.seq").fetchall()
    names = [d[0] for d in db.execute("SELECT h.*, c.seq, c.node_id AS c_node, c.owner_id,"
                                      " c.handler_id, c.at, c.data, a.user_id AS a_user,"
                                      " a.action, a.after FROM households h, changes c,"
                                      " audit a LIMIT 0").description]
    assert len(stored) == 3000
    village, grid, staff = county["village"]["id"], county["grid"]["id"], county["staff"]["id"]
    for cells, values in zip(sheet, stored, strict=True):   # file order is seq order
        row = dict(zip(names, values))
        assert row["node_id"] == (village if cells[0] else grid)
        assert [row["head_name"], row["needs"], row["address"], row["phone"],
                row["id_number"]] == [cells[2], cells[4], cells[5], cells[6], cells[7]]
        assert row["difficulty_type"] == {"因病": "illness", "留守儿童": "left_behind_children",
                                          "低收入": "low_income"}[cells[3]]
        members = json.loads(row["members"])
        assert [m["name"] for m in members] == ([] if cells[8] is None else
                                               [f"成员{cells[2][2:]}", f"小{cells[2][2:]}"])
        assert row["rev"] == row["seq"] and row["deleted"] == 0 and row["device_id"] is None
        assert (row["created_by"], row["updated_by"], row["a_user"]) == (staff, staff, staff)
        assert row["created_at"] == row["updated_at"] == row["at"]
        assert (row["c_node"], row["owner_id"], row["handler_id"]) == (row["node_id"], None, None)
        assert row["data"] == row["after"] == pulled_json(HOUSEHOLD.serialize(db, row))
        assert row["action"] == "create"
    seqs = [dict(zip(names, v))["seq"] for v in stored]
    assert seqs == list(range(seqs[0], seqs[0] + 3000))
    # the next write through the engine continues the feed after the import's seqs
    after = make_household(db, county["village"], head_name="后来", id_number=None)
    assert db.execute("SELECT rev FROM households WHERE id = ?", [after["id"]]).fetchone()[0] \
        == seqs[-1] + 1


def test_an_imported_household_is_stored_as_the_sync_engine_stores_one(api, db, county,
                                                                       monkeypatch):
    run_inline(monkeypatch)
    api.login("staff")
    assert finished(api, upload(api, rows(1, start=7)))["state"] == "done"
    imported = db.execute("SELECT * FROM households").fetchone()
    columns = [d[0] for d in db.execute("SELECT * FROM households LIMIT 0").description]
    imported = dict(zip(columns, imported))
    fields = {k: imported[k] for k in ("head_name", "difficulty_type", "needs", "address",
                                       "phone", "id_number")}
    saved = make_household(db, county["other"], members=json.loads(imported["members"]),
                           **fields)
    pushed = dict(zip(columns, db.execute("SELECT * FROM households WHERE id = ?",
                                          [saved["id"]]).fetchone()))
    different = {"id", "node_id", "rev", "created_at", "updated_at", "created_by", "updated_by"}
    assert {k: v for k, v in imported.items() if k not in different} == \
        {k: v for k, v in pushed.items() if k not in different}
    imported_data, pushed_data = (json.loads(db.execute(
        "SELECT data FROM changes WHERE record_id = ?", [i]).fetchone()[0])
        for i in (imported["id"], saved["id"]))
    assert list(imported_data) == list(pushed_data)   # the same keys, in the same order
    assert {k: v for k, v in imported_data.items() if k not in different} == \
        {k: v for k, v in pushed_data.items() if k not in different}


def test_progress_is_saved_as_the_job_goes(api, db, county, monkeypatch):
    run_inline(monkeypatch)
    monkeypatch.setattr(runner, "HEARTBEAT_SECONDS", 0)
    monkeypatch.setattr(importer, "CHUNK", 100)
    monkeypatch.setattr(importer, "WRITE_CHUNK", 250)
    seen, beat = [], queries.beat
    monkeypatch.setattr(queries, "beat", lambda db, job_id, phase, counts: seen.append(
        (phase, dict(counts))) or beat(db, job_id, phase, counts))
    writing = []
    add = runner.Progress.add

    def counting(self, count, n=1):
        add(self, count, n)
        if self.writing:   # inside the transaction: kept in memory, shown by this process
            writing.append(runner.view(queries.get(connect(
                api.client.application.config["DATABASE"]), self.job_id))["written"])
    monkeypatch.setattr(runner.Progress, "add", counting)
    api.login("staff")
    job = finished(api, upload(api, rows(1000)))
    assert job["state"] == "done" and (job["checked"], job["written"]) == (1000, 1000)
    phases = [phase for phase, _ in seen]
    assert phases[0] == "read" and phases[-1] == "write" and "check" in phases
    checked = [c["checked"] for phase, c in seen if phase == "check"]
    assert checked == sorted(checked) and checked[0] == 0 and checked[-1] == 1000
    assert len(checked) >= 10   # one saved heartbeat per chunk of 100 rows
    assert next(c["total"] for phase, c in seen if phase == "check") == 1000   # estimated
    assert writing == [250, 500, 750, 1000]


def test_a_real_thread_runs_the_import_and_the_phone_polls_it(api, app, db, county):
    api.login("staff")
    answer = upload(api, rows(500))
    assert answer.status_code == 202 and answer.json["job"]["state"] in ("queued", "running",
                                                                         "done")
    job, deadline = finished(api, answer), time.monotonic() + 10
    assert job["result"] == {"created": 500} and count(db) == 500
    folder = Path(app.config["DATABASE"]).parent / "jobs"
    while list(folder.iterdir()):   # the upload and its staged rows go once the job ends
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_bad_row_at_the_end_rolls_everything_back_and_is_listed(api, db, county,
                                                                  monkeypatch):
    run_inline(monkeypatch)
    api.login("staff")
    sheet = [*rows(2499), ["510199001001", None, "赵六", "懒惰", None, None, None, None, None]]
    job = finished(api, upload(api, sheet))
    assert job["state"] == "failed" and job["checked"] == 2500 and job["written"] == 0
    assert job["error"]["errors"] == [{"sheet": "户籍", "row": 2501, "field": "困难类型",
                                       "message": "不是可选的值"}]
    assert job["error"]["errors_total"] == 1
    assert job["error"]["error"] == "表格有误，共 1 处错误，没有导入任何数据。请改正后重新上传"
    assert (count(db), count(db, "changes"), count(db, "audit WHERE entity = 'household'")) \
        == (0, 0, 0)


def test_every_bad_row_counted_the_first_thousand_listed(api, db, county, monkeypatch):
    run_inline(monkeypatch)
    api.login("staff")
    bad = [[None, "青山村", f"户{i}", "懒惰", None, None, "电话", None, None] for i in range(600)]
    error = finished(api, upload(api, bad))["error"]
    assert error["errors_total"] == 1200 and len(error["errors"]) == 1000
    assert [e["row"] for e in error["errors"][:4]] == [2, 2, 3, 3]
    assert "1200 处错误" in error["error"] and count(db) == 0


def test_a_twin_stored_while_the_file_was_checked_refuses_the_whole_import(
        api, db, county, monkeypatch):
    run_inline(monkeypatch)
    write = runner.Progress.write

    def pushed_meanwhile(self, work):   # a phone pushes a twin of row 5 during the check
        make_household(db, county["grid"], head_name="户主3", id_number=id_number(3))
        return write(self, work)
    monkeypatch.setattr(runner.Progress, "write", pushed_meanwhile)
    api.login("staff")
    job = finished(api, upload(api, rows(10)))
    assert job["state"] == "failed" and [(e["row"], e["field"]) for e in job["error"]["errors"]] \
        == [(5, "身份证号")]
    assert count(db) == 1   # the pushed one alone


def test_a_stale_job_reads_as_failed_and_its_write_is_refused(api, db, county, monkeypatch):
    """Its worker seems dead (no heartbeat for a minute): the job is answered as failed, and
    should the worker come back to write, its transaction is refused."""
    go = hold_writes(monkeypatch)
    api.login("staff")
    job_id = upload(api, rows(50)).json["job"]["id"]
    deadline = time.monotonic() + 10
    while api.get(f"/api/jobs/{job_id}").json["job"]["phase"] != "write":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert api.get(f"/api/jobs/{job_id}").json["job"]["state"] == "running"
    db.execute("UPDATE jobs SET heartbeat = heartbeat - ?", [runner.STALE_SECONDS + 1])
    db.conn.commit()
    job = api.get(f"/api/jobs/{job_id}").json["job"]
    assert job["state"] == "failed" and job["error"]["code"] == "job_interrupted"
    assert job["error"]["error"] == INTERRUPTED
    go.set()
    thread = next(t for t in threading.enumerate() if t.name == f"job-{job_id}")
    thread.join(10)
    assert api.get(f"/api/jobs/{job_id}").json["job"]["error"]["error"] == INTERRUPTED
    assert count(db) == 0 and count(db, "changes") == 0


def test_a_killed_workers_job_is_failed_by_the_next_import(api, db, county, monkeypatch):
    """A worker killed mid-job leaves its job running with no thread: the next import on the
    same subtree marks it failed and goes ahead."""
    run_inline(monkeypatch)
    with immediate(db):
        queries.insert(db, "dead-job", "households_import", county["staff"]["id"],
                       county["village"])
        queries.beat(db, "dead-job", "check", {"total": 100, "checked": 40, "prepared": 0,
                                                "written": 0})
    api.login("staff")
    refused = upload(api, rows(3))
    assert refused.status_code == 409 and refused.json["code"] == "job_busy"
    assert refused.json["error"] == "同一范围内已有一个导入正在进行，请等它完成后再导入"
    db.execute("UPDATE jobs SET heartbeat = heartbeat - ?", [runner.STALE_SECONDS + 1])
    db.conn.commit()
    assert finished(api, upload(api, rows(3)))["state"] == "done"
    dead = api.get("/api/jobs/dead-job").json["job"]
    assert (dead["state"], dead["checked"], dead["error"]["error"]) == ("failed", 40, INTERRUPTED)


def test_the_same_file_twice_at_once_never_doubles_the_register(api, app, db, county,
                                                                monkeypatch):
    go = hold_writes(monkeypatch)
    api.login("staff")
    sheet = rows(200)
    first = upload(api, sheet)
    assert first.status_code == 202
    second = upload(api, sheet)
    assert second.status_code == 409 and second.json["code"] == "job_busy"
    admin = type(api)(app.test_client())
    admin.login("admin")   # the county's subtree holds the village's: refused too
    assert upload(admin, sheet).status_code == 409
    go.set()
    assert finished(api, first)["result"] == {"created": 200} and count(db) == 200
    again = finished(api, upload(api, sheet))   # afterwards: every row with an ID is a twin
    assert again["state"] == "failed" and again["error"]["errors_total"] == 150
    assert count(db) == 200


@pytest.mark.parametrize("sheets,code,message", [
    ({"组织": [NODE_HEADER, ["510199", None, "某镇", "乡镇街道", None, None]]}, "import_empty",
     "表格中没有“户籍”工作表，或表中没有数据"),
    ({"户籍": [["户主", "地址"], ["张三", "1组"]]}, "import_columns",
     "“户籍”表缺少列：所属组织编码/所属组织名称、困难类型"),
])
def test_a_file_of_the_wrong_shape_fails_plainly(api, db, county, monkeypatch, sheets, code,
                                                message):
    run_inline(monkeypatch)
    api.login("staff")
    job = finished(api, upload(api, sheets))
    assert (job["state"], job["error"]["code"], job["error"]["error"]) == ("failed", code,
                                                                           message)
    assert count(db) == 0


def test_too_many_rows_fails_before_anything_is_written(api, db, county, monkeypatch):
    run_inline(monkeypatch)
    monkeypatch.setattr(importer.SPEC["户籍"], "max_rows", 100)
    api.login("staff")
    error = finished(api, upload(api, rows(101)))["error"]
    assert error["code"] == "import_too_many_rows" and "100 行" in error["error"]
    assert count(db) == 0


def test_a_job_is_its_owners_alone(api, app, db, county, monkeypatch):
    run_inline(monkeypatch)
    api.login("staff")
    job_id = upload(api, rows(2)).json["job"]["id"]
    other = type(api)(app.test_client())
    assert other.get(f"/api/jobs/{job_id}").status_code == 401
    other.login("admin")
    assert other.get(f"/api/jobs/{job_id}").status_code == 404
    assert other.get("/api/jobs/no-such-job").status_code == 404


def test_an_unexpected_error_fails_the_job_plainly(api, db, county, monkeypatch):
    run_inline(monkeypatch)
    monkeypatch.setattr(importer, "recheck", lambda db, user: 1 / 0)
    api.login("staff")
    job = finished(api, upload(api, rows(5)))
    assert job["error"]["code"] == "server_error" and "没有写入任何数据" in job["error"]["error"]
    assert count(db) == 0


# --- the org tree and accounts -------------------------------------------------------------

def test_accounts_are_hashed_before_the_transaction_beyond_the_old_cap(api, app, db, county,
                                                                       monkeypatch):
    """600 accounts (the cap was 500): while their passwords are hashed, other writers get
    their turn at once; the passwords are shown to the owner for a while, then dropped."""
    run_inline(monkeypatch)
    from qzapp.auth import service
    hash_password, turns = service.hash_password, []

    def hashing(password):
        other = connect(app.config["DATABASE"], wait=0.5)
        with immediate(other):   # WriterBusy if the import held the writer lock
            turns.append(password)
        other.close()
        return hash_password(password)
    monkeypatch.setattr(service, "hash_password", hashing)
    users = [[f"user{i:04d}", f"用户{i}", None, "510199001001", None, "网格员"]
             for i in range(600)]
    api.login("admin")
    job = finished(api, upload(api, {"用户": [USER_HEADER, *users]}, url="/api/org/import"))
    assert job["state"] == "done" and job["result"]["created"] == {"nodes": 0, "users": 600}
    assert (job["checked"], job["prepared"], job["written"], job["total"]) == (600, 600, 600, 600)
    assert len(turns) == 600 and len(job["result"]["accounts"]) == 600
    assert api.login("user0007", job["result"]["accounts"][7]["password"]).status_code == 200
    api.logout()
    api.login("admin")
    shown_since = iso(now() - dt.timedelta(seconds=runner.PASSWORDS_KEPT_SECONDS + 1))
    db.execute("UPDATE jobs SET finished_at = ?", [shown_since])
    db.conn.commit()
    shown = api.get(f"/api/jobs/{job['id']}").json["job"]["result"]
    assert shown["passwords_expired"] is True and shown["accounts"][7] == {
        "username": "user0007", "name": "用户7"}
    assert '"password"' not in db.execute("SELECT result FROM jobs").fetchone()[0]


def test_an_org_check_writes_nothing_and_never_blocks_an_import(api, db, county, monkeypatch):
    run_inline(monkeypatch)
    api.login("admin")
    sheets = {"组织": [NODE_HEADER, ["510199", None, "新镇", "乡镇街道", None, None]]}
    checked = finished(api, upload(api, sheets, url="/api/org/import", dry_run="1"))
    assert checked["result"] == {"dry_run": True, "created": {"nodes": 1, "users": 0},
                                 "accounts": []}
    assert count(db, "org_nodes WHERE name = '新镇'") == 0
    done = finished(api, upload(api, sheets, url="/api/org/import"))
    assert done["result"]["created"] == {"nodes": 1, "users": 0}
    assert count(db, "org_nodes WHERE name = '新镇'") == 1


WORKER = r"""
import os, signal, sys, threading, time
from qzapp import create_app
from qzapp.jobs import runner
runner.Progress.write = lambda self, work: self.start("write") or threading.Event().wait()
app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE": sys.argv[1],
                  "MEDIA_DIR": sys.argv[1] + "-media"})
client, headers = app.test_client(), {"X-Requested-With": "qzapp"}
client.post("/api/auth/login", json={"username": "staff", "password": "secret123"},
            headers=headers)
with open(sys.argv[2], "rb") as upload:
    job_id = client.post("/api/households/import", data={"file": (upload, "f.xlsx")},
                         headers=headers, content_type="multipart/form-data").json["job"]["id"]
while client.get(f"/api/jobs/{job_id}").json["job"]["phase"] != "write":
    time.sleep(0.05)
print(job_id, flush=True)
if sys.argv[3] == "kill":
    os.kill(os.getpid(), signal.SIGKILL)   # as the arbiter kills a worker, or the OOM killer
sys.exit(0)   # as a worker restarts: the interpreter exits, its job threads die
"""


@pytest.mark.parametrize("end", ["exit", "kill"])
def test_a_worker_that_dies_leaves_its_job_failed_not_running(api, app, db, county, tmp_path,
                                                             end):
    import subprocess
    import sys
    path = tmp_path / "f.xlsx"
    path.write_bytes(xlsx_file({"户籍": [HEADER, *rows(20)]}).getvalue())
    done = subprocess.run([sys.executable, "-c", WORKER, app.config["DATABASE"], str(path), end],
                          cwd=Path(__file__).resolve().parent.parent, capture_output=True,
                          text=True, timeout=60)
    job_id = done.stdout.split()[0]   # it froze just before its write transaction
    state = db.execute("SELECT state FROM jobs WHERE id = ?", [job_id]).fetchone()[0]
    assert state == ("failed" if end == "exit" else "running")   # killed: nothing could say so
    if end == "kill":   # the heartbeat tells: a minute on, the job reads as failed
        db.execute("UPDATE jobs SET heartbeat = heartbeat - ?", [runner.STALE_SECONDS + 1])
        db.conn.commit()
    api.login("staff")
    job = api.get(f"/api/jobs/{job_id}").json["job"]
    assert (job["state"], job["error"]["error"]) == ("failed", INTERRUPTED)
    assert count(db) == 0


def test_imports_on_separate_villages_run_side_by_side(api, app, db, county, monkeypatch):
    go = hold_writes(monkeypatch)
    make_user(db, county["other"], roles=["village_staff"], username="other")
    other = type(api)(app.test_client())
    other.login("other")
    api.login("staff")
    first = upload(api, rows(5))
    second = upload(other, [[None, "白云村", "王五", "因病", *[None] * 5]])
    assert (first.status_code, second.status_code) == (202, 202)
    go.set()
    assert finished(api, first)["state"] == finished(other, second)["state"] == "done"
    assert count(db) == 6


def test_a_write_that_gets_no_turn_fails_the_job_plainly(api, app, db, county, monkeypatch):
    """Another writer holds the lock past the job's wait: the job fails, nothing written."""
    run_inline(monkeypatch)
    app.config["WRITER_WAIT_SECONDS"] = 0.2
    write = runner.Progress.write

    def crowded(self, work):
        other = connect(app.config["DATABASE"])
        try:
            with immediate(other):
                return write(self, work)
        finally:
            other.close()
    monkeypatch.setattr(runner.Progress, "write", crowded)
    api.login("staff")
    job = finished(api, upload(api, rows(5)))
    assert job["error"]["code"] == "writer_busy"
    assert job["error"]["error"] == "服务器正忙，导入没有完成；没有写入任何数据，请稍后重新导入"
    assert count(db) == 0


def test_a_workbook_damaged_inside_fails_plainly(api, db, county, monkeypatch):
    """A zip that opens as a workbook but whose sheet breaks off midway."""
    import io
    import zipfile
    run_inline(monkeypatch)
    whole, broken = xlsx_file({"户籍": [HEADER, *rows(300)]}), io.BytesIO()
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[:len(data) // 2] if "worksheets/" in item.filename
                            else data)
    api.login("staff")
    answer = api.client.post("/api/households/import", data={"file": (io.BytesIO(
        broken.getvalue()), "f.xlsx")}, headers=api.HEADERS, content_type="multipart/form-data")
    job = finished(api, answer)
    assert job["error"]["code"] == "import_bad_file" and count(db) == 0
