"""The org tree of a generated county and the accounts that work in it."""
import secrets
from dataclasses import dataclass, field

from ..db import execute_many
from . import names
from .bulk import as_tuples, insert_sql
from .people import COUNTY_CODE

# About 800 households on a village's register, fifteen villages to a township, and one
# street (街道, the county seat's communities) to every eight townships.
HOUSEHOLDS_PER_VILLAGE = 800
VILLAGES_PER_TOWNSHIP = 15
TOWNSHIPS_PER_STREET = 8
GRIDS_PER_VILLAGE = (2, 4)
CENTRE = (30.42, 104.63)   # the county seat (latitude, longitude), somewhere in the basin
NODE_COLUMNS = ("id", "parent_id", "name", "kind", "subtype", "code", "path", "depth",
                "active", "created_at", "created_by", "updated_at")
USER_COLUMNS = ("id", "username", "name", "phone", "node_id", "password_hash",
                "session_token", "active", "must_change_password", "created_at", "created_by",
                "updated_at")
ORDINALS = "一二三四五六七八九十"
TOWNSHIP_CODES = {"street": 0, "town": 100, "xiang": 200}   # statistical codes' ranges


@dataclass
class Township:
    """A township or street, its administrator, leaders and supervisor, and its cadres."""

    node: dict
    admin: int = None
    leaders: list = field(default_factory=list)
    supervisor: int = None
    cadres: list = field(default_factory=list)   # made by plan.py


@dataclass
class County:
    """The county node, its administrator, leaders and supervisors, its cadres (of county
    departments), its townships and places."""

    node: dict
    admin: int
    leaders: list
    supervisors: list
    cadres: list = field(default_factory=list)   # made by plan.py
    townships: list = field(default_factory=list)
    places: list = field(default_factory=list)
    place_names: set = field(default_factory=set)   # no two villages called alike


@dataclass
class Place:
    """A village or community: its grids, the people who keep its register, its size."""

    node: dict
    township: Township
    community: bool
    centre: tuple
    grids: list = field(default_factory=list)          # grid nodes
    grid_workers: list = field(default_factory=list)   # one account per grid
    grid_households: list = field(default_factory=list)
    staff: list = field(default_factory=list)          # village_staff accounts
    community_staff: list = field(default_factory=list)
    secretary: int = None                              # first_secretary (villages only)
    stationed: int = None                              # a cadre stationed there now


class Org:
    """Nodes and accounts, numbered from one (the database is empty), written by flush()."""

    def __init__(self, rng, people, password_hash, created_at):
        self.rng, self.people = rng, people
        self.password_hash, self.created_at = password_hash, created_at
        self.nodes, self.users, self.roles = [], [], []
        self.names = {}   # every account's name, by id (pairings show their cadre's)
        self.user_nodes = {}   # every account's node, by id
        self.paths, self.kinds = {}, {}   # every node's path and kind, by id
        self.node_count = self.user_count = 0
        self.counts = {"org_nodes": 0, "users": 0, "user_roles": 0}

    def node(self, parent, name, kind, subtype=None, code=None):
        """A new node under parent (None: the root)."""
        self.node_count += 1
        node_id = self.node_count
        row = {"id": node_id, "parent_id": parent and parent["id"], "name": name, "kind": kind,
               "subtype": subtype, "code": code,
               "path": f"{parent['path'] if parent else '/'}{node_id}/",
               "depth": parent["depth"] + 1 if parent else 0, "active": 1,
               "created_at": self.created_at, "created_by": None,
               "updated_at": self.created_at}
        self.nodes.append(row)
        self.paths[node_id], self.kinds[node_id] = row["path"], kind
        return row

    def account(self, username, node, *roles):
        """A new active account on node with roles and the county's one password; its id."""
        self.user_count += 1
        name, _ = self.people.adult()
        # Session tokens are secrets, not data: random, whatever the seed.
        self.users.append({
            "id": self.user_count, "username": username, "name": name,
            "phone": self.people.phone(), "node_id": node["id"],
            "password_hash": self.password_hash, "session_token": secrets.token_urlsafe(16),
            "active": 1, "must_change_password": 0, "created_at": self.created_at,
            "created_by": None, "updated_at": self.created_at})
        self.roles += [(self.user_count, role) for role in roles]
        self.names[self.user_count] = name
        self.user_nodes[self.user_count] = node["id"]
        return self.user_count

    def flush(self, db):
        """Write the nodes and accounts made since the last flush (inside a transaction)."""
        for sql, rows in (
                (insert_sql("org_nodes", NODE_COLUMNS), as_tuples(NODE_COLUMNS, self.nodes)),
                (insert_sql("users", USER_COLUMNS), as_tuples(USER_COLUMNS, self.users)),
                ("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", self.roles)):
            execute_many(db, sql, rows)
        self.counts["org_nodes"] += len(self.nodes)
        self.counts["users"] += len(self.users)
        self.counts["user_roles"] += len(self.roles)
        self.nodes, self.users, self.roles = [], [], []


