"""Hardening of the forms, through the real waitress server: who may change what the
public reads, edits that change only what they carry, inputs that gave 500, slugs
that would hide the interface's own pages."""

from __future__ import annotations

import itertools
import json
import re
from urllib.parse import quote, urlencode

import pytest

from archive import Catalogue, ClearError, ItemFields, users
from archive.identifiers import INTERFACE_WORDS, RESERVED
from archive.model import Contributor
from pipeline.services.ingest import Recording, add_recording
from pipeline.web import create_app

from .conftest import make_archive, start_server
from .test_uploads import Session, multipart

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
_freq = itertools.count(700, 7)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = start_server(make_archive(tmp_path_factory.mktemp("hardening") / "archive"))
    yield server
    from pipeline.web.server import stop

    stop(server.server, server.worker)


@pytest.fixture(scope="module")
def alice(live):
    return Session(live.url, "alice")


@pytest.fixture(scope="module")
def bob(live):
    return Session(live.url, "bob")


def post(session: Session, path: str, fields: dict | list, **headers):
    pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
    body = urlencode([("csrf_token", session.token), *pairs], doseq=True).encode()
    return session.request("POST", path, body, {**FORM, **headers})


def item(session: Session, slug: str) -> dict:
    status, _, data = session.request("GET", f"/enregistrements/{slug}.json")
    assert status == 200, data
    return json.loads(data)


def add(live, media, title: str, *, cleared: bool = False, series: str = "contes",
        **fields) -> str:
    with Catalogue.open(live.folder) as cat:
        return add_recording(cat, Recording(
            file=media.tone(1, freq=next(_freq)), series=series, cleared=cleared,
            form_ref="AUT-1" if cleared else "", fields=ItemFields(title=title, **fields)),
            actor="alice").slug


# -- roles and edits ------------------------------------------------------------------------


def test_a_bibliothecaires_public_edit_of_a_cleared_item_sends_it_back_to_draft(
        live, alice, bob, media):
    slug = add(live, media, "Le loup et la lune", cleared=True)
    form = bob.request("GET", f"/enregistrements/{slug}/modifier")[2].decode()
    assert "il repassera en brouillon" in form  # said before, not only after
    status, _, _ = post(bob, f"/enregistrements/{slug}/modifier",
                        {"title": "Le loup et la lune (mots non relus)"})
    assert status == 302
    data = item(bob, slug)
    assert data["status"] == "draft" and data["title"] == "Le loup et la lune (mots non relus)"
    edited, back = data["history"][-2:]
    assert (edited["action"], edited["actor"]) == ("edited", "bob")
    assert (back["action"], back["actor"]) == ("back-to-draft", "bob")
    assert "droits à valider de nouveau" in back["detail"]["note"]
    page = bob.request("GET", f"/enregistrements/{slug}")[2].decode()
    assert "Repassé en brouillon" in page and "doit valider de nouveau les droits" in page
    with Catalogue.open(live.folder) as cat:
        assert slug not in {i.slug for i in cat.public_items()}
    # A responsable clears it again; her own edits keep it cleared.
    assert post(alice, f"/enregistrements/{slug}/valider", {"form_ref": "AUT-2"})[0] == 302
    assert post(alice, f"/enregistrements/{slug}/modifier", {"title": "Le loup"})[0] == 302
    assert item(alice, slug)["status"] == "cleared"


def test_only_public_fields_send_an_item_back_to_draft(live, bob, media):
    slug = add(live, media, "Contes du CE2", cleared=True, group="élèves de CE2",
               contributors=(Contributor("Lola Monset", "autrice"),
                             Contributor("Nina", "élève", True)))
    # Correcting a pupil's name: pupils appear only as the group, nothing public changes.
    rows = {"contrib-0-name": "Lola Monset", "contrib-0-role": "autrice",
            "contrib-1-name": "Nina B.", "contrib-1-role": "élève", "contrib-1-minor": "1"}
    assert post(bob, f"/enregistrements/{slug}/modifier", rows)[0] == 302
    data = item(bob, slug)
    assert data["status"] == "cleared" and data["contributors"][1]["name"] == "Nina B."
    # Unticking « mineur » would print her name: that is public.
    del rows["contrib-1-minor"]
    assert post(bob, f"/enregistrements/{slug}/modifier", rows)[0] == 302
    assert item(bob, slug)["status"] == "draft"


