"""County benchmark: a generated county of 300,000 households, served by gunicorn.

    .venv/bin/python bench/county_bench.py [--households 300000 --diaries 3000000
        --cases 200000] [--dir DIR [--reuse]]
        [--only generate,pull,register,import,export,ledger,dashboard] [--runs 5]
        [--import-rows 100000] [--ledger-runs 30] [--dashboard-runs 20]

Generates the county (flask generate-county's generator, qzapp/county) into a temporary
folder, or into --dir, or reuses the one there with --reuse; starts gunicorn as
bench/sync_bench.py does (2 workers, gunicorn.conf.py's threads) and measures, each phase a
function that --only runs alone:

  generate  rows written per second (every table, changes included)
  pull      a pull from zero (all pages of 1,000) by sparse users in the county's feed, a grid
            worker with about 500 records and a cadre, and a village's first secretary;
            median and p95 of --runs pulls
  register  GET /api/households?node_id=<a village> (4 x --runs) and the county's register
            (--county-runs), as the county's admin, then 4 x --runs pages of the county in
            turn (following next_cursor): p50 and p95
  import    --import-rows households in one .xlsx (openpyxl write-only) into a new township,
            POST /api/households/import (a 202 job is polled at GET /api/jobs/<id>)
  export    GET /api/households/export.xlsx?node_id=<that township> (the import's rows)
  ledger    the ledger's cases listed (GET /api/cases, filtered, and /api/cases/mine), a
            case's fold, and the tick over the county, run twice (bench/ledger_bench.py)
  dashboard the dashboards of the county, its townships and a village, their tables as
            Excel (bench/dashboard_bench.py)

Import and export report seconds and the gunicorn processes' peak RSS (VmHWM, which counts
database pages read through mmap too) and their peak anonymous memory (RssAnon, sampled).
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

from county_files import export, import_
from county_kit import ROOT, Context, percentiles, report, results
from dashboard_bench import dashboard
from ledger_bench import ledger

sys.path.insert(0, str(ROOT))   # qzapp from this tree
PHASES = ("generate", "pull", "register", "import", "export", "ledger", "dashboard")


def generate(ctx):
    """Generate the county (or report the one reused)."""
    from qzapp import county, create_app
    from qzapp.db import connect
    if ctx.reused:
        report("generation", "reused", ctx.path)
        return
    create_app({"SECRET_KEY": "bench", "DATABASE": ctx.path})
    db = connect(ctx.path)
    a = ctx.args
    result = county.generate(db, a.households, a.diaries, a.cases, a.seed, progress=(
        print if a.verbose else None))
    db.close()
    report("generation", f"{result.rows / result.seconds:,.0f} rows/s",
           f"{result.rows:,} rows in {result.seconds:.1f} s ({result.counts['changes']:,}"
           f" changes)")


def pull(ctx):
    """Pulls from zero by a sparse grid worker, a cadre and a first secretary."""
    worker = _sparse_grid_worker(ctx.db(), ctx.args.pull_target)
    cadre = ctx.query("SELECT u.username FROM users u JOIN pairings p ON p.cadre_id = u.id"
                      " AND p.end_date IS NULL WHERE u.username LIKE 'cadre%' GROUP BY u.id"
                      " HAVING count(*) >= 5 ORDER BY u.id LIMIT 1")[0][0]
    secretary = ctx.query("SELECT min(username) FROM users WHERE username LIKE 'sec.%'")[0][0]
    feed = ctx.query("SELECT count(*) FROM changes")[0][0]
    for who, username in (("grid worker", worker), ("cadre", cadre),
                          ("first secretary", secretary)):
        client = ctx.client(username)
        times, count = [], 0
        for _ in range(ctx.args.runs):
            started = time.perf_counter()
            count = _pull_all(client)
            times.append(time.perf_counter() - started)
        report(f"pull, {who} ({count:,} records)", percentiles(times),
               f"{username}, {len(times)} pulls from zero, feed of {feed:,} changes")


def _pull_all(client):
    """Every page of a pull from zero; how many changes."""
    since, count = 0, 0
    while True:
        status, page = client.json("GET", f"/api/sync/pull?since={since}&limit=1000")
        assert status == 200, page
        count += len(page["changes"])
        if not page["more"]:
            return count
        since = page["next"]


def _sparse_grid_worker(db, target):
    """The grid worker whose pull should come closest to target records: what their grid
    holds of the entities grid workers read by scope, and what they wrote."""
    import qzapp.county  # noqa: F401  (imports every synced entity, registering it)
    from qzapp.db import fetch_tuples
    from qzapp.sync import registry
    read = [n for n, e in registry.REGISTRY.items() if "grid_worker" in e.node_readers]
    by_node = dict(fetch_tuples(db, f"SELECT node_id, count(*) FROM changes WHERE entity IN"
                                    f" ({','.join('?' * len(read))}) GROUP BY node_id", read))
    workers = fetch_tuples(db, "SELECT u.id, u.username, u.node_id FROM users u JOIN user_roles"
                               " r ON r.user_id = u.id AND r.role = 'grid_worker'")
    owned = dict(fetch_tuples(db, "SELECT owner_id, count(*) FROM changes WHERE owner_id IN"
                                  " (SELECT user_id FROM user_roles WHERE role = 'grid_worker')"
                                  " GROUP BY owner_id"))
    return min(workers, key=lambda w: abs(by_node.get(w[2], 0) + owned.get(w[0], 0)
                                          - target))[1]


def register(ctx):
    """The register list of a village of middling size and of the whole county, as the
    county's admin: its first page (the whole list while it has no pages), and, when it has
    pages, pages on through the county's."""
    villages = ctx.query("SELECT g.parent_id, count(*) FROM households h JOIN org_nodes g ON"
                         " g.id = h.node_id GROUP BY g.parent_id ORDER BY count(*)")
    village, size = villages[len(villages) // 2]
    admin = ctx.client("admin")
    for label, query, runs in ((f"village of {size} households", f"?node_id={village}",
                                4 * ctx.args.runs), ("county", "", ctx.args.county_runs)):
        times = []
        for _ in range(runs):
            answer, seconds, size_mb = _listed(admin, f"/api/households{query}")
            times.append(seconds)
        listed = f"{len(answer['households']):,} listed" + (
            f" of {answer['total']:,}" if "total" in answer else "")
        report(f"register list, {label}", percentiles(times),
               f"{runs} requests, {listed}, {size_mb:.1f} MB")
    if answer.get("next_cursor"):
        times, cursor = [], answer["next_cursor"]
        for _ in range(4 * ctx.args.runs):
            answer, seconds, _ = _listed(admin, f"/api/households?cursor={cursor}")
            times.append(seconds)
            cursor = answer.get("next_cursor")
            if not cursor:
                break
        report("register list, county, next pages", percentiles(times),
               f"{len(times)} pages in turn after the first")


def _listed(client, path):
    """(answer, seconds, MB) of a GET of a list."""
    started = time.perf_counter()
    status, body = client.call("GET", path)
    seconds = time.perf_counter() - started
    assert status == 200, body[:300]
    return json.loads(body), seconds, len(body) / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=300_000)
    parser.add_argument("--diaries", type=int, default=3_000_000)
    parser.add_argument("--cases", "--appeals", dest="cases", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--dir", help="keep the county in this folder (default: a temporary"
                                      " one, removed at the end)")
    parser.add_argument("--reuse", action="store_true", help="use --dir's county.db if there")
    parser.add_argument("--only", default=",".join(PHASES),
                        help=f"phases to run, of {','.join(PHASES)}")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--county-runs", type=int, default=3)
    parser.add_argument("--pull-target", type=int, default=500)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--import-chunk", type=int, default=5000,
                        help="rows per file when the route refuses one file of them all")
    parser.add_argument("--ledger-runs", type=int, default=30,
                        help="requests of each ledger list filter (7 filters a user)")
    parser.add_argument("--dashboard-runs", type=int, default=20,
                        help="requests of each dashboard measured")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    only = [p for p in PHASES if p in args.only.split(",")]
    folder = args.dir or tempfile.mkdtemp(prefix="qz-county-")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "county.db")
    reused = args.reuse and os.path.exists(path)
    if os.path.exists(path) and not reused:
        sys.exit(f"{path} exists: pass --reuse, or remove it")
    if "generate" not in only and not reused:
        sys.exit("no county to measure: run generate too, or --reuse one in --dir")
    ctx = Context(args, folder, path, reused)
    print(f"county of {args.households:,} households, {args.diaries:,} diaries, {args.cases:,}"
          f" cases in {folder}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    try:
        if "generate" in only:
            generate(ctx)
        for phase in [p for p in only if p != "generate"]:
            if ctx.server is None or phase in ("import", "export"):
                ctx.start_server()   # a fresh one for these: its peak memory is theirs
            {"pull": pull, "register": register, "import": import_, "export": export,
             "ledger": ledger, "dashboard": dashboard}[phase](ctx)
    finally:
        ctx.stop()
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"\n{'phase':<40} {'figure':<32} detail")
    for row in results:
        print(f"{row[0]:<40} {row[1]:<32} {row[2]}")


if __name__ == "__main__":
    main()
