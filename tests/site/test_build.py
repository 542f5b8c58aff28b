"""The site stage: incremental rules, what is public, escaping, links and overrides."""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from site_checks import html_problems, owned_text, parse, vague_links
from site_maker import HOSTILE, MINOR

from archive.model import WITHDRAWN
from pipeline.build.site import write_site
from pipeline.build.site.labels import duration, iso_duration, size
from pipeline.build.site.state import STATE_NAME
from pipeline.plumbing import urls


def build(maker, **kw):
    lines: list[str] = []
    result = write_site(maker.data(), maker.out, log=lines.append, **kw)
    return result, lines[-1]


def html_pages(result) -> list[str]:
    return sorted(f for f in result.files if f.endswith(".html"))


def test_first_build_owns_every_page_asset_and_the_search_bundle(maker):
    result, _ = build(maker)
    assert set(result.written) == result.files
    for slug in ("bavay", "hostile", "fake-news"):
        for path in (urls.item_page(slug), urls.item_embed(slug), urls.item_qr(slug)):
            assert urls.file_of(path) in result.files
    for rel in ("index.html", "404.html", "sitemap.xml", "robots.txt", "recherche/index.html",
                "series/contes/index.html", "residences/lire-en-sambre/index.html",
                "parcourir/index.html", "parcourir/publics/cycle-4/index.html",
                "pagefind/pagefind.js", "pagefind/pagefind-entry.json", "static/clea.css"):
        assert rel in result.files, rel
    assert STATE_NAME not in result.files  # a dotfile: never published
    assert all((maker.out / f).is_file() for f in result.files)


def test_rebuild_with_nothing_changed_renders_and_writes_nothing(maker):
    first, _ = build(maker)
    again, line = build(maker)
    assert again.written == []
    assert again.files == first.files
    assert "nothing changed" in line
    (maker.out / ".clea-site-stamp").unlink()  # without the stamp, the plan says the same
    again, line = build(maker)
    assert again.written == [] and again.files == first.files
    assert ", 0 rendered," in line


def test_editing_one_item_rewrites_its_pages_and_the_lists_that_show_it(maker):
    build(maker)
    maker.edit("bavay", title="Le géant de Bavay revient")
    result, _ = build(maker)
    written = set(result.written)
    pages = {f for f in written if f.endswith(".html")}
    showing = {f for f in html_pages(result)
               if "Le géant de Bavay revient" in (maker.out / f).read_text(encoding="utf-8")}
    assert pages == showing  # exactly the pages that show the new title
    assert {"episodes/bavay/index.html", "index.html", "series/contes/index.html"} <= pages
    assert not any(f.startswith(("episodes/hostile/", "episodes/fake-news/")) for f in written)
    assert "series/pastilles/index.html" not in written
    assert not any(f.startswith("static/") for f in written)
    assert "sitemap.xml" in written  # its lastmod moved
    others = written - pages - {"sitemap.xml", "episodes/bavay/qr.svg"}
    assert others and all(f.startswith("pagefind/") for f in others)


def test_a_missing_page_is_written_again(maker):
    build(maker)
    (maker.out / "episodes/hostile/index.html").unlink()
    result, _ = build(maker)
    assert result.written == ["episodes/hostile/index.html"]


def test_withdrawn_item_leaves_the_site(maker):
    build(maker)
    maker.edit("bavay", status=WITHDRAWN)
    result, _ = build(maker)
    assert not any("bavay" in f for f in result.files)
    assert not (maker.out / "episodes/bavay").exists()
    texts = owned_text(maker.out, result.files)
    assert not [f for f, t in texts.items() if "géant de Bavay" in t]


def test_no_minor_uncleared_or_withdrawn_text_anywhere_in_the_site_or_index(maker):
    result, _ = build(maker)
    texts = owned_text(maker.out, result.files)
    assert any("grimoire" in t for f, t in texts.items() if f.startswith("pagefind/"))
    for needle in (MINOR.name, "Kwasniewski", "Brouillon pas encore relu", "Rédacteur Inconnu",
                   "Retiré à la demande"):
        assert [f for f, t in texts.items() if needle in t] == [], needle
    item = texts["episodes/bavay/index.html"]
    assert "Lola Monset" in item and "élèves de CM2, école Jean-Macé" in item


