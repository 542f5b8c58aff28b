"""Refusals in the browser's language, beside the right input, through the real server.

The messages come from the message catalogue: French by default (a browser
that asks for nothing, or for a language we do not speak), English when
``Accept-Language`` prefers it. The pages' own wording stays French.
"""

from __future__ import annotations

import pytest

from .conftest import PASSWORDS, catalogue_state, make_archive, start_server
from .live import Browser

NBSP = "\u00a0"
SCRIPT = {"X-Requested-With": "XMLHttpRequest"}  # the page's script: JSON by field


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = start_server(make_archive(tmp_path_factory.mktemp("language") / "archive"))
    yield server
    from pipeline.web.server import stop

    stop(server.server, server.worker)


def _logged_in(live, language: str | None) -> Browser:
    browser = Browser(live.url, headers={"Accept-Language": language} if language else {})
    assert browser.login("bob", PASSWORDS["bob"]).status_code == 302
    browser.get("/enregistrements/ajouter")
    return browser


def _add(browser: Browser, content: bytes, *, title: str = "Entretien", headers=None):
    return browser.post("/enregistrements/ajouter", {"series": "contes", "title": title},
                        files={"file": ("interview.mp3", content, "audio/mpeg")},
                        headers=headers or {})


@pytest.mark.parametrize("language", [None, "fr-FR,fr;q=0.9,en;q=0.8", "de-DE,de;q=0.9"])
def test_a_bad_upload_is_refused_in_french_by_default(live, language):
    browser = _logged_in(live, language)
    before = catalogue_state(live.folder)
    answer = _add(browser, b"", headers=SCRIPT)
    assert answer.status_code == 400
    assert answer.json() == {"ok": False, "errors": {"file": "Le fichier est vide"}}
    page = _add(browser, b"")
    assert page.status_code == 400
    assert 'id="err-file"' in page.text and "Le fichier est vide" in page.text
    assert catalogue_state(live.folder) == before


@pytest.mark.parametrize("language", ["en", "en-GB,en;q=0.9,fr;q=0.5"])
def test_a_bad_upload_is_refused_in_english_when_the_browser_asks(live, language):
    browser = _logged_in(live, language)
    before = catalogue_state(live.folder)
    answer = _add(browser, b"", headers=SCRIPT)
    assert answer.status_code == 400
    assert answer.json() == {"ok": False, "errors": {"file": "The file is empty"}}
    page = _add(browser, b"")
    assert 'id="err-file"' in page.text and "The file is empty" in page.text
    assert "Le fichier est vide" not in page.text
    assert catalogue_state(live.folder) == before


def test_a_form_refusal_is_placed_beside_its_own_input_in_both_languages(live, media):
    wav = media.tone(2, freq=733).read_bytes()
    french = _add(_logged_in(live, None), wav, title="", headers=SCRIPT)
    assert french.json()["errors"] == {"title": "Il manque le titre"}
    english = _add(_logged_in(live, "en"), wav, title="", headers=SCRIPT)
    assert english.json()["errors"] == {"title": "The title is empty"}


def test_a_refused_period_is_shown_beside_the_end_date_in_the_asked_language(live):
    path = "/ecoutes?par=series&du=2025-11-04&au=2025-11-01"
    french = _logged_in(live, None).get(path)
    assert french.status_code == 400
    assert 'id="au-erreur"' in french.text
    assert "La période finit (2025-11-01) avant de commencer (2025-11-04)" in french.text
    english = _logged_in(live, "en").get(path)
    assert english.status_code == 400
    assert "The period ends (2025-11-01) before it starts (2025-11-04)" in english.text
