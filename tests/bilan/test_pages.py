"""The « Bilan » page of the web interface (real waitress server) and the public
bilan page of a real build, in Chromium: axe-clean at 375 and 1280 px, the
numbers on the page, downloads that read back, the figures form, the setting."""

from __future__ import annotations

import csv
import io
import re
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from archive import Catalogue, users
from pipeline.build import build
from pipeline.plumbing import config

from .conftest import make_bilan_archive

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
DOCS = Path(__file__).resolve().parents[2] / "docs"
PASSWORD = "bob-bibliothecaire-25"


@pytest.fixture(scope="module")
def live(tmp_path_factory, media):
    from tests.web.conftest import start_server

    folder = make_bilan_archive(tmp_path_factory.mktemp("bilan-web") / "archive", media)
    with Catalogue.open(folder) as cat:
        users.add_user(cat.conn, "bob", users.BIBLIOTHECAIRE, PASSWORD)
    server = start_server(folder)
    yield server
    from pipeline.web.server import stop

    stop(server.server, server.worker)


def logged_in(browser, live, size: str):
    ctx = browser.new_context(base_url=live.url, viewport=SIZES[size], locale="fr-FR",
                              accept_downloads=True)
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("bob")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Enregistrements")).to_be_visible()
    return page


def serious(page) -> list[str]:
    return [f"{v['id']}: {v['help']}" for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", list(SIZES))
def test_web_bilan_page_is_accessible_and_says_the_total(browser, live, size):
    page = logged_in(browser, live, size)
    if size == "desktop":
        page.get_by_role("link", name="Bilan", exact=True).click()
    else:
        page.goto("/bilan")
    expect(page.get_by_role("heading", name="Bilan", exact=True)).to_be_visible()
    lead = page.locator(".bilan-lead").inner_text().replace("\u00a0", " ")
    assert "plus de 2 300 personnes impliquées" in lead
    # each chart is an image with a text alternative, and its numbers are in a table
    assert page.locator("figure.chart img").count() == 2
    table = page.get_by_role("table", name="Personnes impliquées par résidence (chiffres du "
                                            "graphique)")
    row = table.get_by_role("row", name=re.compile("Qu\\(art\\)iers à Feignies"))
    assert row.inner_text().replace("\u00a0", " ").split("\t")[1:] == ["420", "350", "0", "770"]
    assert serious(page) == [] and fits(page)
    page.get_by_label("Année", exact=True).select_option("2025")
    page.get_by_label("Résidence", exact=True).select_option("quartiers-feignies")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(r"annee=2025&residence=quartiers-feignies"))
    assert "plus de 700 personnes impliquées" in \
        page.locator(".bilan-lead").inner_text().replace("\u00a0", " ")
    assert serious(page) == [] and fits(page)
    if size == "desktop":
        DOCS.mkdir(exist_ok=True)
        page.goto("/bilan?annee=2025")
        page.screenshot(path=str(DOCS / "web-bilan.png"), full_page=False)
    page.context.close()


def test_web_downloads_read_back(browser, live, tmp_path):
    page = logged_in(browser, live, "desktop")
    page.goto("/bilan?annee=2025")
    with page.expect_download() as got:
        page.get_by_role("link", name="tableau CSV").click()
    assert got.value.suggested_filename == "bilan-2025.csv"
    text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {(r["residence"], r["code"]): int(r["valeur"]) for r in rows
            if r["rubrique"] == "people"}[("total", "people")] == 2368
    with page.expect_download() as got:
        page.get_by_role("link", name=re.compile("classeur ODS")).click()
    ods = tmp_path / got.value.suggested_filename
    got.value.save_as(ods)
    book = CalamineWorkbook.from_path(str(ods))
    assert book.sheet_names[0] == "Total" and len(book.sheet_names) == 6
    page.context.close()


