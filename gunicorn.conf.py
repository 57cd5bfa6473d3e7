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
# Set on purpose. No request runs long: a push waits at most 2 x WRITER_WAIT_SECONDS for the
# writer lock, and an import answers 202 at once and runs as a job in a background thread
# (qzapp/jobs). A gthread worker tells the arbiter it is alive from its main loop while its
# threads work, so this timeout never cuts a request short: it only restarts a worker whose
# main loop froze (and a sync worker, should one be asked for, is given twice the longest wait).
timeout = 60
# A restart gives requests this long to finish. A job still running then dies with its worker:
# it is marked failed at exit (or, killed outright, once its heartbeat is a minute old), and
# has written nothing, since a job writes all its rows in one transaction at its very end.
graceful_timeout = 30
# Phones on slow lines ask for the next pull page right after this one.
keepalive = 5
