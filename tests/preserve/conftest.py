"""An archive worth preserving: pupils named in a transcript, a draft, a withdrawn item."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

MINOR = "Noémie Vasseur"
UNCLEARED = "Enquête pas encore autorisée"
WITHDRAWN_TITLE = "Conte retiré à la demande"
TABLES = ("residences", "residence_artists", "residence_places", "residence_themes", "series",
          "items", "item_audiences", "item_themes", "contributors", "originals")


@dataclass
class Filled:
    archive: object  # tests.conftest.ArchiveFixture
    slugs: dict[str, str]

    @property
    def folder(self) -> Path:
        return self.archive.folder


@pytest.fixture
def filled(archive, media, tmp_path) -> Filled:
    a = archive
    vtt = tmp_path / "enquete.vtt"
    vtt.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour, je suis Noémie\n\n"
                   "00:00:02.000 --> 00:00:03.500\net voici notre enquête\n", encoding="utf-8")
    chapters = tmp_path / "chapitres.txt"
    chapters.write_text("00:00:00 Noémie présente\n00:00:02 L'enquête\n", encoding="utf-8")
    cover = media.image(1400)
    slugs = {}

    def add(*args: str) -> str:
        result = a.clea("add", *args)
        assert result.exit_code == 0, result.stderr
        return result.stdout.strip()

    slugs["pupils"] = add(
        str(media.speech("Bonjour, je suis Noémie et voici notre enquête.", name="noemie")),
        "--series", "contes", "--title", "Notre enquête sur l'info",
        "--contributor", "Valérie Rohart:journaliste", "--contributor", f"{MINOR}:voix:minor",
        "--group", "élèves de CM2, école Jean-Jaurès", "--transcript", str(vtt),
        "--chapters", str(chapters), "--cover", str(cover), "--place", "Feignies",
        "--theme", "éducation aux médias", "--recorded", "2025-03-14",
        "--cleared", "--form", "AUT-1")
    slugs["draft"] = add(str(media.tone(2, freq=1000)), "--series", "contes",
                         "--title", UNCLEARED)
    slugs["video"] = add(str(media.video(2)), "--series", "pastilles", "--title",
                         "Pastille : d'où vient l'image ?", "--cleared")
    slugs["tale"] = add(str(media.tone(3, freq=1010, channels=1)), "--series", "contes",
                        "--title", "La légende du géant", "--cleared", "--audience", "cycle-2",
                        "--contributor", "Lola Monset:autrice")
    slugs["gone"] = add(str(media.tone(2, freq=700)), "--series", "contes", "--title",
                        WITHDRAWN_TITLE, "--cleared")
    assert a.clea("withdraw", slugs["gone"]).exit_code == 0
    # A « générique »: a series' intro is an original a deposit must carry too.
    assert a.clea("series", "edit", "contes", "--intro",
                  str(media.tone(2, freq=880))).exit_code == 0
    return Filled(a, slugs)


def rows(folder: Path) -> dict[str, list]:
    """The catalogue's rows that a deposit or a backup must bring back, history included."""
    conn = sqlite3.connect(folder / "catalogue.sqlite")
    out = {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}"))) for t in TABLES}
    out["history"] = sorted(map(tuple, conn.execute(
        "SELECT items.guid, history.at, history.actor, history.action, history.detail "
        "FROM history LEFT JOIN items ON items.id = history.item_id")), key=repr)
    conn.close()
    return out


def every_text(folder: Path) -> str:
    """Every byte under ``folder`` as text (audio and pictures included, as bytes decoded)."""
    return "\n".join(p.read_bytes().decode("utf-8", errors="replace")
                     for p in folder.rglob("*") if p.is_file())


from tests.publish.conftest import aws_env, moto_server  # noqa: E402, F401 - shared fixtures
