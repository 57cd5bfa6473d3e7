"""What the surveys' tests share: making a survey through the API, and a resident's phone
that opens its form and sends an answer."""
import datetime as dt
import json
import re
from pathlib import Path

from qzapp.clock import today
from qzapp.surveys import rules

CATALOGUE = json.loads((Path(__file__).resolve().parent.parent / "pwa" / "i18n"
                        / "zh-CN.json").read_text(encoding="utf-8"))
ALL = dict.fromkeys(rules.QUESTIONS, "satisfied")


def zh(key, **values):
    """A message of the Chinese catalogue, filled in."""
    return CATALOGUE[key].format(**values) if values else CATALOGUE[key]


def day(offset=0):
    """Today (China's) moved by offset days, as YYYY-MM-DD."""
    return (today() + dt.timedelta(days=offset)).isoformat()


def make_survey(sup, node, **overrides):
    """A survey made through the API; its JSON."""
    body = {"node_id": node["id"], "title": "2026 年政风行风满意度调查",
            "starts_on": day(), "ends_on": day(30), **overrides}
    response = sup.post("/api/surveys", body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["survey"]


def token_of(survey):
    """The token of a survey's public address."""
    return survey["link"].rsplit("/", 1)[1]


def open_form(client, token):
    """GET the form; (response, its stamp)."""
    response = client.get(f"/s/{token}")
    found = re.search(r'name="stamp" value="([^"]+)"', response.get_data(as_text=True))
    return response, found.group(1) if found else None


def send(client, token, choices=None, stamp=None, **fields):
    """Open the form (for its stamp and cookie) and send an answer."""
    if stamp is None:
        _, stamp = open_form(client, token)
    form = {"stamp": stamp, **fields}
    form.update({f"q_{q}": c for q, c in (ALL if choices is None else choices).items()})
    return client.post(f"/s/{token}", data=form)


def resident(app):
    """A new phone: a client with no cookies."""
    return app.test_client()


def count(db, table):
    """How many rows a table holds."""
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def page_text(response):
    """A page's HTML as text."""
    return response.get_data(as_text=True)
