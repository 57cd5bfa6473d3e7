"""A demo county: 2 townships, 6 villages/communities with grids, ~60 households,
one account per role."""
import datetime as dt
import random
import uuid

from .auth.models import load_user_row
from .clock import CHINA, now_iso, today
from .db import savepoint
from .diary.entity import DIARY
from .duty import demo_posts as duty_posts
from .households import pairing, rules
from .households.entity import HOUSEHOLD
from .leaders import queries as leader_queries
from .leaders.records import GRASSROOTS_DAY, RESEARCH_VISIT
from .ledger import record_event
from .org import service
from .sync import store

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
    # An in-service member sits at their own party organisation and registers with the
    # community they live in (duty/demo_posts.py).
    ("member", "吴党员", "示范县非公企业联合党委", ["member"]),
    # A city leader: the seed's 90 days a year at the grassroots apply to their level.
    ("mayor", "钱市长", "示范市", ["leader"]),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀英", "桂兰", "志强", "玉兰", "德明", "淑珍", "国华", "春梅", "永福",
         "小红", "大勇", "凤英", "文斌", "明亮"]
DIFFICULTIES = ["illness", "disability", "elderly_alone", "left_behind_children",
                "low_income", "disaster", "other"]
NEEDS = ["医疗救助", "住房修缮", "子女就学", "产业帮扶", "就业技能培训", "日常照料"]
HEARD = ["反映自来水压力不足", "询问医保报销进度", "希望孩子能就近入学", "屋顶漏雨需要修缮",
         "想学电商技能销售农产品"]


def load(db):
    """Create the demo county under a new province root; returns the accounts made."""
    rng = random.Random(2013)
    with savepoint(db):
        root = service.create_node(db, None, None, {"name": "四川省", "kind": "province"})
        nodes = {"四川省": root}
        _build(db, root, TREE, nodes)
        accounts = [_account(db, nodes, *spec) for spec in ACCOUNTS]
        households = _households(db, nodes, rng)
        _pairings_and_diaries(db, {a["username"]: a for a in accounts}, nodes, households, rng)
        _cases(db, {a["username"]: a for a in accounts}, nodes, households, rng)
        duty_posts.load(db, {a["username"]: a for a in accounts}, nodes)
        _leader_year(db, {a["username"]: a for a in accounts}, nodes)
        return accounts


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
    """Ten households in each village, five per grid, stored as the sync engine stores them."""
    made = []
    for grid in [n for n in nodes.values() if n["kind"] == "grid"]:
        for _ in range(HOUSEHOLDS_PER_VILLAGE // GRIDS_PER_VILLAGE):
            birth = rng.randint(1940, 1990)
            first17 = (f"5101{rng.randint(10, 99)}{birth}{rng.randint(1, 12):02d}"
                       f"{rng.randint(1, 28):02d}{rng.randint(100, 999)}")
            row = {"node_id": grid["id"], "head_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                   "members": [{"name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                                "relation": "配偶", "birth_year": birth + rng.randint(-3, 3)}],
                   "difficulty_type": rng.choice(DIFFICULTIES), "needs": rng.choice(NEEDS),
                   "address": f"{grid['name'][:3]}{rng.randint(1, 12)}组{rng.randint(1, 60)}号",
                   "phone": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                   "id_number": first17 + rules.id_check_digit(first17)}
            record_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            store.save(db, None, HOUSEHOLD, record_id, None, row)
            made.append({**row, "id": record_id})
    return made


def _pairings_and_diaries(db, accounts, nodes, households, rng):
    """The demo cadre is paired with five households of 青山村 (one due for rotation, one
    overdue) and has visited some; a cadre is stationed in 石桥村."""
    admin = load_user_row(db, accounts["admin"]["id"])
    cadre = load_user_row(db, accounts["cadre"]["id"])
    village = {nodes["青山村第一网格"]["id"], nodes["青山村第二网格"]["id"]}
    theirs = [h for h in households if h["node_id"] in village][:5]
    starts = [400, 800, 90, 60, 30]   # days ago: due, overdue, then recent
    for household, days in zip(theirs, starts):
        start = (today() - dt.timedelta(days=days)).isoformat()
        pairing.pair(db, admin, household, cadre.id, start)
    for household, days in zip(theirs[:3], (20, 3, 45)):
        when = dt.datetime.combine(today() - dt.timedelta(days=days), dt.time(10, 0), CHINA)
        follow = (today() + dt.timedelta(days=rng.choice((-5, 7, 14)))).isoformat()
        store.save(db, cadre, DIARY, str(uuid.UUID(int=rng.getrandbits(128), version=4)), None,
                   {"kind": "visit", "activity_type": None, "occurred_at": when.isoformat(),
                    "node_id": household["node_id"], "household_id": household["id"],
                    "place": household["address"], "lat": None, "lng": None, "accuracy": None,
                    "people_met": household["head_name"], "heard": rng.choice(HEARD),
                    "done": "记录在册，约定回访", "topic": None, "attendance": None, "photos": [],
                    "follow_up_date": follow})
    pairing.station(db, admin, nodes["石桥村"], accounts["leader"]["id"], "驻村工作队队长",
                    (today() - dt.timedelta(days=500)).isoformat())