def build(org, households):
    """The county's tree and the accounts of its county, townships, villages and grids;
    returns the County, each place with its households counted."""
    rng = org.rng
    province = org.node(None, "四川省", "province", code="510000")
    city = org.node(province, "川中市", "city", code=COUNTY_CODE[:4] + "00")
    county = org.node(city, "云溪县", "county", code=COUNTY_CODE)
    for name, subtype in names.PARTY_ORGS:
        org.node(county, f"云溪县{name}", "party_org", subtype)
    result = County(county, *_county_accounts(org, county))
    villages = max(4, round(households / HOUSEHOLDS_PER_VILLAGE))
    count = max(2, round(villages / VILLAGES_PER_TOWNSHIP))
    streets = max(1, count // TOWNSHIPS_PER_STREET)
    sizes = _split(rng, villages, count, low=1)
    used, numbered = set(), {"street": 0, "town": 0, "xiang": 0, "more": 0}
    for index, size in enumerate(sizes):
        kind = "street" if index < streets else "xiang" if index % 4 == 3 else "town"
        township = _township(org, county, kind, _township_code(numbered, kind), used)
        result.townships.append(township)
        result.places += [_place(org, township, n, size, result.place_names)
                          for n in range(size)]
    for place, share in zip(result.places, _split(rng, households, len(result.places))):
        place.grid_households = _split(rng, share, len(place.grids))
    return result


def _county_accounts(org, county):
    """The county's administrator, leaders and supervisors: (admin id, leader ids,
    supervisor ids)."""
    admin = org.account("admin", county, "admin")
    supervisors = [org.account(f"supervisor{n}", county, "supervisor") for n in range(1, 4)]
    return admin, [org.account(f"leader{n:02d}", county, "leader") for n in range(1, 13)], \
        supervisors


def _township_code(numbered, kind):
    """The next code of a street (514021001...), town (...101...) or 乡 (...201...); past 99
    of a kind, codes go on from ...301."""
    numbered[kind] += 1
    if numbered[kind] < 100:
        return f"{COUNTY_CODE}{TOWNSHIP_CODES[kind] + numbered[kind]:03d}"
    numbered["more"] += 1
    return f"{COUNTY_CODE}{300 + numbered['more']:03d}"


def _township(org, county, kind, code, used):
    """A street (its stem one of the county seat's), a town (镇) or a township (乡)."""
    rng = org.rng
    if kind == "street":
        name = f"{_fresh(rng, used, lambda: rng.choice(names.STREET_STEMS))}街道"
    else:
        name = f"{_fresh(rng, used, lambda: _stem(rng))}{'乡' if kind == 'xiang' else '镇'}"
    node = org.node(county, name, "township", "street" if kind == "street" else "township",
                    code)
    township = Township(node)
    tcode = code[6:]
    township.admin = org.account(f"admin.{tcode}", node, "admin")
    township.leaders = [org.account(f"leader{n}.{tcode}", node, "leader") for n in (1, 2)]
    township.supervisor = org.account(f"sup.{tcode}", node, "supervisor")
    return township


def _place(org, township, number, size, used):
    """The number-th village or community of a township (a town's first is its seat's
    community), with its grids and its people."""
    rng, tnode = org.rng, township.node
    community = tnode["subtype"] == "street" or (
        number == 0 and size > 2 and tnode["name"].endswith("镇"))
    if community:
        stem = _fresh(rng, used, lambda: _stem(rng) if used.issuperset(
            names.COMMUNITY_STEMS) else rng.choice(names.COMMUNITY_STEMS))
        name, code = f"{stem}社区", f"{tnode['code']}{number + 1:03d}"
    else:
        stem = _fresh(rng, used, lambda: _stem(rng))
        name, code = f"{stem}村", f"{tnode['code']}{200 + number:03d}"
    node = org.node(tnode, name, "village", "community" if community else "village", code)
    lat, lng = CENTRE
    place = Place(node, township, community, (round(lat + rng.uniform(-0.3, 0.3), 6),
                                              round(lng + rng.uniform(-0.3, 0.3), 6)))
    for g in range(rng.randint(*GRIDS_PER_VILLAGE)):
        grid = org.node(node, f"{name}第{ORDINALS[g]}网格", "grid", code=f"{code}{g + 1:02d}")
        place.grids.append(grid)
        place.grid_workers.append(org.account(f"grid.{grid['code'][6:]}", grid, "grid_worker"))
    vcode = code[6:]
    place.staff = [org.account(f"vs{n}.{vcode}", node, "village_staff")
                   for n in range(1, rng.randint(2, 3) + 1)]
    if community:
        place.community_staff = [org.account(f"cs{n}.{vcode}", node, "community_staff")
                                 for n in (1, 2)]
        for n in range(1, rng.randint(4, 8) + 1):
            org.account(f"m{n}.{vcode}", node, "member")
    else:
        place.secretary = org.account(f"sec.{vcode}", node, "first_secretary")
    return place


def _stem(rng):
    return rng.choice(names.PLACE_FIRST) + rng.choice(names.PLACE_SECOND)


def _fresh(rng, used, draw, tries=40):
    """A name stem not used yet (numbered when the pools run dry)."""
    for _ in range(tries):
        stem = draw()
        if stem not in used:
            used.add(stem)
            return stem
    stem = f"{draw()}{len(used) + 1}"
    used.add(stem)
    return stem


def _split(rng, total, parts, low=0):
    """total split into parts whole numbers of random sizes (±40 % about the mean), each at
    least low."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale, shares, given = (total - low * parts) / sum(weights), [], 0
    running = 0.0
    for weight in weights:
        running += weight * scale
        share = round(running) - given
        shares.append(share + low)
        given += share
    return shares
