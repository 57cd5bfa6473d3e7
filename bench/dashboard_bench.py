"""The county benchmark's dashboard phase (`--only dashboard`): the dashboards (F11) of the
generated county, served by gunicorn.

    .venv/bin/python bench/county_bench.py --only generate,dashboard [--dir DIR [--reuse]]
        [--dashboard-runs 20]

  county     GET /api/dashboard of the county as its supervisor1, for this year so far and
             for the last 12 and 36 months: p50 and p95 (target p95 < 200 ms)
  townships  GET /api/dashboard of every township as its own supervisor (sup.TTT), this year
             so far, in turn: p50 and p95 of all (target p95 < 200 ms)
  village    a village's dashboard and its people (GET /api/dashboard/people)
  export     GET /api/dashboard/export.xlsx of the county's table (its townships), and of
             the people of the county node (every county-level account: the largest table),
             each timed whole (target < 3 s)
  records    the records behind the county's diaries this year, the first page
"""
import datetime as dt
import json
import statistics
import time

from county_kit import report

TARGET_MS = 200
EXPORT_TARGET_S = 3.0


def _timed(client, path, runs):
    """(seconds of each GET, the last body)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        status, body = client.call("GET", path)
        times.append(time.perf_counter() - started)
        assert status == 200, body[:300]
    return times, body


def _figure(times, target_ms=TARGET_MS):
    ordered = sorted(times)
    p50, p95 = statistics.median(ordered), ordered[max(0, round(len(ordered) * 0.95) - 1)]
    verdict = "met" if p95 * 1000 < target_ms else "MISSED"
    return f"p50 {p50 * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms", f"target p95 < {target_ms}" \
        f" ms: {verdict}"


def dashboard(ctx):
    """Each dashboard in turn, then the exports."""
    runs = ctx.args.dashboard_runs
    today = dt.date.today()
    this_year = f"from={today.year}-01&to={today.year}-{today.month:02d}"
    last_12 = (f"from={(today.replace(day=1) - dt.timedelta(days=335)):%Y-%m}"
               f"&to={today:%Y-%m}")
    last_36 = f"from={today.year - 2}-{today.month:02d}&to={today:%Y-%m}" \
        if today.month != 12 else f"from={today.year - 2}-01&to={today:%Y-%m}"
    county_id, = ctx.query("SELECT id FROM org_nodes WHERE kind = 'county'")[0]
    client = ctx.client("supervisor1")
    for label, period in (("this year", this_year), ("12 months", last_12),
                          ("36 months", last_36)):
        times, body = _timed(client, f"/api/dashboard?node_id={county_id}&{period}", runs)
        figures = json.loads(body)["figures"]
        report(f"dashboard, county, {label}", *_figure(times))
        if label == "this year":
            report("  figures", f"{figures['diaries']:,} diaries",
                   f"{figures['cases_received']:,} appeals, {figures['households_paired']:,}"
                   f" paired, {figures['households_visited']:,} visited,"
                   f" {figures['leader_days']:,} leader days")
    townships = ctx.query("SELECT t.id, u.username FROM org_nodes t JOIN users u ON"
                          " u.node_id = t.id JOIN user_roles r ON r.user_id = u.id AND"
                          " r.role = 'supervisor' WHERE t.kind = 'township' ORDER BY t.path")
    times = []
    for _ in range(max(1, runs // 4)):
        for node_id, username in townships:
            times += _timed(ctx.client(username), f"/api/dashboard?node_id={node_id}"
                                                  f"&{this_year}", 1)[0]
    report("dashboard, each township", *_figure(times))
    village, = ctx.query("SELECT id FROM org_nodes WHERE kind = 'village' ORDER BY id"
                         " LIMIT 1 OFFSET 100")[0]
    report("dashboard, a village", *_figure(_timed(
        client, f"/api/dashboard?node_id={village}&{this_year}", runs)[0]))
    report("people of a village", *_figure(_timed(
        client, f"/api/dashboard/people?node_id={village}&{this_year}", runs)[0]))
    for label, path in (("export, the county's townships",
                         f"/api/dashboard/export.xlsx?node_id={county_id}&{this_year}"),
                        ("export, the county node's people",
                         f"/api/dashboard/export.xlsx?node_id={county_id}&{this_year}"
                         "&table=people")):
        times, body = _timed(client, path, 1)
        verdict = "met" if times[0] < EXPORT_TARGET_S else "MISSED"
        report(label, f"{times[0]:.2f} s", f"{len(body) / 1e6:.1f} MB; target <"
                                            f" {EXPORT_TARGET_S:.0f} s: {verdict}")
    report("records behind the county's diaries", *_figure(_timed(
        client, f"/api/dashboard/records?figure=diaries&node_id={county_id}&{this_year}",
        max(1, runs // 4))[0], 1000))
