"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

gunicorn also reads this file by itself when started in this folder; options given on the
command line (-w, -b, ...) win over it.
"""
import os

# Threaded workers: a push waiting for the writer lock (at most WRITER_WAIT_SECONDS, and as
# long again for SQLite's own lock) holds one thread, and the other threads of every worker
# keep answering reads and the writes that get their turn.
worker_class = "gthread"
# One process per core of a 2-core machine (SQLite and the JSON answers release the GIL
# often, but Python code does not): set WEB_CONCURRENCY on a larger machine.
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
threads = 8
# Behind a reverse proxy on the same machine (-b 0.0.0.0:8000 to listen on every address).
bind = "127.0.0.1:8000"
# A gthread worker keeps telling the arbiter it is alive while its threads work, so this only
# restarts a worker whose main loop froze; comfortably above a write's longest wait (2 x 10 s).
timeout = 60
graceful_timeout = 30
# Phones on slow lines ask for the next pull page right after this one.
keepalive = 5
