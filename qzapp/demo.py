"""A demo county: 2 townships, 6 villages/communities with grids, ~60 households,
one account per role."""
import random
import uuid

from .clock import now_iso
from .org import service

DEMO_PASSWORD = "qzdemo2026"

TREE = [  # (name, kind, subtype, children)
    ("示范市", "city", None, [
        ("示范县", "county", None, [
            ("城关街道", "township", "street", [
                ("东门社区", "village", "community", []),
                ("西门社区", "village", "community", []),
                ("南街社区", "village", "community", []),
            ]),
            ("青山乡", "township", "township", [
                ("青山村", "village", "village", []),
                ("石桥村", "village", "village", []),
                ("柳湾村", "village", "village", []),
            ]),
            ("示范县非公企业联合党委", "party_org", "non_public", []),
        ]),
    ]),
]
GRIDS_PER_VILLAGE = 2
HOUSEHOLDS_PER_VILLAGE = 10

# (username, name, node name, roles)
ACCOUNTS = [
    ("admin", "王管理", "示范县", ["admin"]),
    ("supervisor", "李督查", "示范县", ["supervisor"]),
    ("leader", "张县长", "示范县", ["leader"]),
    ("cadre", "刘干部", "示范县", ["cadre"]),
    ("secretary", "陈书记", "青山村", ["first_secretary"]),
    ("village", "赵主任", "青山村", ["village_staff"]),
    ("grid", "孙网格", "青山村第一网格", ["grid_worker"]),
    ("community", "周社工", "东门社区", ["community_staff"]),
    ("member", "吴党员", "东门社区", ["member"]),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀英", "桂兰", "志强", "玉兰", "德明", "淑珍", "国华", "春梅", "永福",
         "小红", "大勇", "凤英", "文斌", "明亮"]
DIFFICULTIES = ["illness", "disability", "elderly_alone", "left_behind_children",
                "low_income", "disaster", "other"]
NEEDS = ["医疗救助", "住房修缮", "子女就学", "产业帮扶", "就业技能培训", "日常照料"]


def load(db):
    """Create the demo county under a new province root; returns the accounts made."""
    with db.atomic():
        root = service.create_node(db, None, None, {"name": "四川省", "kind": "province"})
        nodes = {"四川省": root}
        _build(db, root, TREE, nodes)
        _households(db, nodes, random.Random(2013))
        return [_account(db, nodes, *spec) for spec in ACCOUNTS]


def _build(db, parent, specs, nodes):
    for name, kind, subtype, children in specs:
        node = service.create_node(db, None, parent,
                                   {"name": name, "kind": kind, "subtype": subtype})
        nodes[name] = node
        if kind == "village":
            for i in range(1, GRIDS_PER_VILLAGE + 1):
                grid_name = f"{name}第{'一二三四'[i - 1]}网格"
                nodes[grid_name] = service.create_node(db, None, node,
                                                       {"name": grid_name, "kind": "grid"})
        _build(db, node, children, nodes)


def _households(db, nodes, rng):
    grids = [n for name, n in nodes.items() if n["kind"] == "grid"]
    stamp = now_iso()
    for grid in grids:
        for _ in range(HOUSEHOLDS_PER_VILLAGE // GRIDS_PER_VILLAGE):
            birth = rng.randint(1940, 1990)
            db["households"].insert({
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "node_id": grid["id"],
                "head_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "members": "[]",
                "difficulty_type": rng.choice(DIFFICULTIES),
                "needs": rng.choice(NEEDS),
                "address": f"{grid['name'][:3]}{rng.randint(1, 12)}组{rng.randint(1, 60)}号",
                "phone": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                "id_number": f"5101{rng.randint(10, 99)}{birth}{rng.randint(1, 12):02d}"
                             f"{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
                             f"{rng.choice('0123456789X')}",
                "created_at": stamp, "updated_at": stamp,
            })


def _account(db, nodes, username, name, node_name, roles):
    user, _ = service.create_user(db, None, {
        "username": username, "name": name, "node_id": nodes[node_name]["id"],
        "roles": roles, "password": DEMO_PASSWORD})
    return user