def test_web_figures_form_refuses_and_stores(browser, live):
    page = logged_in(browser, live, "phone")
    page.goto("/residences/panoplie/modifier")
    assert serious(page) == [] and fits(page)
    expect(page.get_by_label("Professionnels")).to_have_value("180")
    page.get_by_label("Bénévoles").fill("12,5")
    page.get_by_label("Structures").fill("21")
    page.get_by_role("button", name="Enregistrer").click()
    error = page.locator('[data-error-for="figure-benevoles"]')
    expect(error).to_be_visible()
    assert "12,5" in error.inner_text()
    with Catalogue.open(live.folder) as cat:
        assert cat.residence("panoplie").figure_map() == {"professionnels": 180,
                                                          "structures": 20}
    page.get_by_label("Bénévoles").fill("12")
    page.get_by_label("Professionnels").fill("")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Résidences")).to_be_visible()
    with Catalogue.open(live.folder) as cat:
        assert cat.residence("panoplie").figure_map() == {"structures": 21, "benevoles": 12}
        cat.edit_residence("panoplie", figures={"professionnels": 180, "structures": 20,
                                                "benevoles": None})
    page.context.close()


def test_the_bilan_needs_a_session(live):
    import urllib.request

    for path in ("/bilan", "/bilan.csv", "/bilan.ods"):
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as caught:
            opener.open(live.url + path)
        assert caught.value.code in (302, 303, 401)
        assert "connexion" in caught.value.headers.get("Location", "/connexion")


class NoRedirect(__import__("urllib.request").request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# -- the public site ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def public_site(tmp_path_factory, media):
    from pipeline.services.serve import make_server

    folder = make_bilan_archive(tmp_path_factory.mktemp("bilan-site") / "archive", media,
                                public_bilan=True)
    with Catalogue.open(folder) as cat:
        report = build(cat, config.load(folder), folder / "site")
    assert not report.failed
    server = make_server(folder / "site", port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_public_bilan_counts_only_public_episodes_and_names_no_one(public_site):
    folder, _ = public_site
    html = (folder / "site" / "bilan" / "index.html").read_text(encoding="utf-8")
    # Feignies and Ferrière have public episodes; the draft and the withdrawn one add nothing
    assert "plus de 1 400 personnes impliquées" in html.replace("\u00a0", " ")  # 770 + 650
    assert "Le conte du quartier" not in html and "Le retiré" not in html
    assert 'href="../residences/quartiers-feignies/index.html"' in html
    assert (folder / "site" / "bilan" / "personnes.svg").read_bytes().startswith(b"<?xml")
    sitemap = (folder / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://podcasts.example.org/bilan/" in sitemap
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="bilan/index.html">Bilan</a>' in home


def test_public_bilan_rebuild_with_nothing_changed_writes_nothing(public_site):
    folder, _ = public_site
    with Catalogue.open(folder) as cat:
        report = build(cat, config.load(folder), folder / "site")
    assert report.written == []


@pytest.mark.parametrize("size", list(SIZES))
def test_public_bilan_page_is_accessible(browser, public_site, size):
    folder, base = public_site
    ctx = browser.new_context(viewport=SIZES[size], locale="fr-FR")
    page = ctx.new_page()
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(base + "/bilan/", wait_until="load")
    expect(page.get_by_role("heading", name="Bilan des résidences")).to_be_visible()
    assert page.locator("figure.chart img").evaluate_all(
        "imgs => imgs.every(i => i.complete && i.naturalWidth > 0)")
    assert serious(page) == [] and fits(page) and failed == []
    if size == "desktop":
        page.screenshot(path=str(DOCS / "site-bilan.png"), full_page=False)
    ctx.close()


def test_no_public_bilan_unless_the_setting_says_so(tmp_path, media):
    folder = make_bilan_archive(tmp_path / "archive", media)
    assert config.load(folder).public_bilan is False
    with Catalogue.open(folder) as cat:
        build(cat, config.load(folder), folder / "site")
    assert not (folder / "site" / "bilan").exists()
    assert "bilan" not in (folder / "site" / "index.html").read_text(encoding="utf-8").lower()
