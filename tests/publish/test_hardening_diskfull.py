"""Publishing to a full disk: one plain line naming the file, nothing half-written."""

from __future__ import annotations

from ..integration.test_disk_full import assert_one_plain_line, leftovers, small_disk

__all__ = ["small_disk"]  # the fixture, shared with the integration tests


def test_publish_to_a_full_disk(small_disk, site, archive):
    www = small_disk("64k") / "www"
    result = archive.clea("publish", "--to", str(www))
    assert_one_plain_line(result, str(www))
    assert leftovers(www) == []
    files = site.files()
    for path in (p for p in www.rglob("*") if p.is_file()):
        assert path.read_bytes() == files[path.relative_to(www).as_posix()]