def test_hostile_titles_are_inert_in_html_and_json_ld(maker):
    result, _ = build(maker)
    texts = owned_text(maker.out, result.files)
    for rel in html_pages(result):
        page = parse(texts[rel])
        for tag, attrs in page.tags:
            assert tag != "img" or "onerror" not in attrs, rel
            assert not any(name.startswith("on") for name in attrs), (rel, tag)
        for attrs, body in page.scripts:
            if attrs.get("type") == "application/ld+json":
                assert "</" not in body and "<" not in body
                json.loads(body)
            else:
                assert attrs.get("src") and not body.strip(), rel  # only our own files
    ld = next(json.loads(b) for a, b in parse(texts["episodes/hostile/index.html"]).scripts
              if a.get("type") == "application/ld+json")
    assert ld["name"] == HOSTILE and ld["associatedMedia"]["name"] == HOSTILE
    assert parse(texts["episodes/hostile/index.html"]).tags.count(("h1", {})) == 1
    ET.fromstring(texts["episodes/hostile/qr.svg"].encode())
    ET.fromstring(texts["sitemap.xml"].encode())


def test_links_between_pages_are_relative_and_resolve_inside_the_site(maker):
    result, _ = build(maker)
    for rel in html_pages(result):
        if rel == urls.NOT_FOUND:
            continue  # served at any depth: its two links are absolute on purpose
        for _tag, attrs in parse((maker.out / rel).read_text(encoding="utf-8")).tags:
            for name in ("href", "src", "poster", "data-pagefind"):
                value = attrs.get(name)
                if not value or value.startswith(("https://", "http://", "#")):
                    continue
                assert not value.startswith("/"), (rel, value)
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel),
                                                           unquote(urlsplit(value).path)))
                if target.startswith("feeds"):
                    continue  # written by the feed stage
                assert (maker.out / target).is_file(), (rel, value)


def test_machine_readable_metadata(maker):
    result, _ = build(maker)
    item = (maker.out / "episodes/fake-news/index.html").read_text(encoding="utf-8")
    page = parse(item)
    head = {a.get("property") or a.get("name") or a.get("rel"): a for t, a in page.tags
            if t in ("meta", "link")}
    assert head["canonical"]["href"] == "https://mediatheques.example.fr/clea/episodes/fake-news/"
    assert head["og:video"]["content"].endswith("media/fake-news.mp4")
    assert head["og:image"]["content"].startswith("https://")
    assert head["alternate"]["type"] == "application/rss+xml"
    tracks = [a for t, a in page.tags if t == "track"]
    assert tracks == [{"kind": "captions", "srclang": "fr", "label": "Français",
                       "src": "../../media/fake-news.vtt", "default": None}]
    ld = json.loads(next(b for a, b in page.scripts if a.get("type") == "application/ld+json"))
    assert ld["@type"] == "PodcastEpisode"
    assert ld["associatedMedia"]["@type"] == "VideoObject"
    # schema.org: width and height are Distance or QuantitativeValue, never a bare number
    video = ld["associatedMedia"]
    assert video["width"] == {"@type": "QuantitativeValue", "value": 320, "unitCode": "E37"}
    assert video["height"] == {"@type": "QuantitativeValue", "value": 240, "unitCode": "E37"}
    assert ld["partOfSeries"]["@type"] == "PodcastSeries"
    series = (maker.out / "series/contes/index.html").read_text(encoding="utf-8")
    sld = json.loads(next(b for a, b in parse(series).scripts
                          if a.get("type") == "application/ld+json"))
    assert sld["@type"] == "PodcastSeries" and sld["webFeed"].endswith("feeds/contes.xml")
    sitemap = ET.fromstring((maker.out / "sitemap.xml").read_bytes())
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://mediatheques.example.fr/clea/episodes/bavay/" in locs
    assert not any(loc.endswith(("embed.html", "404.html")) for loc in locs)
    robots = (maker.out / "robots.txt").read_text()
    assert "Sitemap: https://mediatheques.example.fr/clea/sitemap.xml" in robots


