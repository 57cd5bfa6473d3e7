"""Export benchmark: a county of N households (and diaries) downloaded as .xlsx, timed, with
the peak memory of the process that serves it.

    .venv/bin/python bench/export_bench.py [--households 100000] [--diaries 0]
                                           [--user sup] [--keep DIR]

Builds the county with bulk inserts (rows as the sync engine stores them: each record with
its change, a third of the households paired with a cadre), then, in a fresh interpreter per
export, signs in and downloads GET /api/households/export.xlsx (and, with --diaries,
GET /api/diaries/export.xlsx) through the app, streaming the answer to a file. Prints the
seconds (wall and CPU), the process's peak RSS (VmHWM) before and after, the peak of its heap
(RssAnon, sampled: VmHWM also counts the database pages SQLite reads through mmap), and the
rows of the file.
"""
import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "bench2026x"
PER_VILLAGE = 1000          # households per village, spread over the village and its grids
VILLAGES_PER_TOWNSHIP = 10
PAIRED_SHARE = 3            # one household in three is paired with the cadre
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建国秀英玉兰明华小红志强丽娟海军桂芳德福"
STAMP = "2026-01-05T08:00:00+08:00"
EXPORTS = {"households": ("/api/households/export.xlsx", "户籍"),
           "diaries": ("/api/diaries/export.xlsx", "民情日记")}


