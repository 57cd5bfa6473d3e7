"""The public side as a resident and the staff meet it: an appeal sent from the board without an
account, received into the ledger by the village's receiver; its private link; the summary a
handler publishes (screened for the people's names and numbers), the board and its caching,
the resident's rating (不满意 reopens), and every refusal a page in Chinese."""
import gzip
import hashlib
import io
import itertools
import json
import re

import pytest
from PIL import Image

from qzapp.clock import now
from qzapp.db import fetch_one, fetch_value
from qzapp.ledger import queries as ledger_queries
from qzapp.public import forms
from tests.factories import make_household, make_node, make_user, new_id, put

MIDS = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh_mids():
    """Each test's phones number their mutations from 1."""
    global MIDS
    MIDS = itertools.count(1)


@pytest.fixture
def place(db):
    """A township with a village (its first secretary, a household) and a neighbour."""
    county = make_node(db, make_node(db, make_node(db), kind="city"), kind="county", name="县")
    township = make_node(db, county, kind="township", name="青山镇")
    village = make_node(db, township, kind="village", name="石门村")
    grid = make_node(db, village, kind="grid", name="一组")
    other = make_node(db, township, kind="village", name="邻村")
    people = {
        "secretary": make_user(db, village, ("first_secretary",), username="sec", name="李书记"),
        "staff": make_user(db, village, ("village_staff",), username="staff", name="王干事"),
        "town": make_user(db, township, ("village_staff",), username="town"),
        "supervisor": make_user(db, county, ("supervisor",), username="super"),
    }
    household = make_household(db, village, head_name="赵大海",
                               members=[{"name": "赵小河", "relation": "子"}])
    return {"township": township["id"], "village": village["id"], "grid": grid["id"],
            "other": other["id"], "household": household["id"], "county_node": county,
            **{name: user["id"] for name, user in people.items()}}


def stamp_of(html):
    """The signed stamp a form page carries."""
    return re.search(r'name="stamp" value="([^"]+)"', html).group(1)


def send_appeal(client, village_id, **fields):
    """Fill in and send a village's appeal form as a resident; the answer."""
    form = client.get(f"/board/{village_id}/appeal")
    assert form.status_code == 200
    data = {"stamp": stamp_of(form.get_data(as_text=True)), "category": "environment",
            "text": "村口垃圾堆放半个月没人清运", "name": "张三", "phone": "13812345678",
            "website": "", **fields}
    return client.post(f"/board/{village_id}/appeal", data=data,
                       content_type="multipart/form-data")


def sent_case(client, village_id, **fields):
    """Send an appeal; (its private link, its case row)."""
    answer = send_appeal(client, village_id, **fields)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    link = answer.headers["Location"]
    token = re.search(r"/track/([^?]+)", link).group(1)
    return link, token


def case_of(db, token):
    """The case a private link names."""
    row = fetch_one(db, "SELECT case_id FROM public_tracks WHERE token_hash = ?",
                    [hashlib.sha256(token.encode()).hexdigest()])
    return ledger_queries.case_row(db, row["case_id"])


def push_event(api, username, case, kind, data):
    """Write one event on a case as a phone would."""
    api.as_user(username)
    answer = api.push([put(next(MIDS), new_id(), {"case_id": case["id"], "kind": kind, "data": data,
                                         "at": now().isoformat(timespec="seconds")},
                           entity="case_event")], device=f"phone-{username}")
    results = answer.get_json()["results"]
    assert results and results[0]["status"] == "applied", answer.get_json()


def test_an_appeal_sent_online_is_a_case_owned_by_the_first_secretary(client, db, place):
    link, token = sent_case(client, place["village"])
    case = case_of(db, token)
    assert (case["channel"], case["node_id"], case["owner_id"], case["status"]) == (
        "online_form", place["village"], place["secretary"], "received")
    assert (case["person_name"], case["person_phone"]) == ("张三", "13812345678")
    assert len(token) >= 22   # 128 random bits
    page = client.get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "提交成功" in html and "环境" in html
    code = fetch_value(db, "SELECT code FROM public_tracks WHERE case_id = ?", [case["id"]])
    assert code in html and "第一书记" in html and "李书记" not in html
    assert page.headers["Cache-Control"] == "no-store"
    assert "script-src" not in page.headers["Content-Security-Policy"]
    # The token itself is never stored: only its hash.
    assert fetch_value(db, "SELECT count(*) FROM public_tracks WHERE token_hash = ?",
                       [token]) == 0


