"""Default settings; override in instance/config.py or with QZ_* environment variables."""

# Serve cookies with the Secure flag (set True behind a TLS-terminating proxy).
HTTPS = False
# A cadre may stay offline for weeks: the remember-me cookie lasts this long.
REMEMBER_DAYS = 30
# Largest request body accepted (photos are capped separately by the media pipeline).
MAX_CONTENT_LENGTH = 12 * 1024 * 1024
# Apply pending migrations when the app starts.
MIGRATE_ON_START = True
# Failed logins: per account and per client address within the window.
LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
LOGIN_MAX_FAILURES_PER_ADDRESS = 20
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
# Default UI language; users can switch to English.
DEFAULT_LANGUAGE = "zh-CN"
# Trust X-Forwarded-For from this many proxies (0 when served directly).
PROXY_COUNT = 0
# A write waits this long for its turn (the writer lock file, then as long again for
# SQLite's lock) before it is answered 503 "busy"; reads never wait for it.
WRITER_WAIT_SECONDS = 10
# The Retry-After of that 503: how long a phone leaves the server alone before trying again.
WRITER_RETRY_AFTER_SECONDS = 30
# Notices are kept in inboxes this many days, then dropped from phones too.
NOTICE_KEEP_DAYS = 90
# VAPID's contact for push services (a mailto: or https: address).
VAPID_SUBJECT = "mailto:admin@localhost"
# The server's VAPID key (None: instance/vapid_private.pem, made there once).
VAPID_KEY_FILE = None
# Accept push endpoints on http://localhost (a test or benchmark push service); never in
# production, where it would let a user make the server post to its own loopback.
PUSH_ALLOW_LOOPBACK = False
# The public forms (residents' appeals, ratings, surveys): a form must have been on screen
# this long before it is sent (a robot is faster), and is refused when older than this.
PUBLIC_MIN_FILL_SECONDS = 3
PUBLIC_FORM_MAX_AGE_SECONDS = 2 * 3600
# The address public pages are reached at, printed on posters (None: the address the poster
# was asked from).
PUBLIC_BASE_URL = None
