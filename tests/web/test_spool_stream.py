"""A file part streams to its file without werkzeug's decoder reading its bytes,
and the framing around it is parsed exactly as before, however the body is cut."""

from __future__ import annotations

import hashlib
import os
import random
import threading

import pytest

from pipeline.web.spool import MultipartSpool

BOUNDARY = b"----clea-7d1f"


def body(content: bytes) -> bytes:
    return (b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="title"\r\n\r\n'
            b"Un conte\r\n--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="file"; '
            b'filename="conte.wav"\r\nContent-Type: audio/wav\r\n\r\n' + content +
            b"\r\n--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="after"\r\n\r\n'
            b"oui\r\n--" + BOUNDARY + b"--\r\n")


def receive(spool: MultipartSpool, data: bytes, sizes: list[int]):
    at, i = 0, 0
    while at < len(data):
        n = sizes[i % len(sizes)]
        spool.append(data[at:at + n])
        at, i = at + n, i + 1
    return spool.getfile()


# Content that looks like framing: a delimiter without its last byte, line breaks
# and dashes, the boundary without its dashes, a lone CR before dashes.
TRAPS = (b"\r\n--" + BOUNDARY[:-1] + b"X" + b"\r\n\r\n--" + b"\n--" + BOUNDARY[:5] +
         b"\r" + BOUNDARY + b"--\r--")


@pytest.mark.parametrize("sizes", [[7, 13], [len(BOUNDARY) + 3], [4096], [65536, 5],
                                   [262144]])
def test_the_file_and_fields_come_out_whole_however_the_body_is_cut(tmp_path, sizes):
    rng = random.Random(sum(sizes))
    content = b"".join(os.urandom(rng.randrange(1, 9000)) + TRAPS for _ in range(60))
    spool = MultipartSpool(BOUNDARY, tmp_path)
    form = receive(spool, body(content), sizes)
    try:
        assert form.error is None
        assert form.form.to_dict() == {"title": "Un conte", "after": "oui"}
        stored = form.files["file"]
        assert stored.stream.read() == content
        assert stored.stream.digest() == hashlib.sha256(content).hexdigest()
    finally:
        spool.close()


def test_a_file_part_s_bytes_do_not_go_through_the_decoder(tmp_path, monkeypatch):
    content = os.urandom(8 * 1024 * 1024)
    spool = MultipartSpool(BOUNDARY, tmp_path)
    seen = []
    real = spool.decoder.receive_data
    monkeypatch.setattr(spool.decoder, "receive_data",
                        lambda data: (seen.append(len(data or b"")), real(data))[1])
    form = receive(spool, body(content), [256 * 1024])
    try:
        assert form.files["file"].stream.read() == content
        assert sum(seen) < 600 * 1024  # the pieces that hold framing, not the 8 MB between
    finally:
        spool.close()


def test_a_body_cut_inside_the_file_part_is_still_malformed(tmp_path):
    whole = body(os.urandom(1024 * 1024))
    spool = MultipartSpool(BOUNDARY, tmp_path)
    form = receive(spool, whole[: len(whole) // 2], [65536])
    assert form.error == "malformed"
    assert list(tmp_path.iterdir()) == []
    spool.close()


@pytest.mark.parametrize("sizes", [[4096], [262144, 17]])
def test_a_large_part_hashed_beside_the_network_thread_has_the_right_digest(tmp_path, sizes):
    content = os.urandom(3 * 1024 * 1024) + TRAPS + os.urandom(1024 * 1024)
    spool = MultipartSpool(BOUNDARY, tmp_path)
    form = receive(spool, body(content), sizes)
    try:
        stored = form.files["file"]
        assert stored.stream.digest() == hashlib.sha256(content).hexdigest()
        assert stored.stream.read() == content
    finally:
        spool.close()


def test_an_upload_abandoned_mid_file_leaves_no_file_and_no_hashing_thread(tmp_path):
    whole = body(os.urandom(4 * 1024 * 1024))
    spool = MultipartSpool(BOUNDARY, tmp_path)
    for at in range(0, 3 * 1024 * 1024, 65536):
        spool.append(whole[at:at + 65536])
    spool.close()  # the client went away
    assert list(tmp_path.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name == "clea-upload-hash"]