def test_the_library_applies_the_same_rules_when_the_role_is_known(live, media):
    slug = add(live, media, "Règle commune", cleared=True)
    with Catalogue.open(live.folder) as cat:
        cat.mark_published([slug])
        edited = cat.edit_item(slug, {"place": "Maubeuge"}, actor="bob",
                               role=users.BIBLIOTHECAIRE)
        assert edited.status == "draft"
        with pytest.raises(ClearError, match="only a responsable may clear"):
            cat.set_status(slug, "cleared", actor="bob", role=users.BIBLIOTHECAIRE)
        cat.set_status(slug, "cleared", actor="alice", role=users.RESPONSABLE)
        # The command line (no account, no role) answers for what it does.
        assert cat.edit_item(slug, {"place": "Feignies"}).status == "cleared"
        with pytest.raises(ClearError, match="only a responsable may clear"):
            cat.add_item(ItemFields(title="x"), series="contes", original=None, facts=None,
                         cleared=True, role=users.BIBLIOTHECAIRE)


def test_an_edit_changes_only_the_fields_the_post_carries(live, alice, media):
    slug = add(live, media, "Tout garder", description="Une histoire de loup.",
               audiences=("cycle-2", "cycle-3"), themes=("loups", "nuit"), place="Maubeuge",
               group="élèves de CE1", recorded=__import__("datetime").date(2025, 3, 14),
               contributors=(Contributor("Lola Monset", "autrice"),
                             Contributor("Zoé", "élève", True)))
    before = item(alice, slug)
    status, _, _ = post(alice, f"/enregistrements/{slug}/modifier", {"title": "Tout gardé"})
    assert status == 302
    after = item(alice, slug)
    for key in ("description", "audiences", "themes", "place", "group", "recorded",
                "contributors", "kind", "licence", "language", "series"):
        assert after[key] == before[key], key
    assert after["title"] == "Tout gardé"
    assert after["history"][-1]["detail"]["fields"] == ["title"]
    # Present and empty empties: the description, and the list the form marks as sent.
    post(alice, f"/enregistrements/{slug}/modifier", {"description": "", "audiences": ""})
    after = item(alice, slug)
    assert after["description"] == "" and after["audiences"] == []
    assert after["contributors"] == before["contributors"] and after["place"] == "Maubeuge"
    # The real form marks both lists, so emptying them in the browser still works.
    page = alice.request("GET", f"/enregistrements/{slug}/modifier")[2].decode()
    assert '<input type="hidden" name="audiences" value="">' in page
    assert '<input type="hidden" name="contributors" value="">' in page


def test_public_series_and_residences_are_changed_only_by_a_responsable(
        live, alice, bob, media):
    add(live, media, "Rend la série publique", cleared=True)  # in contes, of lire-en-sambre
    with Catalogue.open(live.folder) as cat:
        series, residence = cat.series("contes"), cat.residence("lire-en-sambre")
    for path in ("/series/contes/modifier", "/residences/lire-en-sambre/modifier"):
        assert bob.request("GET", path)[0] == 403
        status, _, data = post(bob, path, {"title": "Titre que personne n'a relu",
                                           "description": ""})
        assert status == 403 and "réservée aux responsables" in data.decode()
    with Catalogue.open(live.folder) as cat:
        assert cat.series("contes") == series and cat.residence("lire-en-sambre") == residence
        with pytest.raises(ClearError, match="only a responsable may change a series"):
            cat.edit_series("contes", title="x", actor="bob", role=users.BIBLIOTHECAIRE)
    assert "modification réservée aux responsables" in bob.request("GET", "/series")[2].decode()
    # A series nobody can hear yet is bob's to shape; a post lacking fields keeps them.
    assert post(bob, "/series/ajouter", {"slug": "essais", "title": "Essais",
                                         "description": "Des essais.", "numbered": "1"}
                )[0] == 302
    assert post(bob, "/series/essais/modifier", {"title": "Nos essais"})[0] == 302
    with Catalogue.open(live.folder) as cat:
        essais = cat.series("essais")
    assert (essais.title, essais.description, essais.numbered) == ("Nos essais", "Des essais.",
                                                                   True)
    assert post(bob, "/series/essais/modifier", [("numbered", "0")])[0] == 302
    with Catalogue.open(live.folder) as cat:
        assert cat.series("essais").numbered is False
    # A responsable edits the public one.
    assert post(alice, "/series/contes/modifier", {"title": "Les bibliothèques racontent !"}
                )[0] == 302
    with Catalogue.open(live.folder) as cat:
        assert cat.series("contes").description == series.description


