"""Phone benchmark: how long a cheap phone takes to open 我的案件 holding 2,000 open cases.

    .venv/bin/python bench/phone_cases_bench.py [--cases 2000] [--throttle 4] [--runs 5]

Starts the app with the demo county on a fresh database (werkzeug, in a thread), opens it in
Debian's Chromium at 360×740, signs in as the demo secretary, stores --cases open cases on the
phone as a pull would, slows the CPU --throttle times (Chrome DevTools' CPU throttling, as
Lighthouse's mobile run does), then opens 我的案件 from another screen --runs times: the time
from the tap to its first row drawn (reading the cases from IndexedDB, folding the phone's own
unsent steps on top, sorting them by deadline and drawing the first page of rows).
"""
import argparse
import logging
import re
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"

# 2,000 open cases of the user, as a pull would store them.
MANY_CASES = """async (n) => {
  const db = await import('/js/db.js');
  const store = await import('/js/sync-store.js');
  const { currentUser } = await import('/js/session.js');
  const uid = currentUser().id;
  const [cursor, epoch] = await Promise.all([db.stateGet(uid, 'cursor'),
    db.stateGet(uid, 'epoch')]);
  const day = (k) => new Date(Date.now() + k * 86400000).toISOString().slice(0, 10);
  const changes = Array.from({ length: n }, (_, i) => {
    const id = crypto.randomUUID();
    return { seq: 0, entity: 'case', id, op: 'put', rev: 1, data: {
      id, kind: 'appeal', node_id: 1, channel: 'hotline', category: 'other', urgency: 'normal',
      text: `第${i}件：村里的路灯坏了，晚上出行不便`, status: i % 3 ? 'in_progress' : 'received',
      received_at: `${day(-30 + (i % 25))}T09:00:00+08:00`, owner_id: uid, events_n: 2,
      days: { accept: 5, close: 15 }, accept_by: day(-10 + (i % 30)),
      close_by: day(-5 + (i % 40)), backlog: 0, escalation_level: 0, rated: 0 } };
  });
  await store.applyPullPage(uid, changes, cursor, epoch);
}"""
# Open 我的案件 from another screen: ms until its first row is drawn.
OPEN_CASES = """async () => {
  const start = performance.now();
  location.hash = '#/cases';
  await new Promise((resolve) => {
    const drawn = () => (document.querySelector('.screen-cases .case-row') ? resolve()
      : requestAnimationFrame(drawn));
    drawn();
  });
  return performance.now() - start;
}"""


def main():
    from playwright.sync_api import expect, sync_playwright
    from werkzeug.serving import make_server

    from qzapp import create_app, demo
    from qzapp.db import connect

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--throttle", type=float, default=4)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qz-phone-bench-"))
    app = create_app({"DATABASE": str(folder / "q.db"), "MEDIA_DIR": str(folder / "media"),
                      "SECRET_KEY": "bench"})
    db = connect(app.config["DATABASE"])
    with app.test_request_context():
        demo.load(db)
    db.close()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--disable-gpu"])
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai", has_touch=True)
        page = context.new_page()
        page.goto(url + "/")
        page.get_by_label("用户名").fill("secretary")
        page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page.locator(".screen-home")).to_be_visible()
        expect(page.locator("[data-last-ok]")).to_have_attribute("data-last-ok",
                                                                 re.compile(r"^\d+$"))
        page.evaluate(MANY_CASES, args.cases)
        page.evaluate("() => import('/js/views/cases.js')")   # its code cached, as installed
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate",
                                           {"rate": args.throttle})
        times = []
        for _ in range(args.runs):
            page.evaluate("() => { location.hash = '#/me'; }")
            expect(page.locator(".screen-me")).to_be_visible()
            times.append(page.evaluate(OPEN_CASES))
        total = page.locator(".result-count").get_attribute("data-total")
        browser.close()
    server.shutdown()
    print(f"我的案件 with {total} cases, CPU {args.throttle:g}x slower: first rows in"
          f" {statistics.median(times):.0f} ms median, {min(times):.0f}-{max(times):.0f} ms"
          f" over {args.runs} opens")


if __name__ == "__main__":
    main()
