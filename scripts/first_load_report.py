"""Measure a phone's first load: Lighthouse (mobile) on the login page, and the shell's bytes.

Starts the app as `make run` does (flask's server, or gunicorn with --gunicorn) on a free port
over the demo county in a temporary folder, then prints:
  - Lighthouse 12's performance and accessibility scores for the login page (mobile, its
    default simulated slow 4G), its transferred bytes and request count, and whether
    "enable text compression" passes;
  - the bytes the first load moves before the app works offline (the page, sw.js and the
    worker's install stage, brotli) and those of the stages after it.

Needs Lighthouse in .lh/ (git-ignored): `npm install --prefix .lh lighthouse@12`, and Debian's
chromium. Run from the repo root: `.venv/bin/python scripts/first_load_report.py`.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LIGHTHOUSE = ROOT / ".lh" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
ACCEPT = {"Accept-Encoding": "gzip, deflate, br"}  # what Chromium sends


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(folder: Path, port: int, gunicorn: bool) -> subprocess.Popen:
    """Migrate, load the demo county and serve the app from folder, as `make run` does."""
    env = {**os.environ, "QZ_DATABASE": str(folder / "qzapp.db"),
           "QZ_MEDIA_DIR": str(folder / "media"), "QZ_SECRET_KEY": "first-load-report"}
    for command in (["migrate"], ["demo", "--if-empty"]):
        subprocess.run([BIN / "flask", "--app", "wsgi", *command], cwd=ROOT, env=env,
                       check=True, capture_output=True)
    if gunicorn:
        argv = [BIN / "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"]
    else:
        argv = [BIN / "flask", "--app", "wsgi", "run", "--port", str(port)]
    server = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start")


def wire_size(url: str) -> int:
    """Bytes of one response's body as sent to a browser that accepts brotli."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=ACCEPT)) as response:
        return len(response.read())


def shell_stages(base: str) -> dict[str, tuple[int, int]]:
    """For each stage of the worker's precache: (files, bytes on the wire)."""
    with urllib.request.urlopen(base + "/sw.js") as response:
        body = response.read().decode()
    manifest = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    stages = {"install": [1, wire_size(base + "/sw.js")]}  # the worker itself comes first
    for entry in manifest:
        stage = stages.setdefault(entry.get("at", "install"), [0, 0])
        stage[0] += 1
        stage[1] += wire_size(base + entry["url"])
    return {name: (files, size) for name, (files, size) in stages.items()}


def lighthouse(url: str, out: Path) -> dict:
    """Run Lighthouse 12 (mobile) for performance and accessibility; its JSON report."""
    subprocess.run([LIGHTHOUSE, url, "--output=json", f"--output-path={out}", "--quiet",
                    "--only-categories=performance,accessibility",
                    f"--chrome-flags={CHROME_FLAGS}"],
                   env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH",
                                                                    "/usr/bin/chromium")},
                   check=True)
    return json.loads(out.read_text())


def summary(report: dict) -> dict:
    """The figures the README records from a Lighthouse report."""
    audits = report["audits"]
    return {
        "performance": report["categories"]["performance"]["score"],
        "accessibility": report["categories"]["accessibility"]["score"],
        "transferred_bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(audits["network-requests"]["details"]["items"]),
        "text_compression": audits["uses-text-compression"]["score"],
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
    }


def main():
    """Start a server, measure, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gunicorn", action="store_true", help="serve with gunicorn -w 2")
    parser.add_argument("--no-lighthouse", action="store_true", help="only the shell's bytes")
    parser.add_argument("--report", type=Path, help="also keep Lighthouse's JSON report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        server = start_server(Path(folder), port, args.gunicorn)
        base = f"http://127.0.0.1:{port}"
        try:
            figures = {"stages": shell_stages(base)}
            if not args.no_lighthouse:
                out = args.report or Path(folder) / "lighthouse.json"
                figures["lighthouse"] = summary(lighthouse(base + "/", out.resolve()))
        finally:
            server.terminate()
            server.wait()
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
