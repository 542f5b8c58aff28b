"""The whole pipeline through the real command line: add, clear, build, publish,
edit, withdraw, and what every public file may and may not contain."""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

MINOR = "Noémie Vasseur"
UNCLEARED = "Enquête pas encore autorisée"


def public_text(site: Path) -> str:
    """Every byte the public can fetch, with Pagefind's gzip fragments opened."""
    chunks = []
    for path in site.rglob("*"):
        if not path.is_file() or any(p.startswith(".") for p in path.relative_to(site).parts):
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        chunks.append(data.decode("utf-8", errors="replace"))
    return "\n".join(chunks)


@pytest.fixture
def built(archive, media, tmp_path):
    a = archive
    speech = media.speech("Bonjour, je suis Noémie et voici notre enquête sur l'information.",
                          name="noemie")
    vtt = tmp_path / "enquete.vtt"
    vtt.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour, je suis Noémie\n\n"
                   "00:00:02.000 --> 00:00:03.500\net voici notre enquête\n", encoding="utf-8")
    slugs = {}
    slugs["pupils"] = a.clea(
        "add", str(speech), "--series", "contes", "--title", "Notre enquête sur l'info",
        "--contributor", "Valérie Rohart:journaliste", "--contributor", f"{MINOR}:voix:minor",
        "--group", "élèves de CM2, école Jean-Jaurès", "--transcript", str(vtt),
        "--cleared", "--form", "AUT-1").stdout.strip()
    slugs["draft"] = a.clea("add", str(media.tone(2, freq=1000)), "--series", "contes",
                            "--title", UNCLEARED).stdout.strip()
    slugs["video"] = a.clea("add", str(media.video(2)), "--series", "pastilles", "--title",
                            "Pastille : d'où vient l'image ?", "--cleared").stdout.strip()
    slugs["tale"] = a.clea("add", str(media.tone(3, freq=1010, channels=1)), "--series",
                           "contes", "--title", "La légende du géant", "--cleared",
                           "--audience", "cycle-2").stdout.strip()
    result = a.clea("build")
    assert result.exit_code == 0, result.stderr
    return a, slugs, a.folder / "site"


def test_public_outputs_hold_what_is_cleared_and_nothing_else(built):
    a, slugs, site = built
    text = public_text(site)
    assert "Noémie" not in text and "Vasseur" not in text and MINOR not in text
    assert UNCLEARED not in text and slugs["draft"] not in text
    assert "élèves de CM2, école Jean-Jaurès" in text
    assert "Valérie Rohart" in text
    for slug in (slugs["pupils"], slugs["video"], slugs["tale"]):
        assert (site / "episodes" / slug / "index.html").is_file()
    assert not (site / "episodes" / slugs["draft"]).exists()
    assert "catalogue.sqlite" not in {p.name for p in site.rglob("*")}


def test_enclosures_are_real_files_of_the_announced_length(built):
    a, slugs, site = built
    for feed in [site / "feeds" / "all.xml", site / "feeds" / "all-video.xml",
                 *sorted((site / "feeds").glob("*.xml"))]:
        root = ET.parse(feed).getroot()
        for enc in root.iter("enclosure"):
            url = enc.get("url")
            assert url.startswith("https://podcasts.example.org/media/") and url.isascii()
            local = site / url.removeprefix("https://podcasts.example.org/")
            assert local.stat().st_size == int(enc.get("length")), feed
    audio = ET.parse(site / "feeds" / "all.xml").getroot()
    video = ET.parse(site / "feeds" / "all-video.xml").getroot()
    assert {e.get("type") for e in audio.iter("enclosure")} == {"audio/mpeg"}
    assert {e.get("type") for e in video.iter("enclosure")} == {"video/mp4"}


def test_nothing_changed_writes_nothing_and_edits_keep_identity(built):
    a, slugs, site = built
    feed = site / "feeds" / "contes.xml"
    guid_before = {i.findtext("title"): (i.findtext("guid"), i.find("enclosure").get("url"))
                   for i in ET.parse(feed).getroot().iter("item")}
    mtimes = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    again = a.clea("build")
    assert "0 files written" in again.stdout
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == mtimes

    assert a.clea("edit", slugs["tale"], "--title", "La légende du géant de la Sambre").exit_code == 0
    edited = a.clea("build")
    assert "0 encodes" in edited.stdout
    items = {i.findtext("title"): (i.findtext("guid"), i.find("enclosure").get("url"))
             for i in ET.parse(feed).getroot().iter("item")}
    assert items["La légende du géant de la Sambre"] == guid_before["La légende du géant"]
    shown = json.loads(a.clea("show", slugs["tale"], "--json").stdout)
    assert shown["slug"] == slugs["tale"]


def test_withdrawal_leaves_every_output_and_publish_follows(built, tmp_path):
    a, slugs, site = built
    target = tmp_path / "www"
    first = a.clea("publish", "--to", str(target))
    assert first.exit_code == 0, first.stderr
    assert (target / "media" / f"{slugs['video']}.mp4").is_file()
    shown = json.loads(a.clea("show", slugs["video"], "--json").stdout)
    assert shown["status"] == "published"

    assert a.clea("withdraw", slugs["video"]).exit_code == 0
    assert a.clea("build").exit_code == 0
    assert not list(site.rglob(f"*{slugs['video']}*"))
    assert slugs["video"] not in public_text(site)
    again = a.clea("publish", "--to", str(target))
    assert again.exit_code == 0, again.stderr
    assert not list(target.rglob(f"*{slugs['video']}*"))
    assert slugs["video"] not in public_text(target)
    noop = a.clea("publish", "--to", str(target))
    assert "0 uploaded" in noop.stdout or "uploaded 0" in noop.stdout, noop.stdout
