"""The public board under load (README, The public side): a village with 500 published cases,
the time its board takes to render on the server and its size on the wire, then 200 readers at
once against gunicorn (2 workers, as production) for a bounded time.

    .venv/bin/python bench/public_bench.py [--cases 500] [--readers 200] [--seconds 10]

The readers are wrk (Debian's package `wrk`) when it is installed, else an asyncio client of
keep-alive connections in this process (which shares the machine's cores with the server).
"""
import argparse
import asyncio
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qzapp import create_app  # noqa: E402
from qzapp.auth.models import load_user_row  # noqa: E402
from qzapp.db import connect, immediate  # noqa: E402
from qzapp.ledger import engine, online, publication  # noqa: E402
from qzapp.ledger import queries as ledger_queries  # noqa: E402
from qzapp.org import service  # noqa: E402
from qzapp.public import page  # noqa: E402
from qzapp.shell import compress  # noqa: E402

SUMMARY = ("{group}组村民反映{what}，涉及{homes}户。村两委{when}到现场查看，协调镇{unit}"
           "办理，投入{money}元，已{done}，回访时群众表示{view}。")
WHEN = ("当天", "次日", "两日内", "当周")
VIEW = ("认可", "满意", "基本满意", "希望继续跟进")
WHAT = ("村道路灯损坏", "自来水压力不足", "垃圾清运不及时", "低保申请进度", "危房改造补助",
        "河道堤坝渗水", "农田灌溉沟渠堵塞", "小学门口交通安全")
UNITS = ("住建所", "水务站", "环卫所", "民政办", "农业服务中心", "派出所")
DONE = ("更换路灯", "维修管网", "增加清运频次", "完成审核", "发放补助", "加固堤坝")


def build(folder, cases):
    """A county with one village whose first secretary received `cases` appeals online and
    published each; two in three closed and rated. Returns (app, village id)."""
    app = create_app({"SECRET_KEY": "bench", "DATABASE": str(folder / "qzapp.db"),
                      "MEDIA_DIR": str(folder / "media"), "TESTING": True})
    db = connect(app.config["DATABASE"])
    with app.test_request_context():
        province = service.create_node(db, None, None, {"name": "省", "kind": "province"})
        city = service.create_node(db, None, province, {"name": "市", "kind": "city"})
        county = service.create_node(db, None, city, {"name": "县", "kind": "county"})
        township = service.create_node(db, None, county, {"name": "青山镇", "kind": "township"})
        village = service.create_node(db, None, township, {"name": "石门村", "kind": "village"})
        secretary, _ = service.create_user(db, None, {
            "username": "sec", "name": "李书记", "node_id": village["id"],
            "roles": ["first_secretary"], "password": "bench-password-1"})
        user = load_user_row(db, secretary["id"])
        row = ledger_queries.board_village(db, village["id"])
        started = time.perf_counter()
        for n in range(cases):
            fields = {"category": ("infrastructure", "environment", "social_security")[n % 3],
                      "text": f"第 {n} 件诉求：{WHAT[n % len(WHAT)]}", "name": "张三"}
            with immediate(db):
                case_id, _token, _code = online.receive(db, row, fields)
                summary = SUMMARY.format(
                    group=n % 9 + 1, what=WHAT[n % len(WHAT)], homes=n % 37 + 3,
                    when=WHEN[n % len(WHEN)], unit=UNITS[n % len(UNITS)],
                    money=(n * 7919) % 90000 + 1000, done=DONE[n % len(DONE)],
                    view=VIEW[n % len(VIEW)])
                publication.publish(db, user, case_id, {"summary": summary})
                if n % 3:
                    at = engine.local_iso(engine.clock.now())
                    engine.record(db, user, case_id, "accept", {}, at)
                    engine.record(db, user, case_id, "close",
                                  {"result": "resolved", "done": "已办结"}, at)
                    online.rate(db, case_id, ("satisfied", "basic")[n % 2], None)
        print(f"{cases} published cases made in {time.perf_counter() - started:.2f} s")
    db.close()
    return app, village["id"]


def render_times(app, village_id, runs=30):
    """(cold render times in seconds, gzip bytes, plain bytes) of the board's first page."""
    client = app.test_client()
    url = f"/board/{village_id}"
    times = []
    for _ in range(runs):
        page._pages.clear()
        compress._copies.clear()
        compress._cached_bytes = 0
        started = time.perf_counter()
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    body = response.get_data()
    return times, len(body), len(gzip.decompress(body))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(folder, port):
    """gunicorn -w 2 (threaded workers, as gunicorn.conf.py) on the bench's database."""
    env = {**os.environ, "QZ_DATABASE": str(folder / "qzapp.db"),
           "QZ_MEDIA_DIR": str(folder / "media"), "QZ_SECRET_KEY": "bench"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "-w", "2",
         "-b", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def with_wrk(url, readers, seconds):
    """(pages/s, errors, note) from wrk."""
    out = subprocess.run(["wrk", "-t2", f"-c{readers}", f"-d{seconds}s", "--latency",
                          "-H", "Accept-Encoding: gzip", url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    broken = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       out)
    errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, broken.groups())) if broken
                                                  else 0)
    p99 = re.search(r"99%\s+(\S+)", out)
    return rate, errors, f"wrk, p99 {p99.group(1) if p99 else '?'}"


async def _reader(port, path, until, counts, latencies):
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n"
               ).encode()
    reader = writer = None
    while time.perf_counter() < until:
        if writer is None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        started = time.perf_counter()
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - started)
        counts[status] = counts.get(status, 0) + 1
        if re.search(rb"(?i)connection: close", head):
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


def with_asyncio(port, path, readers, seconds):
    """(pages/s, errors, note) from keep-alive asyncio readers in this process."""
    counts, latencies = {}, []

    async def run():
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_reader(port, path, until, counts, latencies)
                               for _ in range(readers)))

    started = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - started
    ok = counts.get(200, 0)
    ordered = sorted(latencies)
    p99 = ordered[int(len(ordered) * 0.99)] if ordered else 0
    return ok / elapsed, sum(counts.values()) - ok, f"asyncio client, p99 {p99 * 1000:.0f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qz-public-"))
    try:
        app, village_id = build(folder, args.cases)
        times, wire, plain = render_times(app, village_id)
        print(f"board page 1 of {args.cases} published: render median "
              f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms; "
              f"{wire:,} bytes gzip ({plain:,} plain)")
        port = free_port()
        server = start_gunicorn(folder, port)
        try:
            url = f"http://127.0.0.1:{port}/board/{village_id}"
            if shutil.which("wrk"):
                rate, errors, note = with_wrk(url, args.readers, args.seconds)
            else:
                rate, errors, note = with_asyncio(port, f"/board/{village_id}", args.readers,
                                                  args.seconds)
            print(f"{args.readers} readers for {args.seconds} s against gunicorn -w 2: "
                  f"{rate:,.0f} pages/s, {errors} errors ({note})")
        finally:
            server.terminate()
            server.wait(10)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
