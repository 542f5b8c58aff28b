"""Edit, residence and series forms: the library's rules, French reasons, history."""

from __future__ import annotations

from archive import Catalogue, ItemFields
from pipeline.services.ingest import Recording, add_recording

from .conftest import catalogue_state


def test_edit_changes_only_what_differs_and_the_history_names_the_fields(as_bob, web_archive,
                                                                         media):
    with Catalogue.open(web_archive) as cat:
        slug = add_recording(cat, Recording(file=media.tone(2, freq=610), series="contes",
                                            fields=ItemFields(title="Avant")), actor="bob").slug
    form = {"series": "contes", "title": "Après", "description": "", "kind": "podcast",
            "licence": "cc-by-nc-nd-4.0", "language": "fr", "audiences": ["cycle-2", "cycle-3"],
            "contrib-0-name": "Nina", "contrib-0-role": "élève", "contrib-0-minor": "1",
            "group": "élèves de CE2"}
    response = as_bob.post(f"/enregistrements/{slug}/modifier", form)
    assert response.status_code == 302
    data = as_bob.http.get(f"/enregistrements/{slug}.json").json
    assert data["slug"] == slug and data["title"] == "Après"
    assert sorted(data["audiences"]) == ["cycle-2", "cycle-3"]
    assert data["contributors"] == [{"name": "Nina", "role": "élève", "minor": True}]
    edited = data["history"][-1]
    assert edited["actor"] == "bob" and edited["action"] == "edited"
    assert set(edited["detail"]["fields"]) == {"title", "audiences", "contributors", "group"}


def test_a_refused_edit_shows_the_french_reason_and_changes_nothing(as_bob, web_archive, media):
    with Catalogue.open(web_archive) as cat:
        slug = add_recording(cat, Recording(file=media.tone(2, freq=620), series="contes",
                                            fields=ItemFields(title="Intact")), actor="bob").slug
    before = catalogue_state(web_archive)
    response = as_bob.post(f"/enregistrements/{slug}/modifier", {
        "series": "contes", "title": "Titre\x07cloche", "kind": "podcast"})
    assert response.status_code == 400
    assert "Le titre contient un caractère de contrôle (U+0007)" in response.text
    moved = as_bob.post(f"/enregistrements/{slug}/modifier", {
        "series": "pastilles", "title": "Intact"}, headers={"X-Requested-With": "XMLHttpRequest"})
    assert moved.status_code == 400
    assert "La série 'pastilles' est vidéo" in moved.json["errors"]["series"]
    assert catalogue_state(web_archive) == before


def test_residence_and_series_are_created_and_edited_with_a_cover(as_bob, web_archive, media):
    response = as_bob.post("/residences/ajouter", {
        "slug": "quartiers-feignies", "title": "Qu(art)iers à Feignies", "kind": "quartiers",
        "artists": "Compagnie Zaoum\nLéa Dant", "start": "2025-01-06", "end": "2025-06-30"})
    assert response.status_code == 302
    bad = as_bob.post("/residences/ajouter", {"slug": "Pas Bon", "title": "X"})
    assert bad.status_code == 400 and "minuscules sans accent" in bad.text
    with open(media.image(1400), "rb") as cover:
        response = as_bob.post("/series/ajouter", {
            "slug": "portraits", "title": "Portraits", "medium": "video",
            "residence": "quartiers-feignies", "numbered": "1",
            "cover": (cover, "couverture.png")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    with Catalogue.open(web_archive) as cat:
        series = cat.series("portraits")
        residence = cat.residence("quartiers-feignies")
    assert series.medium == "video" and series.cover_sha and series.residence == residence.slug
    assert residence.artists == ("Compagnie Zaoum", "Léa Dant")
    picture = as_bob.http.get("/series/portraits/couverture")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    response = as_bob.post("/series/portraits/modifier", {"title": "Portraits d'habitants",
                                                          "residence": "quartiers-feignies"})
    assert response.status_code == 302
    with Catalogue.open(web_archive) as cat:
        assert cat.series("portraits").title == "Portraits d'habitants"
        assert cat.series("portraits").cover_sha == series.cover_sha
    assert not list((web_archive / "cache" / "uploads").glob("*"))
