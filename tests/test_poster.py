"""A village's poster (F4): the A4 page and the A4 SVG document — the village, the role of who
receives (never a person), the office hours, and two QR codes that read back as exactly the
board's and the appeal form's addresses. (tests/browser/test_poster.py reads them as a
browser draws them.)"""
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from qzapp.auth.queries import node_by_id
from tests.factories import make_user

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def village(db, world):
    """甲村 with its first secretary (named 陈书记, with a phone) and a village cadre."""
    db["users"].update(world["secretary"]["id"], {"name": "陈书记", "phone": "13812345678"})
    make_user(db, world["village"], roles=["village_staff"], username="staff", name="赵主任",
              phone="13900001111")
    return world["village"]


def set_desk(db, village, receiver_id=None, office_hours=None):
    db["public_desks"].upsert({"node_id": village["id"], "receiver_id": receiver_id,
                               "office_hours": office_hours,
                               "updated_at": "2026-12-01T00:00:00Z"}, pk="node_id")


def decode(svg):
    """The text of a QR code given as segno's SVG (one path of horizontal strokes, one module
    thick), drawn module by module as a browser would and read back."""
    d = re.search(r'\sd="([^"]+)"', svg).group(1)
    scale = re.search(r'scale\(([\d.]+)\)', svg)
    side = round(int(re.search(r'\swidth="(\d+)"', svg).group(1)) / (
        float(scale.group(1)) if scale else 1))
    px = 6
    image = Image.new("L", (side * px, side * px), 255)
    pen = ImageDraw.Draw(image)
    x = y = 0.0
    for command, args in re.findall(r"([A-Za-z])([^A-Za-z]*)", d):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            pen.rectangle([x * px, (y - .5) * px, (x + numbers[0]) * px - 1, (y + .5) * px - 1],
                          fill=0)
            x += numbers[0]
        else:
            raise AssertionError(f"unexpected path command {command}")
    [code] = zxingcpp.read_barcodes(image)
    return code.text


def html_codes(body):
    """{name: inline SVG} of the codes on the poster page."""
    return dict(re.findall(r'data-code="(\w+)">\s*(<svg.*?</svg>)', body, re.S))


def test_the_poster_page_shows_the_village_and_its_desk(client, db, village):
    """The village and its township, the title, the receiver by role, the hours; no script."""
    set_desk(db, village, office_hours="工作日 8:30–17:30")
    answer = client.get(f"/board/{village['id']}/poster")
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    body = answer.get_data(as_text=True)
    for text in ("甲村", "镇", "民情公开栏 · 网上反映诉求", "受理：第一书记",
                 "办公时间：工作日 8:30–17:30", "扫码查看民情公开栏", "扫码网上反映诉求",
                 "您的姓名和电话只有办理人员能看到"):
        assert text in body
    assert "<script" not in body
    assert "script-src" not in answer.headers["Content-Security-Policy"]
    assert answer.headers["Cache-Control"] == "no-store"


def test_the_poster_names_no_person(client, db, village):
    """Whoever receives, the poster gives their role, never their name or phone."""
    staff = next(db["users"].rows_where("username = ?", ["staff"]))
    set_desk(db, village, receiver_id=staff["id"])
    for path in ("poster", "poster.svg"):
        body = client.get(f"/board/{village['id']}/{path}").get_data(as_text=True)
        assert "村(社区)干部" in body
        for private in ("赵主任", "13900001111", "陈书记", "13812345678", "测试用户"):
            assert private not in body


def test_a_township_receiver_is_named_by_unit_and_role(client, db, world, village):
    township = node_by_id(db, village["parent_id"])
    make_user(db, township, roles=["cadre"], name="刘干部")
    db.execute("UPDATE users SET active = 0 WHERE node_id = ?", [village["id"]])
    body = client.get(f"/board/{village['id']}/poster").get_data(as_text=True)
    assert "受理：镇机关干部" in body and "刘干部" not in body


def test_with_nobody_to_receive_the_poster_says_village_staff(client, db, village):
    db.execute("UPDATE users SET active = 0")
    body = client.get(f"/board/{village['id']}/poster").get_data(as_text=True)
    assert "受理：村（社区）工作人员" in body
    assert "办公时间：以村（社区）公告为准" in body


