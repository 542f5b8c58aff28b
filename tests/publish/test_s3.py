"""What only a bucket has: object metadata, request order, retries, multipart."""

from __future__ import annotations

import os

import pytest

from archive import PublishError
from pipeline.publish.plan import CONTENT, FEEDS, OPML, PAGES, phase_of

from .sitegen import enclosures
from .test_publish import assert_converged, assert_feeds_whole


def test_objects_carry_the_type_and_length_the_feeds_announce(site, s3dest, run):
    files = site.files()
    run(s3dest)
    checked = 0
    for feed in (k for k in files if k.startswith("feeds/") and k.endswith(".xml")):
        for enc in enclosures(files[feed]):
            head = s3dest.head(enc.key)
            assert head["ContentLength"] == enc.length
            assert head["ContentType"] == enc.type
            checked += 1
    assert checked >= 5


KINDS = [
    ("feeds/all.xml", "application/rss+xml; charset=utf-8", "max-age=300"),
    ("feeds/publics/cycle-3.xml", "application/rss+xml; charset=utf-8", "max-age=300"),
    ("feeds.opml", "text/x-opml; charset=utf-8", "max-age=300"),
    ("index.html", "text/html; charset=utf-8", "max-age=300"),
    ("episodes/la-legende-du-bavay/embed.html", "text/html; charset=utf-8", "max-age=300"),
    ("sitemap.xml", "application/xml; charset=utf-8", "max-age=300"),
    ("robots.txt", "text/plain; charset=utf-8", "max-age=300"),
    ("media/la-legende-du-bavay.mp3", "audio/mpeg", "max-age=86400"),
    ("media/pastille-lecture.mp4", "video/mp4", "max-age=86400"),
    ("media/la-legende-du-bavay.vtt", "text/vtt; charset=utf-8", "max-age=86400"),
    ("media/la-legende-du-bavay.srt", "application/x-subrip", "max-age=86400"),
    ("media/la-legende-du-bavay.txt", "text/plain; charset=utf-8", "max-age=86400"),
    ("media/la-legende-du-bavay.chapters.json", "application/json+chapters", "max-age=86400"),
    ("media/la-legende-du-bavay.jpg", "image/jpeg", "max-age=86400"),
    ("covers/contes-5e1f0c2a.jpg", "image/jpeg", "immutable"),
    ("covers/pastilles-9b8c7d6e.png", "image/png", "immutable"),
    ("assets/logo.svg", "image/svg+xml", "max-age=3600"),
    ("assets/style.css", "text/css; charset=utf-8", "max-age=3600"),
    ("assets/player.js", "application/javascript; charset=utf-8", "max-age=3600"),
    ("pagefind/pagefind-entry.json", "application/json", "max-age=300"),
    ("pagefind/pagefind.js", "application/javascript; charset=utf-8", "max-age=300"),
    ("pagefind/wasm.fr.pagefind", "application/octet-stream", "max-age=86400"),
]


def test_each_kind_of_file_gets_its_type_and_cache_policy(site, s3dest, run):
    run(s3dest)
    files = site.files()
    wrong = []
    for key, content_type, cache in KINDS:
        head = s3dest.head(key)
        got = (head["ContentType"], head["CacheControl"], head["ContentLength"])
        if got[0] != content_type or cache not in got[1] or got[2] != len(files[key]):
            wrong.append((key, got))
    assert wrong == []


def test_media_download_with_their_name_and_side_files_stay_inline(site, s3dest, run):
    run(s3dest)
    assert s3dest.head("media/la-legende-du-bavay.mp3")["ContentDisposition"] == \
        'attachment; filename="la-legende-du-bavay.mp3"'
    assert "ContentDisposition" not in s3dest.head("media/la-legende-du-bavay.vtt")
    fragment = next(k for k in site.files() if k.startswith("pagefind/fragment/"))
    assert "immutable" in s3dest.head(fragment)["CacheControl"]


def test_requests_go_media_then_pages_then_feeds_and_deletions_last(site, s3dest, run):
    run(s3dest)
    puts = [r.key.removeprefix(s3dest.prefix) for r in s3dest.proxy.requests("PUT")]
    phases = [phase_of(k) for k in puts]
    assert phases == sorted(phases) and set(phases) == {CONTENT, PAGES, FEEDS, OPML}

    s3dest.proxy.reset()
    site.withdraw("pastille-lecture")
    site.write()
    run(s3dest)
    log = s3dest.proxy.requests()
    last_feed_put = max(i for i, r in enumerate(log)
                        if r.method == "PUT" and r.key.startswith("feeds/"))
    deletes = [(i, r.key) for i, r in enumerate(log) if r.method == "DELETE"]
    assert {k for _, k in deletes} >= {"media/pastille-lecture.mp4",
                                       "episodes/pastille-lecture/index.html"}
    assert all(i > last_feed_put for i, _ in deletes)
    page_deletes = [i for i, k in deletes if k.endswith(".html")]
    media_deletes = [i for i, k in deletes if k.startswith("media/")]
    assert max(page_deletes) < min(media_deletes)


def test_throttling_and_server_errors_are_retried_to_a_whole_bucket(site, s3dest, run, archive):
    counter = {"n": 0}

    def flaky(method: str, key: str, attempt: int):
        if method == "PUT" and attempt == 1:
            counter["n"] += 1
            if counter["n"] % 3 == 0:
                return 503, "SlowDown"
            if counter["n"] % 3 == 1:
                return 500, "InternalError"
        return None

    s3dest.proxy.rule = flaky
    report = run(s3dest)
    statuses = {r.status for r in s3dest.proxy.requests("PUT")}
    assert {500, 503, 200} <= statuses
    assert sorted(report.uploaded) == sorted(site.files())
    assert_converged(s3dest, site.files(), archive)


def test_a_refusing_host_stops_before_the_feeds_and_a_rerun_converges(site, s3dest, run,
                                                                     archive):
    broken = "media/pastille-lecture.mp4"

    def refuse(method: str, key: str, attempt: int):
        return (403, "AccessDenied") if method == "PUT" and key.endswith(broken) else None

    s3dest.proxy.rule = refuse
    with pytest.raises(PublishError, match="AccessDenied") as err:
        run(s3dest)
    assert broken in err.value.line()
    landed = s3dest.keys()
    assert broken not in landed
    assert not {k for k in landed if k.startswith("feeds")}
    assert_feeds_whole(s3dest)

    s3dest.proxy.reset()
    report = run(s3dest)
    # Only what had not landed goes up again: the manifest kept each landing.
    assert set(report.uploaded) == set(site.files()) - landed
    assert_converged(s3dest, site.files(), archive)


def test_large_media_go_up_in_parts_and_survive_a_failed_part(site, s3dest, run, archive):
    big = "media/grand-entretien.mp4"
    site.extra[big] = os.urandom(17 * 1024 * 1024 + 123)
    site.write()

    def one_bad_part(method: str, key: str, attempt: int):
        return (503, "SlowDown") if key.endswith(big) and method == "PUT" and attempt == 2 \
            else None

    s3dest.proxy.rule = one_bad_part
    run(s3dest)
    head = s3dest.head(big)
    assert head["ContentLength"] == len(site.extra[big])
    assert "-" in head["ETag"]  # a multipart object
    assert s3dest.read(big) == site.extra[big]
    assert [r.status for r in s3dest.proxy.requests("PUT") if r.key == big].count(503) == 1
    assert_converged(s3dest, site.files(), archive)
    assert run(s3dest).uploaded == []
