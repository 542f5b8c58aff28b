"""The real `clea`, run as a person would run it: French by default, English on request.

Each test starts `python -m pipeline` in a subprocess with a clean locale:
no locale at all, ``LANG=C.UTF-8`` (a bare container, a cron job) and
``LANG=fr_FR.UTF-8`` read French; ``LANG=en_GB.UTF-8`` reads English.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from archive import ItemFields, parse_contributor
from pipeline.services.ingest import Recording, add_recording

ROOT = Path(__file__).resolve().parents[2]
NBSP, NNBSP = "\u00a0", "\u202f"
FRENCH = [{}, {"LANG": "C.UTF-8"}, {"LANG": "fr_FR.UTF-8"}]
ENGLISH = {"LANG": "en_GB.UTF-8"}


def clea(folder: Path, *args: str, locale: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(locale, PYTHONPATH=str(ROOT), TZ="Europe/Paris")
    return subprocess.run([sys.executable, "-m", "pipeline", "--archive", str(folder), *args],
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def recorded(archive, media):
    """One cleared item with a minor among its contributors."""
    item = add_recording(archive.catalogue, Recording(
        file=media.tone(2, freq=523), series="contes",
        fields=ItemFields(title="La légende du Bavay", kind="conte", audiences=("cycle-3",),
                          contributors=(parse_contributor("Lola Monset:autrice"),
                                        parse_contributor("Zoé Lefranc:élève:minor")),
                          group="élèves de CM2", recorded=date(2025, 3, 12))),
        actor="alice")
    archive.catalogue.set_status(item.slug, "cleared", form_ref="AUT-2025-12", actor="alice")
    return archive, item.slug


@pytest.mark.parametrize("locale", FRENCH)
def test_a_refused_file_reads_in_french_by_default(archive, tmp_path, locale):
    fake = tmp_path / "interview.mp3"
    fake.write_bytes(b"")
    run = clea(archive.folder, "add", str(fake), "--series", "contes", "--title", "Entretien",
               locale=locale)
    assert run.returncode == 1
    assert run.stderr == f"clea: {fake}{NBSP}: le fichier est vide\n"
    assert run.stdout == ""


def test_a_refused_file_reads_in_english_under_an_english_locale(archive, tmp_path):
    fake = tmp_path / "interview.mp3"
    fake.write_bytes(b"")
    run = clea(archive.folder, "add", str(fake), "--series", "contes", "--title", "Entretien",
               locale=ENGLISH)
    assert run.returncode == 1
    assert run.stderr == f"clea: {fake}: the file is empty\n"


@pytest.mark.parametrize("locale", FRENCH)
def test_a_wrong_option_reads_in_french_by_default(archive, locale):
    run = clea(archive.folder, "add", "--nope", locale=locale)
    assert run.returncode == 2
    assert f"Utilisation{NBSP}: clea add [OPTIONS] FILE" in run.stderr
    assert "Option '--nope' inconnue." in run.stderr
    assert "No such option" not in run.stderr and "Usage:" not in run.stderr


def test_a_wrong_option_reads_in_english_under_an_english_locale(archive):
    run = clea(archive.folder, "add", "--nope", locale=ENGLISH)
    assert run.returncode == 2
    assert "Usage: clea add [OPTIONS] FILE" in run.stderr
    assert "No such option: --nope" in run.stderr or "No such option '--nope'" in run.stderr


def test_help_texts_follow_the_locale(archive):
    french = clea(archive.folder, "add", "--help", locale={}).stdout
    assert "Ajoute l'enregistrement, l'image ou le document FICHIER à l'archive" in french
    assert "Le titre tel que l'auditoire le verra" in french
    english = clea(archive.folder, "add", "--help", locale=ENGLISH).stdout
    assert "Add the recording, picture or document FILE to the archive" in english
    assert "The title as listeners will see it" in english
    assert "Cataloguer" not in english and "Ajoute" not in english


@pytest.mark.parametrize("locale", FRENCH)
def test_show_reads_in_french_by_default(recorded, locale):
    archive, slug = recorded
    run = clea(archive.folder, "show", slug, locale=locale)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    fields = {line.split("  ", 1)[0]: line.split("  ", 1)[1].strip()
              for line in lines if line[:1] not in (" ", "") and "  " in line}
    assert fields["Titre"] == "La légende du Bavay"
    assert fields["Série"] == "Les bibliothèques racontent (contes)"
    assert fields["Statut"] == "Droits recueillis"
    assert fields["Type"] == "Conte"
    assert fields["Publics"] == "Cycle 3 (CM1, CM2, 6e)"
    assert fields["Enregistré le"] == "12 mars 2025"
    assert fields["Contributeurs"] == "Lola Monset (autrice)"
    assert f"{' ' * 10}Zoé Lefranc (élève, mineur)" in run.stdout
    assert fields["Description"] == "—"
    assert "Historique" in lines
    history = [line.strip() for line in lines if line.startswith("  ") and " par " in line]
    assert len(history) == 2
    assert f"{NBSP}: Ajouté par alice" in history[0] and "(UTC+1)" in history[0]
    assert f"Droits validés par alice — formulaire signé «{NBSP}AUT-2025-12{NBSP}»" in history[1]
    assert " à " in fields["Ajouté"] and fields["Ajouté"].endswith(("(UTC+1)", "(UTC+2)"))
    for python in ("None", "{'", "sha256':", "True", "False", "history"):
        assert python not in run.stdout


def test_show_reads_in_english_under_an_english_locale(recorded):
    archive, slug = recorded
    run = clea(archive.folder, "show", slug, locale=ENGLISH)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split("  ", 1)[0] == "Title"
    assert any(line.startswith("Status") and line.endswith("Rights cleared") for line in lines)
    assert any(line.startswith("Recorded") and line.endswith("March 12, 2025") for line in lines)
    assert "Zoé Lefranc (élève, minor)" in run.stdout
    assert "History" in lines
    assert "Rights cleared by alice — signed form “AUT-2025-12”" in run.stdout
    assert "Titre" not in run.stdout and "mineur" not in run.stdout and " par " not in run.stdout


def test_show_json_keeps_its_english_keys_in_french(recorded):
    archive, slug = recorded
    french = json.loads(clea(archive.folder, "show", slug, "--json", locale={}).stdout)
    english = json.loads(clea(archive.folder, "show", slug, "--json", locale=ENGLISH).stdout)
    assert french == english
    assert french["status"] == "cleared" and french["title"] == "La légende du Bavay"
    assert {"slug", "contributors", "original", "history"} <= set(french)


@pytest.mark.parametrize("command, french, english", [
    ("build", ["Fabrique le site public, les flux de podcast", "Où écrire le site",
               "lancez-le aussi souvent que vous voulez"],
     ["Make the public site, the podcast feeds", "Where to write the site"]),
    ("publish", ["Met en ligne le site construit", f"Exemples{NBSP}:",
                 "  clea publish --to /var/www/podcasts", "(prend publish_to dans clea.toml)",
                 "Afficher seulement ce qui serait envoyé et supprimé"],
     ["Put the built site online", "Examples:", "  clea publish --to /var/www/podcasts",
      "(uses publish_to from clea.toml)", "Only print what would be uploaded and deleted"]),
])
def test_build_and_publish_help_follow_the_locale(archive, command, french, english):
    shown = clea(archive.folder, command, "--help", locale={}).stdout
    for text in french:  # the examples as written; sentences as rewrapped for the terminal
        assert text in shown or text in " ".join(shown.split())
    assert f"Utilisation{NBSP}: clea {command}" in shown and "Make the" not in shown
    shown = clea(archive.folder, command, "--help", locale=ENGLISH).stdout
    for text in english:
        assert text in shown or text in " ".join(shown.split())
    assert f"Usage: clea {command}" in shown and "Fabrique" not in shown \
        and "Exemples" not in shown


def test_a_build_summary_reads_in_french_by_default_and_english_on_request(recorded):
    archive, _slug = recorded
    first = clea(archive.folder, "build", locale={})
    assert first.returncode == 0, first.stderr
    summary = first.stdout.strip()
    site = archive.folder / "site"
    assert summary.startswith(f"Site construit dans {site}{NBSP}: 1 épisode, ")
    assert " fichiers écrits (" in summary and " pages, " in summary and "1 encodage" in summary
    assert summary.endswith(f"{NBSP}s.") and "," in summary.rsplit(" en ", 1)[1]
    for english in ("Built", "episode(s)", "written", "encode"):
        assert english not in summary
    again = clea(archive.folder, "build", locale=ENGLISH)
    assert again.returncode == 0, again.stderr
    summary = again.stdout.strip()
    assert summary.startswith(f"Built {site}: 1 episode, 0 files written, 0 removed, 0 encodes in ")
    assert summary.endswith(" s.") and "." in summary.rsplit(" in ", 1)[1]
    assert "construit" not in summary and "épisode" not in summary
    french = clea(archive.folder, "build", locale={"LANG": "fr_FR.UTF-8"}).stdout.strip()
    assert french.startswith(f"Site construit dans {site}{NBSP}: 1 épisode, 0 fichier écrit, "
                             "0 supprimé, 0 encodage en ")
