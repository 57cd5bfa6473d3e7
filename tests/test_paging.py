"""Lists a page at a time: a cursor never skips or repeats a row, even while rows are added."""
import pytest

from tests.factories import make_user


@pytest.fixture
def many(api, db, world):
    """An admin and 230 more accounts in the county (with the world's 5)."""
    make_user(db, world["county"], roles=["admin"], username="boss")
    for n in range(230):
        make_user(db, world["village" if n % 2 else "other"], username=f"u{n:03d}")
    api.as_user("boss")
    return api


def walk(api, url, key, limit, cursor=None):
    """Every page of a list from cursor: (the ids in order, the totals each page said)."""
    ids, totals = [], set()
    while True:
        page = api.get(f"{url}{'&' if '?' in url else '?'}limit={limit}"
                       + (f"&cursor={cursor}" if cursor else "")).json
        ids += [item["id"] for item in page[key]]
        totals.add(page["total"])
        if not page["more"]:
            assert page["next_cursor"] is None
            return ids, totals
        cursor = page["next_cursor"]


def test_pages_cover_the_list_once_in_order(many, db):
    ids, totals = walk(many, "/api/users", "users", 100)
    assert totals == {236} and len(ids) == len(set(ids)) == 236
    everyone = many.get("/api/users?limit=500").json["users"]
    assert ids == [u["id"] for u in everyone]


def test_the_default_page_is_a_hundred(many):
    page = many.get("/api/users").json
    assert len(page["users"]) == 100 and page["more"] is True


def test_rows_added_while_paging_are_neither_skipped_nor_repeated(many, db, world):
    first = many.get("/api/users?limit=50").json
    seen = [u["id"] for u in first["users"]]
    # Accounts added before the cursor (an early path) and after it (a late username).
    early = make_user(db, world["county"], username="aaa-early")
    late = make_user(db, world["other"], username="zzz-late")
    rest, _ = walk(many, "/api/users", "users", 50, first["next_cursor"])
    assert not set(seen) & set(rest)
    before = {u["id"] for u in many.get("/api/users?limit=500").json["users"]} - {
        early["id"], late["id"]}
    assert before <= set(seen) | set(rest)
    assert late["id"] in rest


@pytest.mark.parametrize("query,field", [
    ("limit=0", "limit"), ("limit=501", "limit"), ("limit=abc", "limit"), ("limit=１", "limit"),
    ("cursor=abc", "cursor"), ("cursor=W10=", "cursor"), ("cursor=WyJhIl0=", "cursor"),
    ("cursor=W3RydWUsMSwyXQ==", "cursor"),
])
def test_bad_pages_are_400(many, query, field):
    response = many.get(f"/api/users?{query}")
    assert response.status_code == 400
    assert response.json["errors"][0]["field"] == field


@pytest.fixture
def register(app, api, db, world):
    """An admin and 260 households over both villages, 150 of them paired since dates spread
    over three years."""
    import datetime as dt

    from qzapp.auth.models import load_user_row
    from qzapp.households import pairing
    from tests.factories import make_household
    boss = make_user(db, world["county"], roles=["admin"], username="boss")
    homes = [make_household(db, world["village" if n % 3 else "other"], head_name=f"户{n:03d}",
                            id_number=None) for n in range(260)]
    with app.app_context(), db.atomic():
        admin = load_user_row(db, boss["id"])
        for n, home in enumerate(homes[:150]):
            start = (dt.date.today() - dt.timedelta(days=7 * n)).isoformat()
            pairing.pair(db, admin, home, world["cadre"]["id"], start)
    api.as_user("boss")
    return homes


def test_the_register_pages_cover_it_once(api, register, db, world):
    ids, totals = walk(api, "/api/households", "households", 100)
    assert totals == {260} and len(ids) == len(set(ids)) == 260
    assert set(ids) == {h["id"] for h in register}
    village, _ = walk(api, f"/api/households?node_id={world['other']['id']}", "households", 30)
    assert len(village) == 87


def test_households_added_while_paging_are_neither_skipped_nor_repeated(api, register, db,
                                                                        world):
    from tests.factories import make_household
    first = api.get("/api/households?limit=100").json
    seen = [h["id"] for h in first["households"]]
    added = [make_household(db, world[node], head_name=name, id_number=None)
             for node, name in (("village", "户000"), ("other", "户999"), ("village", "啊"))]
    rest, _ = walk(api, "/api/households", "households", 100, first["next_cursor"])
    assert not set(seen) & set(rest)
    assert {h["id"] for h in register} <= set(seen) | set(rest)
    assert set(rest) & {h["id"] for h in added}   # those that sort after the cursor come


@pytest.mark.parametrize("status", ["overdue", "due", "ok", None])
def test_pairings_page_by_rotation_status(api, register, status):
    import datetime as dt

    from qzapp.households import rules
    query = f"/api/pairings?status={status}" if status else "/api/pairings"
    ids, totals = walk(api, query, "pairings", 20)
    everyone = {p["id"]: p for p in walk_items(api, "/api/pairings", "pairings")}
    wanted = {i for i, p in everyone.items() if status is None or rules.rotation_status(
        p["start_date"], dt.date.today()) == status}
    assert len(ids) == len(set(ids)) and set(ids) == wanted and totals == {len(wanted)}
    assert len(everyone) == 150


def walk_items(api, url, key):
    """Every item of every page of a list."""
    items, cursor = [], None
    while True:
        page = api.get(url + (f"?cursor={cursor}" if cursor else "")).json
        items += page[key]
        if not page["more"]:
            return items
        cursor = page["next_cursor"]


def test_a_keepers_register_holds_the_households_paired_with_them_elsewhere(app, api, db,
                                                                            world):
    """A first secretary who is also paired with a household of another village sees it in
    their register, in its place, and counted; narrowed to their village, not."""
    from qzapp.auth.models import load_user_row
    from qzapp.households import pairing
    from tests.factories import make_household
    both = make_user(db, world["village"], roles=["first_secretary", "cadre"], username="both")
    boss = make_user(db, world["county"], roles=["admin"], username="boss")
    mine = [make_household(db, world["village"], head_name=f"甲{n}", id_number=None)
            for n in range(3)]
    away = make_household(db, world["other"], head_name="乙户", id_number=None)
    make_household(db, world["other"], head_name="丙户", id_number=None)
    with app.app_context(), db.atomic():
        pairing.pair(db, load_user_row(db, boss["id"]), away, both["id"], "2026-01-05")
    api.as_user("both")
    ids, totals = walk(api, "/api/households", "households", 2)
    assert set(ids) == {h["id"] for h in mine} | {away["id"]} and totals == {4}
    narrowed, _ = walk(api, f"/api/households?node_id={world['village']['id']}", "households", 2)
    assert set(narrowed) == {h["id"] for h in mine}


def test_the_org_tree_pages_in_tree_order(many, db, world):
    from tests.factories import make_node
    for n in range(30):
        make_node(db, world["village"], kind="grid", name=f"网格{n:02d}")
    ids, totals = walk(many, "/api/org/nodes", "nodes", 7)
    paths = [db.execute("SELECT path FROM org_nodes WHERE id = ?", [i]).fetchone()[0]
             for i in ids]
    assert totals == {len(ids)} and len(ids) == len(set(ids)) == 34 and paths == sorted(paths)
