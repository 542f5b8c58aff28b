"""A rebuild renders only the feeds that changed, and in them only the changed entries.

Whatever the shortcut, the files must be byte for byte what a first build of
the same data writes: every test compares with one made from scratch.
"""

from __future__ import annotations

from pathlib import Path

from feeds.rss import FeedRenderer
from pipeline.build.feed_state import STATE_NAME
from pipeline.build.feeds import write_feeds


def _feeds(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*.xml")) if "feeds" in p.parts} | {
        "feeds.opml": (folder / "feeds.opml").read_bytes()}


def _from_scratch(data, tmp_path: Path) -> dict[str, bytes]:
    fresh = tmp_path / "fresh"
    write_feeds(data, fresh)
    return _feeds(fresh)


class _Counting:
    """Counts the entries the real renderer serialises (the rest came from files)."""

    def __init__(self, monkeypatch):
        self.serialised: list[str] = []
        real = FeedRenderer._item_bytes

        def counted(renderer, elem):
            self.serialised.append(elem.findtext("guid"))
            return real(renderer, elem)

        monkeypatch.setattr(FeedRenderer, "_item_bytes", counted)


def test_a_no_op_rebuild_renders_no_feed(sample, monkeypatch):
    write_feeds(sample.data(), sample.out)
    calls = []
    monkeypatch.setattr(FeedRenderer, "render_with_spans",
                        lambda self, channel: calls.append(channel.path))
    result = write_feeds(sample.data(), sample.out)
    assert calls == [] and result.written == []
    assert result.files == set(_feeds(sample.out))


def test_an_edit_rewrites_the_feeds_that_hold_it_serialising_that_entry_only(
        sample, monkeypatch, tmp_path):
    write_feeds(sample.data(), sample.out)
    counting = _Counting(monkeypatch)
    edited = sample.edit("gargantua", title="La légende du géant Gargantua (corrigée)")
    data = sample.data()
    result = write_feeds(data, sample.out)
    guid = edited.guid
    assert set(counting.serialised) == {guid}  # numbered and not: one entry, at most twice
    holding = {path for path, body in _feeds(sample.out).items() if guid.encode() in body}
    assert set(result.written) == holding - {"feeds.opml"}
    assert _feeds(sample.out) == _from_scratch(data, tmp_path)


def test_a_feed_changed_by_hand_is_not_trusted(sample, tmp_path):
    write_feeds(sample.data(), sample.out)
    feed = sample.out / "feeds/all.xml"
    feed.write_bytes(feed.read_bytes().replace(b"Gargantua", b"Pantagruel"))
    sample.edit("interview", title="L'interview du maire")
    data = sample.data()
    write_feeds(data, sample.out)
    assert _feeds(sample.out) == _from_scratch(data, tmp_path)


def test_a_lost_or_broken_state_costs_a_full_render_not_a_wrong_feed(sample, tmp_path):
    write_feeds(sample.data(), sample.out)
    sample.edit("gargantua", description="Une autre description.")
    (sample.out / STATE_NAME).write_text('{"version": 1, "base": 3, "feeds": []}')
    data = sample.data()
    write_feeds(data, sample.out)
    assert _feeds(sample.out) == _from_scratch(data, tmp_path)
    (sample.out / "feeds/all.xml").unlink()
    result = write_feeds(data, sample.out)
    assert result.written == ["feeds/all.xml"]
    assert _feeds(sample.out) == _from_scratch(data, tmp_path / "again")