def test_archive_templates_and_static_files_take_precedence(maker, tmp_path):
    overrides = tmp_path / "templates"
    (overrides / "static").mkdir(parents=True)
    (overrides / "home.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Notre médiathèque</h1>{% endblock %}',
        encoding="utf-8")
    (overrides / "static" / "clea.css").write_text("body { color: #000; }\n", encoding="utf-8")
    build(maker, overrides=overrides)
    assert "Notre médiathèque" in (maker.out / "index.html").read_text(encoding="utf-8")
    assert (maker.out / "static/clea.css").read_text() == "body { color: #000; }\n"
    assert "Partager avec une classe" in (maker.out / "episodes/bavay/index.html").read_text(
        encoding="utf-8")
    (overrides / "home.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Bienvenue</h1>{% endblock %}',
        encoding="utf-8")
    result, _ = build(maker, overrides=overrides)
    assert "index.html" in result.written
    assert "Bienvenue" in (maker.out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("seconds", "spoken", "iso"), [
    (0.4, "0 s", "PT0S"), (45, "45 s", "PT45S"), (185.2, "3 min 05 s", "PT3M5S"),
    (3720, "1 h 02 min", "PT1H2M"),
])
def test_durations_in_french_and_iso_8601(seconds, spoken, iso):
    assert duration(seconds) == spoken and iso_duration(seconds) == iso


def test_sizes_in_french():
    assert size(3_240_000) == "3,2 Mo" and size(850_000) == "850 ko" and size(2_000_000) == "2 Mo"


def test_a_stray_episode_page_never_reaches_the_index(maker):
    build(maker)
    (maker.out / STATE_NAME).unlink()  # an older build's state, lost
    maker.edit("bavay", status=WITHDRAWN)
    result, _ = build(maker)
    texts = owned_text(maker.out, result.files)
    assert not [f for f, t in texts.items() if "géant de Bavay" in t]


def test_codes_drawn_by_worker_processes_equal_the_in_process_ones(maker, monkeypatch):
    import pipeline.build.site as site_stage
    from pipeline.build.site.qr import qr_svg

    monkeypatch.setattr(site_stage, "QR_POOL_FROM", 1)
    monkeypatch.setattr(site_stage, "QR_BATCH", 2)
    result, _ = build(maker)
    data = maker.data()
    for ep in data.episodes:
        rel = urls.item_qr(ep.slug)
        assert rel in result.written
        expected = qr_svg(data.urls.absolute(ep.page), f"QR code de « {ep.title} »")
        assert (maker.out / rel).read_bytes() == expected


def test_an_audience_page_offers_that_audience_s_feeds(maker):
    result, _ = build(maker)
    pages = [f for f in result.files if f.startswith("parcourir/publics/") and f.count("/") == 3]
    assert pages
    for rel in pages:
        code = rel.split("/")[2]
        html = (maker.out / rel).read_text(encoding="utf-8")
        assert (f"feeds/publics/{code}.xml" in html or
                f"feeds/publics/{code}-video.xml" in html), rel


def test_a_large_index_is_sharded_and_an_edit_reindexes_one_shard(maker, monkeypatch):
    from pipeline.build.site import search

    monkeypatch.setattr(search, "SHARD_PAGES", 1)
    data = maker.data()
    files = [urls.file_of(ep.page) for ep in data.episodes]
    groups = search.shards(files)
    assert len(groups) >= 2, "the sample should spread over several shards"
    result, _ = build(maker)
    for k in groups:
        assert urls.search_shard(k) + "pagefind-entry.json" in result.files
    page = (maker.out / "recherche/index.html").read_text(encoding="utf-8")
    first, *others = groups  # the page loads the first bundle that has pages, merges the rest
    assert f'data-pagefind="../{urls.search_shard(first)}pagefind.js"' in page
    listed = re.search(r'data-shards="([^"]*)"', page).group(1).split()
    assert [p.rstrip("/").rsplit("/", 1)[-1] for p in listed] == [f"s{k}" for k in others]

    again, _ = build(maker)
    assert again.written == []

    slug = data.episodes[0].slug
    k = search.shard_of(urls.file_of(urls.item_page(slug)), search.shard_count(len(files)))
    maker.edit(slug, title="Un titre tout neuf pour la recherche")
    edited, _ = build(maker)
    touched = {f for f in edited.written if f.startswith(urls.PAGEFIND)}
    assert touched
    mine = urls.search_shard(k)
    for f in touched:
        inside_other = any(f.startswith(urls.search_shard(j)) for j in groups if j and j != k)
        assert f.startswith(mine) and not inside_other, f


