"""The library API walked end to end without either front-end.

A real archive (tests/conftest.py), real ffmpeg media, a real build, a publish to
a folder, a job queued and run: everything the command line and the web
interface do, through ``pipeline.api.Library`` only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from archive import CLEARED, DRAFT, WITHDRAWN, ClearError, ItemFields
from archive.users import BIBLIOTHECAIRE, RESPONSABLE
from pipeline.api import (
    Actor,
    ItemChanges,
    Library,
    NewRecording,
    NewSeries,
    ResidenceValues,
    SeriesChanges,
    SideFiles,
)
from pipeline.services.stats import import_logs
from tests.stats.conftest import APPLE, combined, sizes, write

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nIl était une fois.\n"


@pytest.fixture
def lib(archive):
    with Library.open(archive.folder) as opened:
        yield opened


def _add(lib, media, tmp_path, title, *, freq, cleared=True, side=None, actor=None):
    file = media.copy(media.tone(3, freq=freq), tmp_path, f"{freq}.wav")
    target = lib if actor is None else Library(lib.catalogue, actor)
    return target.add(NewRecording(file=file, series="contes", fields=ItemFields.given(title),
                                   side=side or SideFiles(), cleared=cleared, form_ref="AUT-1"))


def test_items_residences_series_and_accounts(lib, media, tmp_path):
    transcript = tmp_path / "conte.vtt"
    transcript.write_text(VTT, encoding="utf-8")
    chapters = tmp_path / "conte.txt"
    chapters.write_text("00:00:00 Début\n00:00:01 La suite\n", encoding="utf-8")
    cover = media.copy(media.image(), tmp_path, "cover.png")

    # Add with side files: stored with the item, and the staging area left empty.
    item = _add(lib, media, tmp_path, "La légende du Bavay", freq=440,
                side=SideFiles(transcript, chapters, cover))
    assert item.status == CLEARED and item.kind == "podcast" and item.language == "fr"
    assert item.transcript_sha and item.chapters_sha and item.cover_sha
    staging = lib.folder / "originals" / ".staging"
    assert not staging.exists() or not any(staging.iterdir())

    # A refused side file stores nothing, and names the file.
    bad = tmp_path / "faux.vtt"
    bad.write_text("pas un sous-titre", encoding="utf-8")
    with pytest.raises(ClearError) as refused:
        lib.edit(item.slug, ItemChanges(side=SideFiles(transcript=bad)))
    assert str(bad) in refused.value.line()
    assert lib.item(item.slug).transcript_sha == item.transcript_sha

    # Edit: nothing to change is no write; a bibliothécaire's edit of a public item
    # sends it back to a responsable.
    assert not lib.edit(item.slug, ItemChanges(series="contes")).changed
    librarian = Library(lib.catalogue, Actor("camille", BIBLIOTHECAIRE))
    edited = librarian.edit(item.slug, ItemChanges({"title": "La légende du géant"}))
    assert edited.changed and edited.back_to_draft and edited.item.status == DRAFT
    with pytest.raises(ClearError):
        librarian.clear(item.slug)
    assert lib.clear(item.slug, "AUT-2").status == CLEARED
    view = lib.view(item.slug)
    assert [h.actor for h in view.history][-2:] == ["camille", lib.actor.name]

    # A sheet: every row or none.
    wav = media.copy(media.tone(2, freq=520), tmp_path, "rang.wav")
    sheet = tmp_path / "feuille.csv"
    sheet.write_text(f"file,series,title,cleared\n{wav.name},contes,Le rang,oui\n",
                     encoding="utf-8")
    [imported] = lib.import_sheet(sheet)
    assert imported.status == CLEARED and imported.title == "Le rang"
    with pytest.raises(ClearError):
        librarian.import_sheet(sheet)

    assert lib.withdraw(imported.slug, "demande de la famille").status == WITHDRAWN

    # Residences and series, with their defaults and a series cover staged here.
    r = lib.add_residence("quartiers", ResidenceValues(title="Qu(art)iers",
                                                      figures={"eleves": 120}))
    assert r.kind == "residence-mission" and dict(r.figures)["eleves"] == 120
    r = lib.edit_residence("quartiers", ResidenceValues(places=("Feignies",),
                                                       figures={"ecoles": "3"}))
    assert r.places == ("Feignies",) and dict(r.figures) == {"eleves": 120, "ecoles": 3}
    s = lib.add_series(NewSeries("ondes", "Les ondes", residence="quartiers", cover=cover))
    assert s.category == "Education" and s.cover_sha and s.numbered
    s = lib.edit_series("ondes", SeriesChanges(numbered=False, residence=""))
    assert not s.numbered and s.residence is None
    assert lib.series_counts() == {"contes": 2}

    # Accounts: the password is asked only once the name is known to be free.
    asked = []
    lib.add_account("camille", RESPONSABLE, lambda: asked.append(1) or "un mot de passe long")
    with pytest.raises(ClearError) as twice:
        lib.add_account("camille", RESPONSABLE, lambda: asked.append(2) or "x" * 12)
    assert twice.value.code == "account.duplicate" and asked == [1]
    lib.set_password("camille", lambda: "un autre mot de passe")
    assert [(u.name, u.role) for u in lib.accounts()] == [("camille", RESPONSABLE)]
    lib.remove_account("camille")
    assert lib.accounts() == []


def test_build_publish_verify_jobs_public_links_and_bilan(lib, media, tmp_path):
    shown = _add(lib, media, tmp_path, "La légende du géant", freq=440)
    _add(lib, media, tmp_path, "Un brouillon", freq=480, cleared=False)
    report = lib.build()
    assert not report.failed and report.items == 1
    assert report.out == lib.folder / "site"

    # Cleared after the build: not public until the next build, so not linked yet.
    late = _add(lib, media, tmp_path, "Arrivé après", freq=500)
    links = lib.public_links()
    assert links.site == "https://podcasts.example.org/"
    assert links.pages == [("La légende du géant",
                            f"https://podcasts.example.org/episodes/{shown.slug}/")]
    assert [t for t, _ in links.feeds] == ["Les bibliothèques racontent"]
    assert [t for t, _ in links.all] == ["Tous les épisodes audio", "Liste des flux (OPML)"]
    assert late.slug not in str(links)

    www = tmp_path / "www"
    published = lib.publish(to=str(www))
    assert (www / "episodes" / shown.slug / "index.html").is_file()
    assert published.uploaded

    assert lib.verify().ok

    # A job is checked when queued, then run by the same methods.
    librarian = Library(lib.catalogue, Actor("camille", BIBLIOTHECAIRE))
    with pytest.raises(ClearError) as refused:
        librarian.queue_job("build")
    assert refused.value.code == "job.not-allowed"
    with pytest.raises(ClearError) as unknown:
        lib.queue_job("publish", "/tmp/ailleurs")
    assert unknown.value.code == "job.unknown-target"
    job = librarian.queue_job("verify")
    assert librarian.queue_job("verify").id == job.id  # the same job, not a second
    done = lib.run_next_job()
    assert done is not None and done.id == job.id and done.state == "done"
    assert done.result["checked"] == 3
    assert lib.last_job(("verify",)).id == job.id
    job = lib.queue_job("build")
    lib.run_next_job()
    assert lib.job(job.id).state == "done"
    assert late.slug in str(lib.public_links())

    # The bilan: no listening part before any log, the downloads once one is imported,
    # counted in the year asked for.
    lib.edit_residence("lire-en-sambre", ResidenceValues(start=date(2024, 1, 1),
                                                         end=date(2025, 12, 31)))
    assert not lib.bilan(year=2025).listening
    size, _minute = sizes(lib.catalogue, shown.slug)
    log = write(tmp_path / "access.log", combined([
        ("203.0.113.5", APPLE, "2025-11-03 08:00:00", "GET", f"/media/{shown.slug}.mp3", 200,
         size)]))
    import_logs(lib.catalogue, [log])
    bilan = lib.bilan(year=2025)
    assert bilan.listening and bilan.total.downloads == 1
    assert [(c.code, c.value) for c in bilan.total.by_series_downloads] == [
        ("contes", 1), ("pastilles", 0)]
    last_year = lib.bilan(year=2024)
    assert last_year.listening and last_year.total.downloads == 0
    assert lib.bilan(residence="lire-en-sambre").total.downloads == 1
    with pytest.raises(ClearError):
        lib.bilan(residence="nulle-part")


def test_the_site_folder_is_written_in_one_place(archive):
    from pipeline.api import default_site
    from pipeline.publish import default_site as publish_site

    assert default_site(archive.folder) == archive.folder / "site"
    assert publish_site(archive.catalogue) == default_site(archive.folder)
    assert Path(Library(archive.catalogue).site) == default_site(archive.folder)
