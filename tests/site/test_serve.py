"""`clea serve`: MIME types, HEAD, byte ranges, ETag, and nothing outside the site."""

from __future__ import annotations

import http.client
import threading

import pytest
from site_maker import sample

from pipeline.build.site import write_site
from pipeline.services.serve import make_server


@pytest.fixture(scope="module")
def served(tmp_path_factory, media):
    maker = sample(tmp_path_factory.mktemp("serve") / "site", media)
    write_site(maker.data(), maker.out)
    (maker.out / "leak").symlink_to("/etc")
    (maker.out.parent / "secret.txt").write_text("secret")
    (maker.out / "secret-link.txt").symlink_to(maker.out.parent / "secret.txt")
    server = make_server(maker.out, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield maker.out, server.server_address[1]
    server.shutdown()
    server.server_close()


def request(port: int, method: str, path: str, **headers: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest(method, path, skip_accept_encoding=True)  # the path goes out as written
    for name, value in headers.items():
        conn.putheader(name.replace("_", "-"), value)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


@pytest.mark.parametrize(("path", "mime"), [
    ("/media/bavay.mp3", "audio/mpeg"), ("/media/fake-news.mp4", "video/mp4"),
    ("/media/bavay.vtt", "text/vtt; charset=utf-8"), ("/episodes/bavay/qr.svg", "image/svg+xml"),
    ("/sitemap.xml", "application/xml; charset=utf-8"), ("/static/clea.css", "text/css; charset=utf-8"),
    ("/pagefind/pagefind-entry.json", "application/json"), ("/", "text/html; charset=utf-8"),
])
def test_content_types(served, path, mime):
    resp, _ = request(served[1], "GET", path)
    assert resp.status == 200 and resp.getheader("Content-Type") == mime


def test_pagefind_files_are_served_as_binary(served):
    out, port = served
    fragment = next((out / "pagefind" / "fragment").iterdir()).name
    resp, body = request(port, "GET", f"/pagefind/fragment/{fragment}")
    assert resp.getheader("Content-Type") == "application/octet-stream"
    assert body == (out / "pagefind" / "fragment" / fragment).read_bytes()


def test_head_gives_the_headers_of_get_without_a_body(served):
    out, port = served
    size = (out / "media/bavay.mp3").stat().st_size
    resp, body = request(port, "HEAD", "/media/bavay.mp3")
    assert resp.status == 200 and body == b""
    assert int(resp.getheader("Content-Length")) == size
    assert resp.getheader("Accept-Ranges") == "bytes" and resp.getheader("ETag")


@pytest.mark.parametrize(("spec", "first", "last"), [
    ("bytes=0-9", 0, 9), ("bytes=100-", 100, None), ("bytes=-50", -50, None),
    ("bytes=10-999999999", 10, None),
])
def test_byte_ranges(served, spec, first, last):
    out, port = served
    data = (out / "media/bavay.mp3").read_bytes()
    expected = data[first:] if last is None else data[first:last + 1]
    start = first if first >= 0 else len(data) + first
    resp, body = request(port, "GET", "/media/bavay.mp3", Range=spec)
    assert resp.status == 206 and body == expected
    assert resp.getheader("Content-Range") == f"bytes {start}-{start + len(expected) - 1}/{len(data)}"
    assert int(resp.getheader("Content-Length")) == len(expected)


@pytest.mark.parametrize("spec", ["bytes=999999999-", "bytes=20-10", "bytes=-0", "bytes=x-y"])
def test_a_range_that_cannot_be_satisfied_is_416(served, spec):
    out, port = served
    size = (out / "media/bavay.mp3").stat().st_size
    resp, body = request(port, "GET", "/media/bavay.mp3", Range=spec)
    assert resp.status == 416 and body == b""
    assert resp.getheader("Content-Range") == f"bytes */{size}"


def test_a_stale_if_range_gets_the_whole_file(served):
    out, port = served
    resp, body = request(port, "GET", "/media/bavay.mp3", Range="bytes=0-9", If_Range='"old"')
    assert resp.status == 200 and body == (out / "media/bavay.mp3").read_bytes()


def test_etag_and_if_none_match(served):
    port = served[1]
    first, _ = request(port, "GET", "/episodes/bavay/")
    resp, body = request(port, "GET", "/episodes/bavay/", If_None_Match=first.getheader("ETag"))
    assert resp.status == 304 and body == b""
    resp, _ = request(port, "GET", "/episodes/bavay/", If_None_Match='"other"')
    assert resp.status == 200


def test_folders_serve_their_index_and_redirect_without_a_slash(served):
    out, port = served
    resp, body = request(port, "GET", "/episodes/bavay/")
    assert body == (out / "episodes/bavay/index.html").read_bytes()
    resp, _ = request(port, "GET", "/episodes/bavay")
    assert resp.status == 301 and resp.getheader("Location") == "/episodes/bavay/"


def test_missing_pages_get_the_site_404(served):
    out, port = served
    resp, body = request(port, "GET", "/episodes/nulle-part/")
    assert resp.status == 404 and body == (out / "404.html").read_bytes()
    resp, body = request(port, "HEAD", "/nulle-part")
    assert resp.status == 404 and body == b""


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/media/%2e%2e/%2e%2e/secret.txt",
    "/media/..%2f..%2fsecret.txt", "/media/%2E%2E%5C..%5Csecret.txt", "/leak/passwd",
    "/leak/", "/secret-link.txt", "/.clea-site-state.json", "/media/bavay.mp3%00.html",
])
def test_nothing_outside_the_site_is_served(served, path):
    resp, body = request(served[1], "GET", path)
    assert resp.status in (403, 404)
    assert b"secret" not in body and b"root:" not in body


def test_clea_serve_refuses_a_folder_without_a_built_site(archive, tmp_path):
    result = archive.clea("serve", "--site", str(tmp_path / "vide"), "--port", "0")
    assert result.exit_code == 1
    assert "run `clea build` first" in result.output
    assert len(result.output.strip().splitlines()) == 1

