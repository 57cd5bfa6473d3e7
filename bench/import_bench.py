"""Import benchmark: households from one .xlsx, as the upload and its job run in a worker.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--files 2] [--villages 300]
                                           [--bad-row 99999]

Builds a county (townships, villages with two grids each, an administrator) in a fresh
database, writes files of --rows households each with openpyxl's write-only mode (names, ID
numbers with valid check digits, phones, addresses, family members; a row in five names its
village by name, the others by code), then imports them one after the other, each through
POST /api/households/import and its job in a background thread, polling GET /api/jobs/<id>
as the PWA does. The later files land on a register that already holds the earlier ones: the
rate must not fall as it grows. For each file it prints the seconds from upload to done,
rows/s, how long the write transaction held the writer lock, the progress seen while it ran,
and the process's peak RSS (VmHWM) and its growth during the import, with the heap's part
(RssAnon, sampled as the job is polled): the rest of RSS is pages of the database file, which
SQLite reads through a memory map (mmap_size), shared with every process and not the job's.
Each file is imported in a fresh interpreter, so that one's peak is not hidden by an earlier
one's. With --bad-row N
the last file's row N (Excel's numbering) has an unknown 困难类型: the job must fail listing
that row alone, and write nothing.
"""
import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "bench2026x"
HEADER = ["所属组织编码", "所属组织名称", "户主", "困难类型", "需求", "地址", "电话", "身份证号",
          "家庭成员"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "建国秀英玉兰德明桂兰小红大山志强春梅海燕文华丽娟永福金凤淑珍红霞国庆"
KINDS = ["因病", "因残", "空巢独居老人", "留守儿童", "低收入", "因灾", "其他"]
NEEDS = [None, "医疗救助", "申请低保，需要帮助准备材料", "房屋漏雨，需要维修", "子女就学困难"]


def prepare_database(path, villages):
    """A county of villages (codes 5101990TTVVV) with two grids each, and its administrator."""
    from qzapp import create_app
    from qzapp.db import connect
    from qzapp.org import service
    create_app({"SECRET_KEY": "bench", "DATABASE": path})
    db = connect(path)
    with db.atomic():
        province = service.create_node(db, None, None, {"name": "省", "kind": "province"})
        county = service.create_node(db, None, province, {"name": "县", "kind": "county",
                                                           "code": "510199"})
        for t in range(villages // 20 + 1):
            town = service.create_node(db, None, county, {"name": f"镇{t}", "kind": "township"})
            for v in range(t * 20, min(villages, t * 20 + 20)):
                village = service.create_node(db, None, town, {
                    "name": f"村{v}", "kind": "village", "code": f"5101990{v:05d}"})
                for g in (1, 2):
                    service.create_node(db, None, village, {"name": f"村{v}第{g}网格",
                                                            "kind": "grid"})
        service.create_user(db, None, {"username": "bench", "name": "测试", "roles": ["admin"],
                                       "node_id": county["id"], "password": PASSWORD})
    db.close()


def write_file(path, rows, villages, seed, bad_row=None):
    """An .xlsx of rows households, written row by row (openpyxl's write-only mode); the row
    numbered bad_row (as Excel numbers it) with an unknown difficulty type."""
    import openpyxl

    from qzapp.households.rules import id_check_digit
    rng = random.Random(seed)

    def name():
        return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("户籍")
    sheet.append(HEADER)
    for i in range(rows):
        v = rng.randrange(villages)
        first = (f"5101{rng.randrange(10, 99)}{rng.randrange(1930, 2010)}"
                 f"{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(1000):03d}")
        by_name = i % 5 == 0
        members = "；".join(f"{name()}（{rel}，{rng.randrange(1940, 2020)}）"
                           for rel in rng.sample(["配偶", "子", "女", "孙子", "孙女"],
                                                 rng.randrange(0, 4)))
        sheet.append([None if by_name else f"5101990{v:05d}", f"村{v}" if by_name else None,
                      name(), "贫困" if i + 2 == bad_row else rng.choice(KINDS),
                      rng.choice(NEEDS),
                      f"{rng.randrange(1, 12)}组{rng.randrange(1, 99)}号",
                      f"1{rng.randrange(30, 99)}{rng.randrange(10**8):08d}",
                      first + id_check_digit(first), members or None])
    book.save(path)


MEASURE = r"""
import json, re, sys, threading, time
sys.path.insert(0, sys.argv[3])
def status_mb(field):   # VmHWM: this process's own high-water RSS; RssAnon: its heap now
    return int(re.search(field + r":\s+(\d+) kB", open("/proc/self/status").read())[1]) / 1024
def peak_mb():
    return status_mb("VmHWM")
from qzapp import create_app
from qzapp.jobs import runner
app = create_app({"SECRET_KEY": "bench", "DATABASE": sys.argv[1]})
import contextlib
held, take = [], runner.immediate
@contextlib.contextmanager
def timed(db):   # how long each write transaction holds the writer lock
    start = time.perf_counter()
    try:
        with take(db) as inside:
            yield inside
    finally:
        held.append(time.perf_counter() - start)
runner.immediate = timed
client = app.test_client()
headers = {"X-Requested-With": "qzapp"}
assert client.post("/api/auth/login", json={"username": "bench", "password": sys.argv[4]},
                   headers=headers).status_code == 200
before = peak_mb()
start = time.perf_counter()
with open(sys.argv[2], "rb") as upload:
    answer = client.post("/api/households/import", data={"file": (upload, "register.xlsx")},
                         headers=headers, content_type="multipart/form-data")
assert answer.status_code == 202, answer.json
job_id, seen, anon = answer.json["job"]["id"], [], [status_mb("RssAnon")]
while True:
    anon.append(status_mb("RssAnon"))
    job = client.get(f"/api/jobs/{job_id}").json["job"]
    seen.append((round(time.perf_counter() - start, 1), job["phase"], job["checked"],
                 job["written"], job["total"]))
    if job["state"] in ("done", "failed"):
        break
    time.sleep(0.5)
seconds = time.perf_counter() - start
while any(t.name.startswith("job-") for t in threading.enumerate()):
    time.sleep(0.05)   # the job's thread records its transaction's end just after the commit
from qzapp.db import connect, fetch_value
households = fetch_value(connect(sys.argv[1]), "SELECT count(*) FROM households")
print(json.dumps({"seconds": seconds, "job": job, "seen": seen, "households": households,
                  "write_seconds": max(held, default=0), "grown_mb": peak_mb() - before,
                  "peak_mb": peak_mb(), "anon_mb": anon[0], "peak_anon_mb": max(anon)}))
"""


def import_file(database, path):
    """Import one file in a fresh interpreter; what it measured."""
    done = subprocess.run([sys.executable, "-c", MEASURE, database, path, str(ROOT), PASSWORD],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=2)
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--bad-row", type=int, help="a bad row in the last file (Excel's row)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = f"{folder}/qzapp.db"
        prepare_database(database, args.villages)
        for n in range(args.files):
            path = f"{folder}/register-{n}.xlsx"
            started = time.perf_counter()
            write_file(path, args.rows, args.villages, seed=n,
                       bad_row=args.bad_row if n == args.files - 1 else None)
            print(f"file {n + 1}: {args.rows:,} rows, {Path(path).stat().st_size / 2**20:.1f} MB,"
                  f" written in {time.perf_counter() - started:.1f} s")
            report(import_file(database, path), args.rows)


def report(measured, rows):
    """Print one import's figures."""
    job = measured["job"]
    if job["state"] != "done":
        print(f"  failed in {measured['seconds']:.1f} s: {job['error']['error']}",
              job["error"]["errors"][:3], f"peak RSS {measured['peak_mb']:.0f} MB;"
              f" households stored: {measured['households']:,}")
        return
    seconds = measured["seconds"]
    print(f"  imported {job['result']['created']:,} in {seconds:.1f} s = {rows / seconds:,.0f}"
          f" rows/s; write transaction {measured['write_seconds']:.2f} s;"
          f" peak RSS {measured['peak_mb']:.0f} MB (+{measured['grown_mb']:.0f} MB; of it the"
          f" heap {measured['anon_mb']:.0f} MB before, {measured['peak_anon_mb']:.0f} MB at"
          f" most, sampled; the rest is the database's pages, mapped)")
    print("  progress (s, phase, checked, written, total):",
          " ".join(str(tuple(s)) for s in measured["seen"][::max(1, len(measured["seen"]) // 8)]))


if __name__ == "__main__":
    main()
