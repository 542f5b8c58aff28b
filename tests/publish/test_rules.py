"""The pure rules: which phase a file belongs to, and the headers it gets."""

from __future__ import annotations

import pytest

from pipeline.publish.headers import headers_for
from pipeline.publish.plan import CONTENT, FEEDS, OPML, PAGES, phase_of
from pipeline.publish.target import parse_s3


@pytest.mark.parametrize("key, phase", [
    ("media/x.mp3", CONTENT), ("covers/c.jpg", CONTENT), ("assets/a.css", CONTENT),
    ("pagefind/fragment/fr_0a1b2c3d4e.pf_fragment", CONTENT),
    ("pagefind/wasm.fr.pagefind", CONTENT), ("episodes/x/qr.png", CONTENT),
    ("pagefind/pagefind-entry.json", PAGES), ("pagefind/pagefind.js", PAGES),
    ("index.html", PAGES), ("episodes/x/embed.html", PAGES), ("sitemap.xml", PAGES),
    ("robots.txt", PAGES), ("404.html", PAGES),
    ("feeds/all.xml", FEEDS), ("feeds/publics/cycle-3-video.xml", FEEDS),
    ("feeds.opml", OPML),
])
def test_phase(key, phase):
    assert phase_of(key) == phase


def test_only_hashed_names_are_immutable():
    assert "immutable" in headers_for("assets/style.3f9a2b1c.css").cache_control
    assert "immutable" not in headers_for("assets/style.css").cache_control
    assert "immutable" not in headers_for("covers/contes.jpg").cache_control
    assert "immutable" not in headers_for("media/0123456789abcdef.mp3").cache_control


def test_unknown_types_fall_back_to_the_system_table():
    assert headers_for("docs/livret.pdf").content_type == "application/pdf"
    assert headers_for("media/x.m4a").content_type == "audio/mp4"
    assert headers_for("bizarre.qqq").content_type == "application/octet-stream"


def test_a_policy_change_changes_the_fingerprint():
    a = headers_for("media/x.mp3")
    assert a.fingerprint() != headers_for("media/x.vtt").fingerprint()


@pytest.mark.parametrize("url, bucket, prefix", [
    ("s3://b", "b", ""), ("s3://b/", "b", ""), ("s3://b/podcasts", "b", "podcasts/"),
    ("s3://b/a/b/", "b", "a/b/"),
])
def test_parse_s3(url, bucket, prefix):
    assert parse_s3(url) == (bucket, prefix)