def test_the_receiver_is_the_desk_s_then_the_township_s(client, db, place):
    ledger_queries.save_desk(db, {"node_id": place["village"], "receiver_id": place["staff"],
                                  "office_hours": None, "updated_by": None,
                                  "updated_at": "2026-11-01T00:00:00Z"})
    db.conn.commit()
    assert case_of(db, sent_case(client, place["village"])[1])["owner_id"] == place["staff"]
    other = sent_case(client, place["other"], phone="13900000001")[1]
    assert case_of(db, other)["owner_id"] == place["town"]


def test_a_village_nobody_receives_for_refuses_plainly(client, db, place):
    township = make_node(db, place["county_node"], kind="township", name="远镇")
    lonely = make_node(db, township, kind="village", name="空村")["id"]
    answer = send_appeal(client, lonely)
    assert answer.status_code == 409 and "暂未开通网上反映" in answer.get_data(as_text=True)
    assert fetch_value(db, "SELECT count(*) FROM cases") == 0


@pytest.mark.parametrize("fields, field, message", [
    ({"text": "x" * 2001}, "text", "2000"),
    ({"text": "太短"}, "text", "至少写 5 个字"),
    ({"category": "weather"}, "category", ""),
    ({"phone": "call me"}, "phone", ""),
    ({"text": "垃圾\u202e没人管理了"}, "text", ""),
])
def test_wrong_fields_come_back_with_what_was_typed(client, db, place, fields, field, message):
    answer = send_appeal(client, place["village"], **fields)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "请按提示修改" in html and message in html
    assert 'name="name" maxlength="50" value="张三"' in html   # nothing typed is lost
    assert fetch_value(db, "SELECT count(*) FROM cases") == 0


def test_a_photo_goes_with_the_appeal_and_a_huge_or_broken_one_is_refused(client, db, place):
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(picture, "JPEG")
    _link, token = sent_case(client, place["village"], photo=(io.BytesIO(picture.getvalue()),
                                                              "a.jpg"))
    sha = hashlib.sha256(picture.getvalue()).hexdigest()
    assert sha in case_of(db, token)["photos"]
    broken = send_appeal(client, place["village"], phone="13900000002",
                         photo=(io.BytesIO(b"not a photo"), "a.jpg"))
    assert broken.status_code == 415 and "照片" in broken.get_data(as_text=True)
    huge = send_appeal(client, place["village"], phone="13900000003",
                       photo=(io.BytesIO(b"0" * (10 * 1024 * 1024 + 1)), "big.jpg"))
    assert huge.status_code == 400 and "10" in huge.get_data(as_text=True)
    assert fetch_value(db, "SELECT count(*) FROM cases") == 1


def test_robots_are_refused_without_a_captcha(app, client, db, place):
    honeypot = send_appeal(client, place["village"], website="http://spam.example")
    assert honeypot.status_code == 400 and "未被接受" in honeypot.get_data(as_text=True)
    forged = send_appeal(client, place["village"], stamp="forged")
    assert forged.status_code == 400 and "页面已过期" in forged.get_data(as_text=True)
    app.config["PUBLIC_MIN_FILL_SECONDS"] = 3
    fast = send_appeal(client, place["village"])
    assert fast.status_code == 400 and "提交太快" in fast.get_data(as_text=True)
    assert fetch_value(db, "SELECT count(*) FROM cases") == 0


