"""The interface in a real browser (Chromium driven by Playwright), against the
real server: add with the form, clear, build and publish to a folder and to S3.

One browser for the module; each account gets its own browser context.
"""

from __future__ import annotations

import os
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from playwright.sync_api import expect

from archive import Catalogue

from .conftest import PASSWORDS, catalogue_state, free_port, make_archive, start_server

TITLE = "La légende du Bavay"
MINOR = "Zoé Lefranc-Minor"
GROUP = "élèves de CM2, école Jean-Macé"
LONG = 90_000  # ms: a build encodes media


@pytest.fixture(scope="module")
def s3():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    saved = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    for key in saved:
        del os.environ[key]
    os.environ.update(AWS_ACCESS_KEY_ID="AKIAFAKEFORTESTS", AWS_SECRET_ACCESS_KEY="fake-secret",
                      AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE="/nonexistent/config",
                      AWS_SHARED_CREDENTIALS_FILE="/nonexistent/credentials")
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="clea-web")
    yield endpoint, client
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[key]
    os.environ.update(saved)
    server.stop()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = start_server(make_archive(tmp_path_factory.mktemp("browser") / "archive"))
    yield server
    from pipeline.web.server import stop

    stop(server.server, server.worker)


def logged_in(browser, live, name: str, **context):
    # A French browser: the library's messages follow Accept-Language.
    ctx = browser.new_context(base_url=live.url, **{"locale": "fr-FR", **context})
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    page.goto("/enregistrements")
    expect(page).to_have_url(f"{live.url}/connexion?suivant=/enregistrements")
    page.get_by_label("Identifiant").fill(name)
    page.get_by_label("Mot de passe").fill(PASSWORDS[name])
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Enregistrements")).to_be_visible()
    return page


def test_wrong_password_is_refused(browser, live):
    page = browser.new_context(base_url=live.url).new_page()
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("alice")
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_have_text("Identifiant ou mot de passe incorrect.")
    page.goto("/enregistrements")
    expect(page).to_have_url(f"{live.url}/connexion?suivant=/enregistrements")
    page.context.close()


def test_text_file_named_mp3_is_refused_in_french(browser, live, tmp_path):
    fake = tmp_path / "interview.mp3"
    fake.write_text("Ceci n'est pas un enregistrement.\n" * 200, encoding="utf-8")
    page = logged_in(browser, live, "bob")
    before = catalogue_state(live.folder)
    page.get_by_role("link", name="Ajouter un enregistrement").first.click()
    page.get_by_label("Fichier").set_input_files(fake)
    page.get_by_label("Série").select_option("contes")
    page.get_by_label("Titre").fill("Entretien")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    error = page.locator("#err-file")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Ce n'est pas un fichier audio ou vidéo")
    expect(page.get_by_label("Titre")).to_have_value("Entretien")  # the form is kept
    assert catalogue_state(live.folder) == before
    assert not list((live.folder / "cache" / "uploads").glob("*"))
    page.context.close()


