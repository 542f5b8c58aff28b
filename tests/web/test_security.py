"""Sessions, CSRF, roles and log-in limits, through Flask's test client."""

from __future__ import annotations

import stat

from archive import ItemFields
from archive import jobs as queue
from pipeline.services.ingest import Recording, add_recording
from pipeline.web import create_app

from .conftest import CSRF_RE, PASSWORDS, Client, catalogue_state, make_archive


def _draft(folder, media, title="Un brouillon", freq=440):
    from archive import Catalogue

    with Catalogue.open(folder) as cat:
        return add_recording(cat, Recording(
            file=media.tone(2, freq=freq), series="contes",
            fields=ItemFields(title=title)), actor="bob").slug


def test_every_page_but_login_needs_a_session(app):
    anonymous = app.test_client()
    for path in ("/enregistrements", "/enregistrements/ajouter", "/residences", "/series",
                 "/publier", "/verification", "/taches/1.json"):
        response = anonymous.get(path)
        assert response.status_code in (302, 401), path
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/connexion")
    assert anonymous.get("/connexion").status_code == 200
    assert anonymous.post("/verification").status_code == 401


def test_wrong_password_is_refused_in_french(app):
    client = Client(app, None)
    response = client.login("alice", "pas-le-bon", address="10.1.0.1")
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect" in response.text
    assert client.http.get("/enregistrements").status_code == 302


def test_a_form_without_its_csrf_token_is_refused(as_alice, web_archive, media):
    slug = _draft(web_archive, media, "Sans jeton", freq=450)
    before = catalogue_state(web_archive)
    response = as_alice.http.post(f"/enregistrements/{slug}/valider", data={"form_ref": "X"})
    assert response.status_code == 400
    assert "rechargez la page" in response.text
    forged = as_alice.http.post(f"/enregistrements/{slug}/valider",
                                data={"form_ref": "X", "csrf_token": "faux"})
    assert forged.status_code == 400
    assert catalogue_state(web_archive) == before
    # Logging in needs the token too: a page elsewhere cannot log someone in.
    fresh = create_app(web_archive).test_client()
    login = fresh.post("/connexion", data={"name": "alice", "password": PASSWORDS["alice"]})
    assert login.status_code == 400


def test_a_bibliothecaire_cannot_clear_withdraw_or_publish(as_bob, web_archive, media):
    slug = _draft(web_archive, media, "Pas pour bob", freq=460)
    before = catalogue_state(web_archive)
    for path, data in ((f"/enregistrements/{slug}/valider", {"form_ref": "AUT-1"}),
                       (f"/enregistrements/{slug}/retirer", {}),
                       ("/publier", {"what": "build-publish", "target": "/tmp/x"})):
        response = as_bob.post(path, data)
        assert response.status_code == 403, path
        assert "réservée aux responsables" in response.text
    assert catalogue_state(web_archive) == before
    page = as_bob.http.get(f"/enregistrements/{slug}")
    assert "Valider les droits" not in page.text  # hidden too, not only refused


def test_a_responsable_clears_and_the_history_keeps_who_and_the_form(as_alice, web_archive,
                                                                     media):
    slug = _draft(web_archive, media, "Pour alice", freq=470)
    response = as_alice.post(f"/enregistrements/{slug}/valider", {"form_ref": "AUT-2025-014"})
    assert response.status_code == 302
    page = as_alice.http.get(f"/enregistrements/{slug}").text
    assert "Droits recueillis" in page
    data = as_alice.http.get(f"/enregistrements/{slug}.json").json
    cleared = [h for h in data["history"] if h["action"] == "cleared"]
    assert cleared[0]["actor"] == "alice" and cleared[0]["detail"]["form"] == "AUT-2025-014"
    assert "AUT-2025-014" in page and "par alice" in page


def test_session_cookie_is_httponly_samesite_and_secure_only_over_https(web_archive):
    plain = Client(create_app(web_archive), None)
    response = plain.login("alice", PASSWORDS["alice"])
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    https = create_app(web_archive).test_client()
    token = CSRF_RE.search(https.get("/connexion", base_url="https://localhost").text)[1]
    response = https.post("/connexion", base_url="https://localhost", data={
        "name": "alice", "password": PASSWORDS["alice"], "csrf_token": token})
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]
    # X-Forwarded-Proto counts only with --behind-proxy.
    for behind, secure in ((False, False), (True, True)):
        client = create_app(web_archive, behind_proxy=behind).test_client()
        client.get("/connexion", headers={"X-Forwarded-Proto": "https"})
        cookie = client.get_cookie("clea_session")
        assert cookie is not None and cookie.secure is secure


def test_session_secret_is_made_once_private_and_a_new_password_ends_sessions(tmp_path):
    folder = make_archive(tmp_path / "archive")
    client = Client(create_app(folder), "bob")
    secret = folder / "web-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    first = secret.read_text()
    assert Client(create_app(folder), "bob").http.get("/enregistrements").status_code == 200
    assert secret.read_text() == first
    assert client.http.get("/enregistrements").status_code == 200
    from archive import Catalogue, users

    with Catalogue.open(folder) as cat:
        users.set_password(cat.conn, "bob", "un-nouveau-secret")
    assert client.http.get("/enregistrements").status_code == 302


def test_too_many_failures_lock_the_account_even_with_the_right_password(tmp_path):
    folder = make_archive(tmp_path / "archive")
    client = Client(create_app(folder), None)
    for _ in range(5):
        assert client.login("bob", "mauvais", address="10.2.0.1").status_code == 401
    locked = client.login("bob", PASSWORDS["bob"], address="10.2.0.1")
    assert locked.status_code == 429 and "Trop de tentatives" in locked.text
    assert client.login("alice", PASSWORDS["alice"], address="10.2.0.1").status_code == 302


def test_jobs_are_queued_once_from_the_page(tmp_path):
    folder = make_archive(tmp_path / "archive")
    client = Client(create_app(folder), "alice")  # no worker: jobs stay queued
    for _ in range(2):
        response = client.post("/publier", {"what": "build"})
        assert response.status_code == 302
    from archive import Catalogue

    with Catalogue.open(folder) as cat:
        waiting = [j for j in queue.recent(cat.conn) if j.state == queue.QUEUED]
    assert [j.kind for j in waiting] == ["build"]
    state = client.http.get(f"/taches/{waiting[0].id}.json").json
    assert state["state"] == "queued" and state["active"] is True