def test_an_address_and_a_phone_have_their_limits(client, db, place):
    for n in range(3):
        sent_case(client, place["village"], text=f"第 {n} 件：路灯坏了很久")
    by_phone = send_appeal(client, place["village"])
    assert by_phone.status_code == 429 and "分钟后再试" in by_phone.get_data(as_text=True)
    for n in range(2):
        sent_case(client, place["village"], phone=f"1390000001{n}")
    by_address = send_appeal(client, place["village"], phone="13900000099")
    assert by_address.status_code == 429
    assert fetch_value(db, "SELECT count(*) FROM cases") == 5
    # What was limited is kept as a keyed hash, never as the number or the address.
    keys = [k for (k,) in db.execute("SELECT key FROM public_hits").fetchall()]
    assert keys and not any("13812345678" in k or "127.0.0.1" in k for k in keys)


def test_pages_that_do_not_exist_say_so(client, db, place):
    for url, status, words in (("/board/999999", 404, "没有这个村"),
                               (f"/board/{place['township']}", 404, "没有这个村"),
                               ("/board/999999/appeal", 404, "没有这个村"),
                               (f"/board/{place['village']}?page=0", 400, "页码"),
                               ("/track/forged-token", 404, "链接无效")):
        answer = client.get(url)
        assert answer.status_code == status and words in answer.get_data(as_text=True), url
        assert answer.mimetype == "text/html"


def test_an_expired_link_says_so(client, db, place):
    _link, token = sent_case(client, place["village"])
    db.execute("UPDATE public_tracks SET expires_at = '2020-01-01T00:00:00+00:00'")
    db.conn.commit()
    answer = client.get(f"/track/{token}")
    assert answer.status_code == 410 and "已过期" in answer.get_data(as_text=True)


def test_publishing_screens_the_summary_for_the_people_of_the_case(client, api, db, place):
    _link, token = sent_case(client, place["village"])
    case = case_of(db, token)
    db.execute("UPDATE cases SET household_id = ? WHERE id = ?", [place["household"],
                                                                  case["id"]])
    db.conn.commit()
    api.as_user("sec")
    url = f"/api/cases/{case['id']}/publication"
    for summary, words in (("张三反映的垃圾已清运", "张*"), ("已联系赵小河，问题解决", "赵*"),
                           ("回访电话 138 1234 5678", "138****5678"),
                           ("身份证 51010419900101123X", "5101**********123X")):
        answer = api.post(url, {"summary": summary})
        body = answer.get_json()
        assert answer.status_code == 400 and body["code"] == "screened", summary
        assert words in body["errors"][0]["message"], body
    assert not ledger_queries.case_row(db, case["id"])["published"]
    answer = api.post(url, {"summary": "村口垃圾已清运，设置了固定清运时间。"})
    assert answer.status_code == 200 and answer.get_json()["case"]["published"] == 1
    api.as_user("super")   # overseers may take a case off, not put it up
    assert api.post(url, {"summary": "另一个摘要内容"}).status_code == 409
    assert api.client.delete(url, headers=api.HEADERS).status_code == 200
    assert not ledger_queries.case_row(db, case["id"])["published"]


def published_case(client, api, db, place, summary, **fields):
    """A resident's case published by the secretary with summary; (token, case)."""
    _link, token = sent_case(client, place["village"], **fields)
    case = case_of(db, token)
    api.as_user("sec")
    answer = api.post(f"/api/cases/{case['id']}/publication", {"summary": summary})
    assert answer.status_code == 200, answer.get_json()
    return token, case