def test_an_empty_feed_is_written_but_never_offered(tmp_path, media):
    """No public video: all-video.xml stays (its URL was given out) but no page or OPML offers it."""
    from site_maker import SiteMaker

    from pipeline.build.feeds import write_feeds

    m = SiteMaker(tmp_path / "site", media)
    m.add_series("contes", "Les bibliothèques racontent")
    m.add_series("pastilles", "Pastilles vidéo", medium="video")
    m.item("contes", "La légende du géant", slug="geant")
    m.item("pastilles", "Pas encore validée", slug="brouillon", status="draft")
    data = m.data()
    feeds = write_feeds(data, m.out)
    assert urls.all_feed("video") in feeds.files  # still written, empty
    result = write_site(data, m.out)
    for rel in html_pages(result):
        assert "all-video.xml" not in (m.out / rel).read_text(encoding="utf-8"), rel
    home = (m.out / "index.html").read_text(encoding="utf-8")
    assert "feeds/all.xml" in home
    outlines = ET.parse(m.out / urls.OPML).getroot().iter("outline")
    assert [o.get("xmlUrl").removeprefix(data.urls.base) for o in outlines] == [
        "feeds/contes.xml", "feeds/publics/cycle-3.xml", "feeds/all.xml"]


def test_lists_for_people_are_in_french_order(tmp_path, media):
    """Series, residences, themes and the OPML list: « Éclats » before « Quartiers »."""
    from site_maker import SiteMaker

    from pipeline.build.feeds import write_feeds

    m = SiteMaker(tmp_path / "site", media)
    for slug, title in (("zoo", "Zoologie"), ("ecoles", "Écoles rurales"), ("ateliers", "Ateliers")):
        m.residence(slug, title)
    m.add_series("quartiers-nature", "Quartiers nature", residence="zoo")
    m.add_series("eclats-de-rire", "Éclats de rire à l'école", residence="ecoles")
    m.add_series("oeuvres", "Œuvres d'enfants", residence="ateliers")
    for slug in ("quartiers-nature", "eclats-de-rire", "oeuvres"):
        m.item(slug, f"Épisode de {slug}", slug=f"ep-{slug}",
               themes=("Zoologie", "écologie", "Arts", "Éducation"))
    data = m.data()
    write_feeds(data, m.out)
    write_site(data, m.out)
    home = parse((m.out / "index.html").read_text(encoding="utf-8"))
    series = [a["href"] for tag, a in home.tags if tag == "a" and a.get("href", "").startswith(
        "series/")]
    assert series == [f"series/{s}/index.html" for s in ("eclats-de-rire", "oeuvres",
                                                        "quartiers-nature")]
    themes = (m.out / "parcourir/themes/index.html").read_text(encoding="utf-8")
    found = re.findall(r'href="([a-z-]+)/index.html"', themes)
    assert found == ["arts", "ecologie", "education", "zoologie"]
    residences = (m.out / "parcourir/residences/index.html").read_text(encoding="utf-8")
    assert re.findall(r"residences/([a-z]+)/", residences) == ["ateliers", "ecoles", "zoo"]
    outlines = [o.get("text") for o in ET.parse(m.out / urls.OPML).getroot().iter("outline")]
    assert outlines[:3] == ["Éclats de rire à l'école", "Œuvres d'enfants", "Quartiers nature"]


