"""The series form's « Générique » fields, through the real server: upload, listen,
refuse in French beside the field, remove; nothing stored on a refusal."""

from __future__ import annotations

import pytest

from archive import Catalogue

from .conftest import PASSWORDS, catalogue_state, make_archive, start_server
from .live import Browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = start_server(make_archive(tmp_path_factory.mktemp("jingles") / "archive"))
    yield live
    from pipeline.web.server import stop

    stop(live.server, live.worker)


def logged_in(server, name: str = "alice") -> Browser:
    browser = Browser(server.url)
    assert browser.login(name, PASSWORDS[name]).status_code == 302
    browser.get("/series/contes/modifier")
    return browser


def test_an_intro_uploaded_in_the_series_form_is_stored_listened_to_and_removed(server, media):
    browser = logged_in(server)
    page = browser.get("/series/contes/modifier").text
    assert 'for="intro">Générique de début' in page and 'name="outro"' in page
    assert 'name="intro"' not in browser.get("/series/pastilles/modifier").text  # video

    tone = media.tone(2, freq=880)
    sent = browser.post("/series/contes/modifier", {"title": "Les bibliothèques racontent"},
                        files={"intro": ("générique début.wav", tone.read_bytes())})
    assert sent.status_code == 302, sent.text
    with Catalogue.open(server.folder) as cat:
        series = cat.series("contes")
        assert series.intro_sha and series.outro_sha is None
        assert cat.original(series.intro_sha).name == "générique début.wav"

    listened = browser.get("/series/contes/generique/debut", headers={"Range": "bytes=0-99"})
    assert listened.status_code == 206 and listened.content == tone.read_bytes()[:100]
    assert listened.headers["Content-Type"] == "audio/wav"
    assert browser.get("/series/contes/generique/fin").status_code == 404
    assert 'name="no_intro"' in browser.get("/series/contes/modifier").text

    removed = browser.post("/series/contes/modifier", {"no_intro": "1"})
    assert removed.status_code == 302
    with Catalogue.open(server.folder) as cat:
        assert cat.series("contes").intro_sha is None


def test_a_text_file_or_a_long_recording_is_refused_beside_its_field(server, media):
    browser = logged_in(server)
    before = catalogue_state(server.folder)
    for field, name, content, words in (
            ("outro", "fin.mp3", b"<script>alert(1)</script>\n" * 40,
             "pas un fichier audio"),
            ("intro", "conte-entier.wav", media.tone(61).read_bytes(), "60 s")):
        refused = browser.post("/series/contes/modifier", {"title": "Autre titre"},
                               files={field: (name, content)})
        assert refused.status_code in (400, 422), refused.status_code
        assert f'id="err-{field}" data-error-for="{field}" >' in refused.text
        error = refused.text.split(f'id="err-{field}"', 1)[1].split("</p>", 1)[0]
        assert words in error and "<script>" not in refused.text
    after = catalogue_state(server.folder)
    assert after["files"] == before["files"]
    assert after["rows"]["originals"] == before["rows"]["originals"]
    with Catalogue.open(server.folder) as cat:
        assert cat.series("contes").title == "Les bibliothèques racontent"