def test_the_board_shows_what_was_published_and_nothing_personal(client, api, db, place):
    _token, shown = published_case(client, api, db, place, "村口垃圾已清运<script>alert(1)</script>")
    sent_case(client, place["village"], phone="13900000005", text="没有公开的诉求内容")
    push_event(api, "sec", shown, "accept", {})
    push_event(api, "sec", shown, "close", {"result": "resolved", "done": "联系张三家属"})
    page = client.get(f"/board/{place['village']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "石门村" in html and "青山镇" in html
    assert "村口垃圾已清运&lt;script&gt;" in html and "<script>" not in html
    assert "已办结" in html and "解决" in html and "用时 0 个工作日" in html
    for secret in ("张三", "13812345678", "没有公开的诉求内容", "联系张三家属", "李书记",
                   "2026-11-02", shown["id"]):
        assert secret not in html, secret
    assert "受理" in html and "<b>2</b>" in html   # this year: two received
    index = client.get("/board").get_data(as_text=True)
    assert "青山镇" in index and "石门村" in index and "公开 1 件" in index


def test_the_board_is_cached_by_its_version(client, api, db, place):
    url = f"/board/{place['village']}"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    tag = first.headers["ETag"]
    assert first.headers["Content-Encoding"] == "gzip"
    assert first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": tag})
    assert again.status_code == 304
    published_case(client, api, db, place, "路灯已经修好了")
    changed = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    assert "路灯已经修好了" in gzip.decompress(changed.data).decode()


def test_the_resident_rates_once_and_unsatisfied_reopens(app, client, api, db, place):
    token, case = published_case(client, api, db, place, "垃圾清运问题已处理")
    assert "对办理结果的评价" not in client.get(f"/track/{token}").get_data(as_text=True)
    with app.test_request_context():
        stamp = forms.stamp("rate")
    open_rating = client.post(f"/track/{token}/rate", data={"stamp": stamp,
                                                            "satisfaction": "satisfied"})
    assert open_rating.status_code == 409 and "尚未办结" in open_rating.get_data(as_text=True)
    push_event(api, "sec", case, "accept", {})
    push_event(api, "sec", case, "close", {"result": "resolved", "done": "已清运"})
    page = client.get(f"/track/{token}").get_data(as_text=True)
    assert "对办理结果的评价" in page and "办结" in page
    stamp = stamp_of(page)
    bad = client.post(f"/track/{token}/rate", data={"stamp": stamp, "satisfaction": "meh"})
    assert bad.status_code == 400 and "对办理结果的评价" in bad.get_data(as_text=True)
    rated = client.post(f"/track/{token}/rate", data={
        "stamp": stamp, "satisfaction": "unsatisfied", "comment": "还是没人管"})
    assert rated.status_code == 303
    row = ledger_queries.case_row(db, case["id"])
    assert (row["status"], row["satisfaction"], row["reopens"]) == ("in_progress",
                                                                    "unsatisfied", 1)
    event = fetch_one(db, "SELECT * FROM case_events WHERE case_id = ? AND kind = 'rate'",
                      [case["id"]])
    assert event["created_by"] is None and json.loads(event["data"])["asked_by"] == "online"
    again = client.post(f"/track/{token}/rate", data={"stamp": stamp,
                                                      "satisfaction": "satisfied"})
    assert again.status_code == 409 and "尚未办结" in again.get_data(as_text=True)
    assert fetch_value(db, "SELECT count(*) FROM case_events WHERE kind = 'rate'") == 1
    told = db.execute("SELECT user_id, kind, title FROM notices WHERE kind LIKE 'case_%'"
                      " ORDER BY created_at, kind").fetchall()
    assert [tuple(row) for row in told] == [
        (place["secretary"], "case_received_online", "群众网上反映了一件诉求，由您受理"),
        (place["secretary"], "case_rated_online", "群众评价：不满意")]
    push_event(api, "sec", case, "close", {"result": "resolved", "done": "又清运了"})
    rerated = client.post(f"/track/{token}/rate", data={"stamp": stamp,
                                                        "satisfaction": "basic"})
    assert rerated.status_code == 303
    twice = client.post(f"/track/{token}/rate", data={"stamp": stamp,
                                                      "satisfaction": "satisfied"})
    assert twice.status_code == 409 and "已经评价过" in twice.get_data(as_text=True)


def test_the_tick_forgets_hits_older_than_any_window(app, client, db, place):
    import time

    from qzapp import tick
    sent_case(client, place["village"])
    db.execute("INSERT INTO public_hits (bucket, key, at) VALUES ('appeal_address', 'old', ?)",
               [time.time() - 8 * 86400])
    db.conn.commit()
    with app.app_context():
        done = tick.run(db, only={"public_hits"})
    assert done["public_hits"] == 1
    assert fetch_value(db, "SELECT count(*) FROM public_hits WHERE key = 'old'") == 0
    assert fetch_value(db, "SELECT count(*) FROM public_hits") == 3   # today's stay
