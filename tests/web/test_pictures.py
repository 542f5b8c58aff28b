"""The web form takes pictures and PDFs, with the « Texte alternatif » field (issue 12)."""

from __future__ import annotations

import io

from fpdf import FPDF
from PIL import Image

from archive import Catalogue

from .conftest import catalogue_state

AJAX = {"X-Requested-With": "XMLHttpRequest"}


def _jpeg() -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(buf, "JPEG")
    buf.seek(0)
    return buf


def test_a_photo_series_takes_a_photo_with_its_alternative_text(as_alice, web_archive):
    response = as_alice.post("/series/ajouter", {"slug": "retour-en-images", "title":
                             "Retour en images", "medium": "image", "numbered": "1"})
    assert response.status_code == 302, response.text
    form = as_alice.http.get("/enregistrements/ajouter").text
    assert '<label for="alt">Texte alternatif</label>' in form
    assert "Retour en images (images)" in form
    before = catalogue_state(web_archive)
    refused = as_alice.post("/enregistrements/ajouter", {
        "series": "retour-en-images", "title": "Atelier", "kind": "photo", "cleared": "1",
        "file": (_jpeg(), "atelier.jpg")}, content_type="multipart/form-data", headers=AJAX)
    assert refused.status_code == 400 and "alt" in refused.json["errors"]
    assert catalogue_state(web_archive) == before
    added = as_alice.post("/enregistrements/ajouter", {
        "series": "retour-en-images", "title": "Atelier", "kind": "photo", "cleared": "1",
        "alt": "Des enfants peignent une fresque", "description": "La fresque du préau.",
        "file": (_jpeg(), "atelier.jpg")}, content_type="multipart/form-data")
    assert added.status_code == 302, added.text
    with Catalogue.open(web_archive) as cat:
        item = next(i for i in cat.items() if i.series == "retour-en-images")
    assert item.alt == "Des enfants peignent une fresque" and item.status == "cleared"
    page = as_alice.http.get(f"/enregistrements/{item.slug}").text
    assert 'alt="Des enfants peignent une fresque"' in page
    original = as_alice.http.get(f"/enregistrements/{item.slug}/original")
    assert original.status_code == 200 and original.mimetype == "image/jpeg"


def test_a_document_series_refuses_a_text_file_named_pdf(as_alice, web_archive):
    as_alice.post("/series/ajouter", {"slug": "livrets", "title": "Livrets",
                                      "medium": "document", "numbered": "1"})
    before = catalogue_state(web_archive)
    refused = as_alice.post("/enregistrements/ajouter", {
        "series": "livrets", "title": "Livret", "kind": "livret",
        "file": (io.BytesIO(b"pas un PDF\n"), "livret.pdf")},
        content_type="multipart/form-data", headers=AJAX)
    assert refused.status_code == 400 and "file" in refused.json["errors"]
    assert catalogue_state(web_archive) == before
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(text="Quiz : vrai ou faux ?")
    added = as_alice.post("/enregistrements/ajouter", {
        "series": "livrets", "title": "Quiz", "kind": "quiz",
        "file": (io.BytesIO(bytes(pdf.output())), "quiz.pdf")},
        content_type="multipart/form-data")
    assert added.status_code == 302, added.text
