"""The one message catalogue (pwa/i18n/<lang>.json), shared by the server and the PWA."""
import json
from pathlib import Path

from flask import current_app, has_request_context, request

LANGUAGES = ("zh-CN", "en")


def _catalogue(lang):
    """The messages of one language, reloaded when its file changes."""
    path = Path(current_app.config["PWA_DIR"]) / "i18n" / f"{lang}.json"
    cache = current_app.extensions.setdefault("qz_i18n", {})
    stamp = path.stat().st_mtime_ns
    if lang not in cache or cache[lang][0] != stamp:
        cache[lang] = (stamp, json.loads(path.read_text(encoding="utf-8")))
    return cache[lang][1]


def request_language():
    """The language the client asked for (Accept-Language), else the default."""
    default = current_app.config["DEFAULT_LANGUAGE"]
    if not has_request_context():
        return default
    best = request.accept_languages.best_match((*LANGUAGES, "zh"))
    return "en" if best == "en" else default


def t(key, lang=None, **values):
    """The message for key in the request's language, with {placeholders} filled in."""
    lang = lang or request_language()
    text = _catalogue(lang).get(key)
    if text is None and lang != "zh-CN":
        text = _catalogue("zh-CN").get(key)
    if text is None:
        raise KeyError(f"message catalogue has no key {key!r}")
    return text.format(**values) if values else text


def init_app(app):
    """Check at start-up that both catalogues parse."""
    with app.app_context():
        for lang in LANGUAGES:
            _catalogue(lang)