def test_add_clear_build_and_publish_to_a_folder_and_to_s3(browser, live, media, s3, tmp_path):
    endpoint, client = s3
    # A bibliothécaire adds the recording, on a phone-sized screen.
    bob = logged_in(browser, live, "bob", viewport={"width": 390, "height": 844},
                    has_touch=True, is_mobile=True)
    bob.get_by_role("link", name="Ajouter un enregistrement").first.click()
    bob.get_by_label("Fichier").set_input_files(media.speech(name="bavay"))
    bob.get_by_label("Série").select_option("contes")
    bob.get_by_label("Titre").fill(TITLE)
    bob.get_by_label("Description").fill("Un conte du Nord, raconté à la médiathèque.")
    bob.get_by_label("Type").select_option("conte")
    bob.get_by_label("Public", exact=True).select_option(["cycle-3"])
    bob.get_by_label("Date d'enregistrement").fill("2025-03-14")
    bob.locator("#contrib-0-name").fill("Lola Monset")
    bob.locator("#contrib-0-role").fill("conteuse")
    bob.get_by_role("button", name="Autre contributeur").click()
    bob.locator("#contrib-1-name").fill(MINOR)
    bob.locator("#contrib-1-role").fill("élève")
    bob.get_by_label("Mineur").nth(1).check()
    bob.get_by_label("Groupe (crédit des mineurs)").fill(GROUP)
    expect(bob.get_by_label("Droits et autorisations recueillis")).to_be_disabled()
    bob.get_by_role("button", name="Ajouter", exact=True).click()
    expect(bob.get_by_role("heading", name=TITLE)).to_be_visible()
    bob.get_by_role("link", name="Enregistrements").first.click()
    row = bob.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Brouillon")
    slug = bob.get_by_role("link", name=TITLE).get_attribute("href").rsplit("/", 1)[1]
    bob.context.close()

    # A responsable clears it, with the signed form's reference.
    alice = logged_in(browser, live, "alice")
    alice.get_by_role("link", name=TITLE).click()
    alice.get_by_label("Référence du formulaire d'autorisation signé").fill("AUT-2025-014")
    alice.get_by_role("button", name="Valider les droits").click()
    expect(alice.locator(".heading .status")).to_have_text("Droits recueillis")
    history = alice.locator("ol.history")
    expect(history).to_contain_text("Droits validés")
    expect(history).to_contain_text("par alice")
    expect(history).to_contain_text("AUT-2025-014")
    expect(history).to_contain_text("par bob")

    # Build and publish to a folder, then to S3, from the page.
    # The targets are named in clea.toml; the page offers a choice among them.
    folder = tmp_path / "public"
    toml = live.folder / "clea.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'publish_to = ""', f'publish_to = "{folder}"') + (
        f'\n[publish.targets.espace-s3]\nto = "s3://clea-web/site"\n'
        f'endpoint_url = "{endpoint}"\n'), encoding="utf-8")
    for target in ("defaut", "espace-s3"):
        alice.get_by_role("link", name="Construire et publier").first.click()
        alice.get_by_label("Cible de publication").select_option(target)
        alice.get_by_role("button", name="Construire et publier").click()
        job = alice.locator("section.job")
        expect(job.get_by_role("progressbar", name="Avancement")).to_be_visible()
        expect(alice.locator("[data-job-state]")).to_have_text("Terminé", timeout=LONG)
        expect(alice.locator("[data-result=publish]")).to_contain_text("Publié vers")
        expect(alice.locator("[data-job-progress]")).to_have_attribute("value", "100")
        expect(alice.get_by_role("link", name=f"Page « {TITLE} »")).to_be_visible()
        expect(alice.get_by_role("link", name="Flux « Les bibliothèques racontent »")).to_be_visible()

    # On the public site: the page is there, the minor is not named anywhere.
    public = {p.relative_to(folder).as_posix(): p.read_bytes()
              for p in folder.rglob("*") if p.is_file()}
    page_key = f"episodes/{slug}/index.html"
    assert page_key in public and TITLE.encode() in public[page_key]
    assert GROUP.encode() in public[page_key]
    keys = [o["Key"] for o in client.list_objects_v2(Bucket="clea-web")["Contents"]]
    assert f"site/{page_key}" in keys and "site/feeds/contes.xml" in keys
    stored = {k: client.get_object(Bucket="clea-web", Key=k)["Body"].read() for k in keys}
    for where, files in (("folder", public), ("s3", stored)):
        named = [k for k, data in files.items() if MINOR.encode() in data
                 or MINOR.encode("utf-16-le") in data]
        assert named == [], f"minor named in {where}: {named}"
    with Catalogue.open(live.folder) as cat:
        assert cat.item(slug).status == "published"

    # A browser opening the published page finds the recording.
    alice.goto(Path(folder / page_key).as_uri())
    expect(alice.get_by_role("heading", name=TITLE).first).to_be_visible()
    expect(alice.locator("body")).not_to_contain_text(MINOR)
    alice.context.close()