def test_the_codes_on_the_page_read_as_the_board_and_the_form(client, village):
    body = client.get(f"/board/{village['id']}/poster").get_data(as_text=True)
    codes = html_codes(body)
    assert {name: decode(svg) for name, svg in codes.items()} == {
        "board": f"http://localhost/board/{village['id']}",
        "appeal": f"http://localhost/board/{village['id']}/appeal"}
    # Each address is printed under its code too.
    assert f">http://localhost/board/{village['id']}/appeal</span>" in body


def test_the_codes_carry_the_public_address(app, client, village):
    """With PUBLIC_BASE_URL set, the codes and the words under them name that address."""
    app.config["PUBLIC_BASE_URL"] = "https://qz.example.gov.cn/"
    page = client.get(f"/board/{village['id']}/poster").get_data(as_text=True)
    document = client.get(f"/board/{village['id']}/poster.svg").get_data(as_text=True)
    expected = {"board": f"https://qz.example.gov.cn/board/{village['id']}",
                "appeal": f"https://qz.example.gov.cn/board/{village['id']}/appeal"}
    assert {n: decode(svg) for n, svg in html_codes(page).items()} == expected
    assert svg_codes(document) == expected
    assert "localhost" not in page and "localhost" not in document


def svg_codes(document):
    """{name: text} of the codes of the SVG document, each read from its nested <svg>."""
    root = ET.fromstring(document)
    found = {}
    for group in root.iter(f"{SVG_NS}g"):
        inner = group.find(f"{SVG_NS}svg")
        found[group.get("id").removeprefix("qr-")] = decode(
            ET.tostring(inner, encoding="unicode").replace("ns0:", "").replace(":ns0", ""))
    return found


def test_the_svg_document_is_an_a4_poster_to_download(client, db, village):
    """One A4 SVG (millimetres), named after the village (RFC 5987), with the same words and
    codes as the page."""
    set_desk(db, village, office_hours="工作日 8:30–17:30\n周六上午值班")
    answer = client.get(f"/board/{village['id']}/poster.svg")
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    disposition = answer.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('甲村-二维码海报.svg')}" in disposition
    assert disposition.isascii()
    root = ET.fromstring(answer.data)
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "210mm", "297mm", "0 0 210 297")
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    for text in ("甲村", "镇", "民情公开栏 · 网上反映诉求", "受理：第一书记",
                 "办公时间：工作日 8:30–17:30", "周六上午值班"):
        assert text in texts
    assert svg_codes(answer.get_data(as_text=True)) == {
        "board": f"http://localhost/board/{village['id']}",
        "appeal": f"http://localhost/board/{village['id']}/appeal"}


def test_what_staff_typed_is_text_on_the_poster(client, db, village):
    """Office hours that look like markup stay text, in the page and in the SVG."""
    set_desk(db, village, office_hours='<script>alert(1)</script>"&')
    page = client.get(f"/board/{village['id']}/poster").get_data(as_text=True)
    assert "<script>" not in page and "&lt;script&gt;" in page
    document = client.get(f"/board/{village['id']}/poster.svg").data
    texts = "".join(t.text for t in ET.fromstring(document).iter(f"{SVG_NS}text"))
    assert '办公时间：<script>alert(1)</script>"&' in texts


def test_long_office_hours_wrap_on_the_svg(client, db, village):
    set_desk(db, village, office_hours="时" * 100)
    root = ET.fromstring(client.get(f"/board/{village['id']}/poster.svg").data)
    lines = [t.text for t in root.iter(f"{SVG_NS}text") if t.text and "时" in t.text]
    assert "".join(lines) == "办公时间：" + "时" * 100 and max(map(len, lines)) <= 30


@pytest.mark.parametrize("which", ["township", "county", "inactive", "unknown"])
@pytest.mark.parametrize("path", ["poster", "poster.svg"])
def test_no_poster_but_for_an_active_village(client, db, world, which, path):
    """A node that is no active village or community: a 404 page in Chinese."""
    node_id = {"township": world["village"]["parent_id"], "county": world["county"]["id"],
               "inactive": world["other"]["id"], "unknown": 999999}[which]
    db["org_nodes"].update(world["other"]["id"], {"active": 0})
    answer = client.get(f"/board/{node_id}/{path}")
    assert answer.status_code == 404 and answer.mimetype == "text/html"
    assert "没有这个村（社区）的公开栏" in answer.get_data(as_text=True)
