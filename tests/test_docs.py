"""Every API route and every setting is documented."""
from pathlib import Path

from qzapp import config

ROOT = Path(__file__).resolve().parent.parent


def test_every_api_route_is_documented(app):
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/api/", "/media/")):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if f"`{method} {rule.rule}`" not in text:
                missing.append(f"{method} {rule.rule}")
    assert missing == []


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    settings = [name for name in vars(config) if name.isupper()]
    assert settings and [s for s in settings if f"`{s}`" not in readme] == []