# -- requests that gave 500 -----------------------------------------------------------------


def test_oversized_and_odd_inputs_get_400_or_404_never_500(live, alice):
    status, _, data = alice.request("GET", "/enregistrements?q=" + "a" * 60_000)
    assert status == 400 and "La recherche fait 60000 caractères" in data.decode()
    assert alice.request("GET", "/taches/99999999999999999999.json")[0] == 404
    assert alice.request("GET", "/taches/9223372036854775807.json")[0] == 404
    assert alice.request("GET", "/publier?tache=99999999999999999999")[0] == 200
    assert alice.request("GET", "/verification?tache=-3")[0] == 200
    for path in ("/enregistrements/%00", "/enregistrements/%FF%FE", "/enregistrements/" +
                 "a" * 5000, "/series/%00/modifier", "/residences/..%2F..%2Fetc/modifier",
                 "/series/" + quote("é" * 300) + "/couverture"):
        assert alice.request("GET", path)[0] == 404, path
    status, _, data = post(alice, "/series/ajouter", {"slug": "cat", "title": "Catégorie",
                                                      "category": "y" * 100_000})
    assert status == 400 and "La catégorie fait 100000 caractères" in data.decode()
    status, _, data = post(alice, "/residences/ajouter", {"slug": "a" * 100_000, "title": "x"})
    assert status == 400 and "minuscules sans accent" in data.decode()
    body, ctype = multipart({"series": "contes", "title": "t" * 6000}, "file", "x.wav", b"RIFF")
    status, _, data = alice.request("POST", "/enregistrements/ajouter", body, {
        "Content-Type": ctype, "X-CSRF-Token": alice.token, "Accept": "application/json"})
    assert status == 400 and "Le titre fait 6000 caractères" in json.loads(data)["errors"]["title"]


def test_percent_and_underscore_in_a_search_are_literal(live, alice, media):
    percent = add(live, media, "Remise à 100% des contes")
    under = add(live, media, "fichier_final des contes")
    plain = add(live, media, "fichier final des contes")

    def found(q: str) -> set[str]:
        page = alice.request("GET", "/enregistrements?" + urlencode({"q": q}))[2].decode()
        return set(re.findall(r'href="/enregistrements/([a-z0-9-]+)"', page))

    assert percent in found("%") and under not in found("%") and plain not in found("%")
    assert under in found("r_f") and plain not in found("r_f")
    assert plain in found("r f")


# -- slugs that shadow pages ----------------------------------------------------------------


def test_a_recording_titled_like_a_page_gets_a_page_of_its_own(live, alice, media):
    body, ctype = multipart({"series": "contes", "title": "Ajouter"}, "file", "a.wav",
                            media.tone(1, freq=next(_freq)).read_bytes())
    status, _, data = alice.request("POST", "/enregistrements/ajouter", body, {
        "Content-Type": ctype, "X-CSRF-Token": alice.token, "Accept": "application/json"})
    assert status == 200, data
    slug = json.loads(data)["redirect"].rsplit("/", 1)[1]
    assert slug != "ajouter"
    assert "<h1>Ajouter</h1>" in alice.request("GET", f"/enregistrements/{slug}")[2].decode()
    for path, what in (("/series/ajouter", "series"), ("/residences/ajouter", "residence")):
        status, _, data = post(alice, path, {"slug": "modifier", "title": "Modifier"})
        assert status == 400 and "&#39;modifier&#39; est réservé" in data.decode(), what


def test_every_fixed_word_of_the_interface_addresses_is_a_reserved_slug(tmp_path):
    app = create_app(make_archive(tmp_path / "archive"))
    words = {part for rule in app.url_map.iter_rules()
             for part in rule.rule.split("/") if part and "<" not in part}
    assert words, "no routes found"
    assert words <= INTERFACE_WORDS, f"add to archive.identifiers: {sorted(words - RESERVED)}"