def _account(db, nodes, username, name, node_name, roles):
    user, _ = service.create_user(db, None, {
        "username": username, "name": name, "node_id": nodes[node_name]["id"],
        "roles": roles, "password": DEMO_PASSWORD})
    return user


# (days ago, category, urgency, text, what happened since: steps by whom)
CASES = [
    (1, "infrastructure", "normal", "村口到学校的路灯坏了三盏，晚上孩子放学不安全", []),
    (12, "housing", "urgent", "连日降雨，房屋后墙出现裂缝，担心垮塌", [("accept", "secretary")]),
    (6, "medical", "normal", "老人慢性病门诊报销比例不清楚，跑了两趟没办成",
     [("accept", "secretary"), ("assign", "secretary")]),
    (20, "land", "normal", "与邻居宅基地界址有争议，多次协商未果",
     [("accept", "secretary"), ("transfer", "secretary")]),
    (30, "environment", "normal", "河边有人倾倒建筑垃圾", [
        ("accept", "secretary"), ("close", "secretary"), ("rate", "secretary")]),
]


def _cases(db, accounts, nodes, households, rng):
    """Cases of 青山村 the secretary took in, at each stage: one just received, one overdue
    waiting to be accepted, one assigned to the grid worker, one being transferred to the
    village director, one closed and rated."""
    secretary = load_user_row(db, accounts["secretary"]["id"])
    people = {"secretary": secretary}
    grid, village = accounts["grid"]["id"], accounts["village"]["id"]
    data = {"assign": {"to_user_id": grid}, "transfer": {"to_user_id": village,
                                                        "reason": "涉及村规划，请村委会办理"},
            "close": {"result": "resolved", "done": "联系乡环保站清运，设立警示牌"},
            "rate": {"satisfaction": "satisfied", "asked_by": "phone"}, "accept": {}}
    theirs = [h for h in households if h["node_id"] in {
        nodes["青山村第一网格"]["id"], nodes["青山村第二网格"]["id"]}]
    for (days, category, urgency, text, steps), household in zip(CASES, theirs[5:]):
        at = dt.datetime.combine(today() - dt.timedelta(days=days), dt.time(9, 30), CHINA)
        case_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        record_event(db, secretary, case_id, "receive", {
            "kind": "appeal", "channel": rng.choice(("diary", "reception", "hotline")),
            "category": category, "urgency": urgency, "text": text,
            "person_name": household["head_name"], "person_phone": household["phone"],
            "household_id": household["id"], "backlog": False}, at.isoformat())
        for step, (kind, who) in enumerate(steps, start=1):
            moment = at + dt.timedelta(hours=2 * step)
            record_event(db, people[who], case_id, kind, data[kind], moment.isoformat())


# The city leader's year so far (F8): a day at the grassroots every LEADER_EVERY_DAYS days
# since New Year, up to two days ago: a little behind the pace of 90 a year.
LEADER_EVERY_DAYS = 5
LEADER_DONE = ["走访脱贫户，了解务工和医保情况", "召开院坝会，听取修路意见",
               "察看饮水工程进度，协调资金缺口", "到村小学了解营养午餐落实情况"]


def _leader_year(db, accounts, nodes):
    """The city leader keeps in touch with 青山村 and 东门社区, has logged days there this year
    and made one research visit; ids of their own random sequence."""
    rng = random.Random(2008)
    mayor = load_user_row(db, accounts["mayor"]["id"])
    village = nodes["青山村"]
    leader_queries.replace_contacts(db, mayor.id, sorted([village["id"], nodes["东门社区"]["id"]]),
                                    accounts["admin"]["id"], now_iso())
    day, last = dt.date(today().year, 1, 2), today() - dt.timedelta(days=2)
    while day <= last:
        _leader_record(db, mayor, GRASSROOTS_DAY, rng, {
            "day": day.isoformat(), "place_node_id": village["id"], "place": "青山村村委会",
            "done": rng.choice(LEADER_DONE)})
        day += dt.timedelta(days=LEADER_EVERY_DAYS)
    first = today() - dt.timedelta(days=6)
    if first.year == today().year:
        _leader_record(db, mayor, RESEARCH_VISIT, rng, {
            "kind": "topic", "starts_on": first.isoformat(),
            "ends_on": (first + dt.timedelta(days=1)).isoformat(),
            "place_node_id": village["id"], "places": "青山乡青山村、石桥村",
            "topic": "农村饮水安全", "entourage_city": 2, "entourage_county": 1,
            "findings": "两个村的自来水管网老化，枯水期压力不足"})


def _leader_record(db, user, entity, rng, data):
    """Store a leader's record as sync would: cleaned, prepared, saved."""
    row = entity.prepare(db, user, entity.clean(user, data), None)
    store.save(db, user, entity, str(uuid.UUID(int=rng.getrandbits(128), version=4)), None, row)