def build(path, households, diaries):
    """A county with its villages, grids, accounts, households, pairings and diaries."""
    from qzapp import create_app
    from qzapp.db import connect
    create_app({"SECRET_KEY": "bench", "DATABASE": path})   # migrates the empty file
    db = connect(path)
    with db.atomic():
        places, people = _tree_and_people(db, max(1, -(-households // PER_VILLAGE)))
        rows = _households(db, places, people, households)
        _diaries(db, rows, people, diaries)
    db.close()


def _tree_and_people(db, villages):
    """The org tree (grids under each village) and the accounts that read the exports."""
    from qzapp.org import service
    province = service.create_node(db, None, None, {"name": "省", "kind": "province"})
    county = service.create_node(db, None, province, {"name": "县", "kind": "county"})
    places, township = [], None
    for index in range(villages):
        if index % VILLAGES_PER_TOWNSHIP == 0:
            township = service.create_node(db, None, county, {"name": f"镇{index}",
                                                              "kind": "township"})
        village = service.create_node(db, None, township, {"name": f"村{index}",
                                                           "kind": "village"})
        places += [village] + [service.create_node(db, None, village, {
            "name": f"村{index}网格{g}", "kind": "grid"}) for g in (1, 2)]
    people = {}
    for username, node, role in (("sup", county, "supervisor"), ("admin", county, "admin"),
                                 ("cadre", county, "cadre"),
                                 ("keeper", places[0], "village_staff")):
        people[username], _ = service.create_user(db, None, {
            "username": username, "name": f"{username}名", "node_id": node["id"],
            "roles": [role], "password": PASSWORD})
    return places, people


def _households(db, places, people, count):
    """count households spread over places, every third paired; returns (id, node, cadre)."""
    rng, seq = random.Random(7), _next_seq(db)
    households, pairings, changes, made = [], [], [], []
    cadre = people["cadre"]["id"]
    for index in range(count):
        record_id, node = str(uuid.uuid4()), places[index * len(places) // count]["id"]
        paired = cadre if index % PAIRED_SHARE == 0 else None
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        members = json.dumps([{"name": rng.choice(SURNAMES) + "秀英", "relation": "配偶",
                               "birth_year": 1960 + index % 30}], ensure_ascii=False)
        households.append((record_id, node, name, members, "low_income", "医疗救助",
                           f"{index % 9 + 1}组{index}号", f"138{index:08d}",
                           f"510104{1950 + index % 60}0101{index % 10000:04d}", seq, STAMP,
                           STAMP))
        changes.append((seq, "household", record_id, node, None, paired))
        seq += 1
        if paired:
            start = f"{2023 + index % 4}-0{1 + index % 9}-15"
            pairings.append((str(uuid.uuid4()), record_id, node, cadre, start, seq, STAMP,
                             STAMP))
            changes.append((seq, "pairing", pairings[-1][0], node, None, paired))
            seq += 1
        made.append((record_id, node, paired))
    _insert(db, "households (id, node_id, head_name, members, difficulty_type, needs, address,"
            " phone, id_number, rev, created_at, updated_at)", households)
    _insert(db, "pairings (id, household_id, node_id, cadre_id, start_date, rev, created_at,"
            " updated_at)", pairings)
    _insert_changes(db, changes)
    return made


def _diaries(db, households, people, count):
    """count visit diaries by the keeper, each about a household."""
    seq, rows, changes = _next_seq(db), [], []
    author = people["keeper"]["id"]
    for index in range(count):
        household, node, cadre = households[index % len(households)]
        record_id = str(uuid.uuid4())
        occurred = f"2026-{1 + index % 12:02d}-{1 + index % 28:02d}T09:{index % 60:02d}:00+08:00"
        rows.append((record_id, node, "visit", occurred, household, "反映饮水管道老化",
                     "联系水务站", seq, author, STAMP, STAMP))
        changes.append((seq, "diary", record_id, node, author, cadre))
        seq += 1
    _insert(db, "diaries (id, node_id, kind, occurred_at, household_id, heard, done, rev,"
            " created_by, created_at, updated_at)", rows)
    _insert_changes(db, changes)


def _next_seq(db):
    return db.execute("SELECT coalesce(max(seq), 0) + 1 FROM changes").fetchone()[0]


def _insert(db, into, rows):
    if rows:
        db.conn.executemany(f"INSERT INTO {into} VALUES ({','.join('?' * len(rows[0]))})", rows)


def _insert_changes(db, rows):
    db.conn.executemany("INSERT INTO changes (seq, entity, record_id, kind, node_id, owner_id,"
                        " handler_id, at) VALUES (?, ?, ?, 'upsert', ?, ?, ?, ?)",
                        [(*row, STAMP) for row in rows])


MEASURE = """import json, re, sys, threading, time
sys.path.insert(0, sys.argv[4])
from qzapp import create_app

def status_mb(field):  # from this process's own /proc status
    status = open("/proc/self/status").read()
    return int(re.search(field + r":\\s+(\\d+) kB", status).group(1)) / 1024

def peak_mb():  # the high-water RSS: the heap, and the database's pages read through mmap
    return status_mb("VmHWM")

anon = [0.0]
def sample_anon():  # the heap alone (no high-water mark of its own): sampled every 5 ms
    while True:
        anon[0] = max(anon[0], status_mb("RssAnon"))
        time.sleep(0.005)

path, url, username, root, out = sys.argv[1:6]
app = create_app({"SECRET_KEY": "bench", "DATABASE": path, "LOGIN_MAX_FAILURES_PER_ADDRESS": 99})
client = app.test_client()
assert client.post("/api/auth/login", json={"username": username, "password": sys.argv[6]},
                   headers={"X-Requested-With": "qzapp"}).status_code == 200
before, anon_before = peak_mb(), status_mb("RssAnon")
threading.Thread(target=sample_anon, daemon=True).start()
start, cpu = time.perf_counter(), time.process_time()
response = client.get(url, buffered=False)
size = 0
with open(out, "wb") as file:
    for chunk in response.response:
        size += len(chunk)
        file.write(chunk)
response.close()
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"status": response.status_code, "seconds": seconds, "cpu": cpu, "bytes": size,
                  "peak_before_mb": before, "peak_after_mb": peak_mb(),
                  "anon_before_mb": anon_before, "anon_peak_mb": anon[0]}))
"""


def measure(path, export, username, folder):
    """Download one export in a fresh interpreter; its figures and the file's row count."""
    url, sheet = EXPORTS[export]
    out = Path(folder) / f"{export}.xlsx"
    done = subprocess.run([sys.executable, "-c", MEASURE, path, url, username, str(ROOT),
                           str(out), PASSWORD], capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    import openpyxl
    book = openpyxl.load_workbook(out, read_only=True)
    figures["rows"] = sum(1 for _ in book[sheet].iter_rows(min_row=2, values_only=True))
    book.close()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--diaries", type=int, default=0)
    parser.add_argument("--user", default="sup", help="sup, admin, cadre or keeper")
    parser.add_argument("--keep", help="build the database in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="qzapp-export-")
    Path(folder).mkdir(parents=True, exist_ok=True)
    path = str(Path(folder) / "bench.db")
    if not Path(path).exists():
        start = time.perf_counter()
        build(path, args.households, args.diaries)
        print(f"built {args.households} households, {args.diaries} diaries"
              f" in {time.perf_counter() - start:.1f} s")
    try:
        for export in ("households", "diaries") if args.diaries else ("households",):
            report(export, args.user, measure(path, export, args.user, folder))
    finally:
        if not args.keep:
            shutil.rmtree(folder)


def report(export, user, figures):
    """Print one export's figures."""
    print(f"{export} as {user}: {figures['rows']} rows, status {figures['status']},"
          f" {figures['seconds']:.2f} s ({figures['cpu']:.2f} s of CPU),"
          f" {figures['bytes'] / 1e6:.1f} MB; peak RSS (VmHWM) {figures['peak_before_mb']:.0f} MB"
          f" before, {figures['peak_after_mb']:.0f} MB after; heap (RssAnon)"
          f" {figures['anon_before_mb']:.0f} MB before, peak {figures['anon_peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
