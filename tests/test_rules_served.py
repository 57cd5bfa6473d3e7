"""The rules the phone applies as the server does, served as the generated module /js/rules.js."""
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qzapp import rules
from qzapp.diary import entity as diary
from qzapp.home import rules as home
from qzapp.households import entity as household
from qzapp.households import pairing
from qzapp.households import rules as households
from qzapp.shell import assets

REPO = Path(__file__).resolve().parent.parent
PWA = REPO / "pwa"
BROTLI = {"Accept-Encoding": "gzip, deflate, br"}


def served_rules(client):
    """The document /js/rules.js exports, read back from its text."""
    body = client.get("/js/rules.js").get_data(as_text=True)
    header, export = body.split("\n", 1)
    assert header.startswith("// ") and export.startswith("export default ")
    return json.loads(export.removeprefix("export default ").strip().removesuffix(";"))


def precache_entry(client, url):
    """(the worker's version, the precache entry of url) of the served sw.js."""
    body = client.get("/sw.js").get_data(as_text=True)
    version = re.search(r'const VERSION = "([0-9a-f]+)";', body).group(1)
    manifest = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    return version, next(entry for entry in manifest if entry["url"] == url)


def test_households_rules_are_the_python_constants(client):
    """Rotation, difficulty types, ID birth years, reveal limits, roles and fields."""
    assert served_rules(client)["households"] == {
        "rotation_due_months": households.ROTATION_DUE_MONTHS,
        "rotation_overdue_months": households.ROTATION_OVERDUE_MONTHS,
        "difficulty_types": list(households.DIFFICULTY_TYPES),
        "oldest_birth_year": households.OLDEST_BIRTH_YEAR,
        "reveals_per_window": households.REVEALS_PER_WINDOW,
        "reveal_window_minutes": households.REVEAL_WINDOW_MINUTES,
        "register_keepers": sorted(households.REGISTER_KEEPERS),
        "register_writers": sorted(household.WRITERS),
        "pairable_roles": list(pairing.PAIRABLE_ROLES),
        "fields": list(household.FIELDS),
    }


def test_diary_rules_are_the_python_constants(client):
    """Kinds, activity types, writers, fields and the most each field holds."""
    served = served_rules(client)["diary"]
    assert served["kinds"] == list(diary.KINDS)
    assert served["activity_types"] == list(diary.ACTIVITY_TYPES)
    assert served["writers"] == sorted(diary.WRITERS)
    assert served["fields"] == list(diary.FIELDS)
    fields = diary.FIELDS
    assert served["max"] == {
        "household_id": fields["household_id"].max_len, "place": fields["place"].max_len,
        "people_met": fields["people_met"].max_len, "heard": fields["heard"].max_len,
        "done": fields["done"].max_len, "topic": fields["topic"].max_len,
        "attendance": fields["attendance"].max_value, "photos": fields["photos"].max_items,
    }
    assert served["max"]["heard"] == diary.TEXT


def test_home_rules_are_what_the_home_answer_carries(client):
    """The home's rules are the same whether served in the module or with GET /api/home."""
    assert served_rules(client)["home"] == home.served()


def test_the_module_is_the_whole_registry(client):
    """Every registered domain is in the module, in name order."""
    served = served_rules(client)
    assert served == rules.document()
    assert list(served) == sorted(served) == rules.names()
    assert {"diary", "home", "households"} <= set(served)


def test_no_file_takes_the_generated_modules_place():
    """pwa/js/rules.js is made by the server; a file of that name would be a stale copy."""
    assert not (PWA / "js" / "rules.js").exists()


def test_served_like_a_file_of_the_shell(client):
    """A JavaScript module, compressed, with an ETag, revalidated; immutable when hashed."""
    plain = client.get("/js/rules.js")
    assert plain.status_code == 200 and plain.mimetype == "text/javascript"
    assert plain.headers["Cache-Control"] == "no-cache"
    assert plain.headers["ETag"].strip('"') == assets.content_hash(plain.get_data())
    packed = client.get("/js/rules.js", headers=BROTLI)
    assert packed.headers["Content-Encoding"] == "br"
    again = client.get("/js/rules.js", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304
    hashed = client.get(f"/js/rules.js?v={assets.content_hash(plain.get_data())}")
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_precached_at_install_with_the_hash_of_its_bytes(client):
    """The worker caches the module before it takes over: the first screens import it."""
    _, entry = precache_entry(client, "/js/rules.js")
    served = client.get("/js/rules.js").get_data()
    assert entry["hash"] == hashlib.sha256(served).hexdigest()[:assets.HASH_LENGTH]
    assert entry["at"] == "install"


def test_the_module_graph_walks_through_it():
    """A module that imports the generated one brings it in; what it imports is followed."""
    assert "/js/rules.js" in assets.module_graph(PWA, ["js/roles.js"])
    made = {"/js/rules.js": b'import { html } from "./html.js";\nexport default {};\n'}
    assert "/js/html.js" in assets.module_graph(PWA, ["js/roles.js"], made)


def served_bytes_and_version(client):
    """The module's bytes and the worker's version, as served now."""
    version, _ = precache_entry(client, "/js/rules.js")
    return client.get("/js/rules.js").get_data(), version


def test_changing_a_rule_changes_the_module_and_the_worker(client, monkeypatch):
    """A deploy that changes a constant reaches phones as a new worker version."""
    body, version = served_bytes_and_version(client)
    monkeypatch.setattr(households, "ROTATION_DUE_MONTHS", 13)
    changed, new_version = served_bytes_and_version(client)
    assert changed != body and new_version != version
    assert served_rules(client)["households"]["rotation_due_months"] == 13
    assert precache_entry(client, "/js/rules.js")[1]["hash"] == assets.content_hash(changed)


def test_changing_a_registered_function_changes_the_worker(client, monkeypatch):
    """What the registry holds is read at each request, not when the app was built."""
    body, version = served_bytes_and_version(client)
    monkeypatch.setitem(rules._REGISTRY, "home", lambda: {**home.served(), "visit_gap_days": 45})
    changed, new_version = served_bytes_and_version(client)
    assert changed != body and new_version != version
    assert served_rules(client)["home"]["visit_gap_days"] == 45


def test_a_name_is_served_by_one_function_only(monkeypatch):
    """A second domain registering a taken name is an error, not a silent replacement."""
    monkeypatch.setattr(rules, "_REGISTRY", {})

    @rules.served("sample")
    def first():
        """One domain's rules."""
        return {"a": 1}

    with pytest.raises(ValueError, match="sample"):
        @rules.served("sample")
        def second():
            """Another domain's, under the same name."""
            return {"b": 2}
    assert rules.document() == {"sample": {"a": 1}}


MODULE_BYTES = """
from qzapp import create_app
from qzapp.shell import assets
create_app({"TESTING": True, "SECRET_KEY": "x", "MIGRATE_ON_START": False,
            "DATABASE": ":memory:"})
import sys
sys.stdout.buffer.write(assets.rules_module(assets.default_pwa_dir()))
"""


def test_every_server_process_serves_the_same_bytes():
    """Sets are served sorted: gunicorn's workers, each with its own string hashing, give
    phones one worker version, not one per process."""
    def made_with_seed(seed):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        return subprocess.run([sys.executable, "-c", MODULE_BYTES], cwd=REPO, env=env,
                              capture_output=True, check=True).stdout
    assert made_with_seed(1) == made_with_seed(2)