def test_every_page_is_valid_html_for_the_validator(maker):
    """Empty action or href, duplicate ids, labels for nothing: what the W3C validator reports."""
    result, _ = build(maker)
    problems = {rel: html_problems((maker.out / rel).read_text(encoding="utf-8"))
                for rel in html_pages(result)}
    assert {rel: found for rel, found in problems.items() if found} == {}
    # a theme called « information » is a link text Lighthouse calls not descriptive: in
    # context (« Thème : information ») it is one
    vague = {rel: vague_links((maker.out / rel).read_text(encoding="utf-8"))
             for rel in html_pages(result)}
    assert {rel: found for rel, found in vague.items() if found} == {}
    assert "parcourir/themes/information/index.html" in result.files
    assert html_problems('<html lang="fr"><form action=""><p id="a"></p><p id="a"></p>'
                         '<label for="b">x</label><a href="#c">y</a></form>') == [
        "<form> has an empty action attribute", "id 'a' is used 2 times",
        "<label for='b'> names no element of the page", "<a href='#c'> leads to no element of the page"]


def test_a_long_browse_list_is_cut_into_pages_and_an_edit_redraws_one(maker, monkeypatch):
    from pipeline.build.site import list_context

    monkeypatch.setattr(list_context, "BROWSE_PAGE_SIZE", 1)
    for n in range(3):  # with bavay and hostile, five episodes in Maubeuge... and Jeumont
        maker.item("contes", f"Conte de la semaine {n}", slug=f"semaine-{n}")
    result, _ = build(maker)
    value = urls.browse_page("lieux", "maubeuge")
    listed = [p for p in sorted(result.files) if p.startswith(value)]
    pages = [urls.file_of(urls.browse_page("lieux", "maubeuge", n)) for n in range(1, 6)]
    assert sorted(pages) == listed, "one page per episode in Maubeuge, numbered from 2"
    shown, hrefs = [], set()
    for number, rel in enumerate(pages, start=1):
        html = lxml.html.fromstring((maker.out / rel).read_bytes())
        shown += html.xpath("//li[@class='card']//h3/a/@href")
        nav = html.xpath("//nav[@class='pager']//a")
        assert [a.text for a in nav if a.get("aria-current") == "page"] == [str(number)]
        for a in nav:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), a.get("href")))
            hrefs.add(target if target.endswith(".html") else f"{target}/index.html")
        assert f"page {number} sur 5" in html.findtext(".//title")
    assert len(shown) == len(set(shown)) == 5  # every episode once, none twice
    assert hrefs == set(pages)  # the links lead to the five pages and nowhere else
    maker.edit("semaine-1", title="Conte de la semaine, corrigé")
    result, _ = build(maker)
    redrawn = [p for p in result.written if p.startswith(value)]
    assert len(redrawn) == 1 and "Conte de la semaine, corrigé" in (
        maker.out / redrawn[0]).read_text(encoding="utf-8")


def test_a_no_op_plans_nothing_and_a_touched_folder_brings_the_plan_back(maker, monkeypatch):
    """The stamp (pipeline/build/stamp.py) skips the whole plan while inputs and folders
    are as the last build left them, and never when either moved."""
    import pipeline.build.site as site_stage

    build(maker)
    planned = []
    real_plan = site_stage.plan
    monkeypatch.setattr(site_stage, "plan", lambda *a: planned.append(1) or real_plan(*a))
    result, line = build(maker)
    assert planned == [] and result.written == [] and "nothing changed" in line
    assert result.files == set(build(maker)[0].files) and planned == []
    (maker.out / "episodes/bavay/qr.svg").unlink()  # its folder's time moves
    result, _ = build(maker)
    assert planned == [1] and result.written == ["episodes/bavay/qr.svg"]
    maker.edit("hostile", title="Un autre titre")  # an input moves
    result, _ = build(maker)
    assert planned == [1, 1] and "episodes/hostile/index.html" in result.written
    result, line = build(maker)  # the edit's stamp kept the untouched folders' times right
    assert planned == [1, 1] and result.written == [] and "nothing changed" in line
    (maker.out / "episodes/bavay/embed.html").unlink()  # a folder the edit did not write in
    result, _ = build(maker)
    assert planned == [1, 1, 1] and result.written == ["episodes/bavay/embed.html"]
