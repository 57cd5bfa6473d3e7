"""The shell's text files on the wire: brotli or gzip, made once per content hash."""
import gzip
import secrets
import shutil
from pathlib import Path

import brotli
import pytest

from qzapp import create_app
from qzapp.shell import assets, compress

PWA = Path(__file__).resolve().parent.parent / "pwa"
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}
# Every kind of text the shell serves, with the file it comes from (None: made by the server).
TEXT_URLS = {
    "/": "index.html",
    "/sw.js": None,
    "/manifest.webmanifest": "manifest.webmanifest",
    "/js/main.js": "js/main.js",
    "/css/app.css": "css/app.css",
    "/i18n/zh-CN.json": None,
    "/vendor/idb/index.js": "vendor/idb/index.js",
    "/icons/mark.svg": "icons/mark.svg",
}
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
       + '<path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z"/>' * 8
       + "</svg>")


@pytest.fixture
def pwa_copy(tmp_path):
    """A copy of pwa/ with an SVG icon added, which a test may change."""
    target = tmp_path / "pwa"
    shutil.copytree(PWA, target)
    (target / "icons" / "mark.svg").write_text(SVG)
    return target


@pytest.fixture
def shell(tmp_path, pwa_copy):
    """A client of an app serving the copied front-end."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "DATABASE": str(tmp_path / "qzapp.db"), "PWA_DIR": str(pwa_copy)})
    return app.test_client()


def plain_body(shell, pwa_copy, url):
    """What the URL holds before any compression: the file, or the rendered worker."""
    name = TEXT_URLS[url]
    return pwa_copy.joinpath(name).read_bytes() if name else shell.get(url).get_data()


@pytest.mark.parametrize("encoding", ["br", "gzip"])
@pytest.mark.parametrize("url", TEXT_URLS)
def test_text_is_sent_compressed(shell, pwa_copy, url, encoding):
    """Each kind of text comes compressed, says so, and decompresses to the file."""
    response = shell.get(url, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.vary
    body = response.get_data()
    assert int(response.headers["Content-Length"]) == len(body)
    assert DECODE[encoding](body) == plain_body(shell, pwa_copy, url)
    assert len(body) < len(plain_body(shell, pwa_copy, url))


@pytest.mark.parametrize("url", TEXT_URLS)
def test_a_client_without_accept_encoding_gets_the_plain_file(shell, pwa_copy, url):
    """No Accept-Encoding: the bytes of the file, still marked as varying by it."""
    response = shell.get(url)
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.vary
    assert response.get_data() == plain_body(shell, pwa_copy, url)


@pytest.mark.parametrize(("accept", "chosen"), [
    ("gzip, deflate, br, zstd", "br"),
    ("br;q=0.5, gzip", "gzip"),
    ("br;q=0, gzip", "gzip"),
    ("*", "br"),
    ("deflate", None),
    ("identity", None),
    ("gzip;q=0, br;q=0", None),
])
def test_the_best_accepted_encoding_is_chosen(shell, accept, chosen):
    """Brotli first, gzip next, the plain file when neither is accepted."""
    response = shell.get("/js/main.js", headers={"Accept-Encoding": accept})
    assert response.headers.get("Content-Encoding") == chosen


def test_two_requests_compress_once(shell, pwa_copy):
    """A new file is compressed on its first request only; a change compresses it anew."""
    module = pwa_copy / "js" / "fresh.js"
    module.write_text(f"export const token = '{secrets.token_hex(8)}';\n" * 20)
    digest = assets.content_hash(module.read_bytes())
    first = shell.get("/js/fresh.js", headers={"Accept-Encoding": "br"})
    second = shell.get("/js/fresh.js", headers={"Accept-Encoding": "gzip, br"})
    assert first.get_data() == second.get_data()
    assert compress.compressions[(digest, "br")] == 1
    shell.get("/js/fresh.js", headers={"Accept-Encoding": "gzip"})
    shell.get("/js/fresh.js", headers={"Accept-Encoding": "gzip"})
    assert compress.compressions[(digest, "gzip")] == 1
    module.write_text(f"export const changed = '{secrets.token_hex(8)}';\n" * 20)
    changed = assets.content_hash(module.read_bytes())
    shell.get("/js/fresh.js", headers={"Accept-Encoding": "br"})
    assert compress.compressions[(changed, "br")] == 1


def test_etag_names_the_content_hash_and_conditional_requests_work(shell, pwa_copy):
    """The ETag carries the hash the worker precaches; a matching If-None-Match gets 304."""
    digest = assets.file_hash(pwa_copy / "js" / "main.js")
    compressed = shell.get("/js/main.js", headers={"Accept-Encoding": "br"})
    plain = shell.get("/js/main.js")
    assert compressed.headers["ETag"] == f'"{digest}-br"'
    assert plain.headers["ETag"] == f'"{digest}"'
    again = shell.get("/js/main.js", headers={"Accept-Encoding": "br",
                                              "If-None-Match": compressed.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert shell.get("/js/main.js", headers={"If-None-Match": plain.headers["ETag"]}
                     ).status_code == 304
    deployed = b"// a deploy\n" * 20
    (pwa_copy / "js" / "main.js").write_bytes(deployed)
    changed = shell.get("/js/main.js", headers={"Accept-Encoding": "br",
                                                "If-None-Match": compressed.headers["ETag"]})
    assert changed.status_code == 200 and brotli.decompress(changed.get_data()) == deployed


def test_the_worker_is_compressed_and_revalidated(shell):
    """sw.js comes compressed with an ETag of its bytes, so an unchanged worker costs a 304."""
    first = shell.get("/sw.js", headers={"Accept-Encoding": "br"})
    assert first.headers["Content-Encoding"] == "br"
    assert first.headers["Cache-Control"] == "no-cache"
    again = shell.get("/sw.js", headers={"Accept-Encoding": "br",
                                         "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("url", ["/icons/icon-192.png", "/favicon.ico"])
def test_pictures_are_sent_as_they_are(shell, url):
    """PNG and ICO are compressed already: sent as stored, with a hash ETag all the same."""
    response = shell.get(url, headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in response.headers
    assert response.headers["ETag"].strip('"') == assets.content_hash(response.get_data())


def test_a_file_that_compression_would_grow_is_sent_plain(shell, pwa_copy):
    """A few bytes of text come out larger compressed: the plain bytes go instead."""
    (pwa_copy / "js" / "tiny.js").write_text("1")
    response = shell.get("/js/tiny.js", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers and response.get_data() == b"1"
