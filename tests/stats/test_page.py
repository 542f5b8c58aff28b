"""The *Écoutes* page through the real server (waitress) in Chromium: figures, a chart
per series, French, no serious axe-core violation, and no listener data."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from archive import Catalogue, users
from pipeline.services.stats import import_logs
from tests.web.conftest import PASSWORDS, start_server

from .conftest import write
from .test_import import combined_log


@pytest.fixture
def live(archive_copy, tmp_path):
    with Catalogue.open(archive_copy) as cat:
        users.add_user(cat.conn, "bob", users.BIBLIOTHECAIRE, PASSWORDS["bob"])
        import_logs(cat, [write(tmp_path / "access.log", combined_log(cat))])
    server = start_server(archive_copy)
    yield server
    from pipeline.web.server import stop

    stop(server.server, server.worker)


def _serious(page) -> list[str]:
    return [f"{v['id']}: {v['help']}" for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_ecoutes_page_shows_figures_and_charts_and_passes_axe(browser, live):
    ctx = browser.new_context(base_url=live.url)
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    page.goto("/ecoutes")
    page.get_by_label("Identifiant").fill("bob")
    page.get_by_label("Mot de passe").fill(PASSWORDS["bob"])
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Écoutes", exact=True)).to_be_visible()
    # The table by series (the default), and one chart per series with its own table.
    expect(page.get_by_role("cell", name="Les bibliothèques racontent")).to_be_visible()
    expect(page.locator("caption").first).to_have_text("5 téléchargement(s) au total")
    chart = page.get_by_role("img", name="Téléchargements par mois : Les bibliothèques racontent")
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() == 1
    expect(page.get_by_role("cell", name="nov. 2025")).to_be_visible()
    assert _serious(page) == []
    # By app, for a period; a period that ends before it starts is refused in French.
    page.get_by_label("Regrouper par").select_option("app")
    page.get_by_label("Du").fill("2025-11-04")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("caption").first).to_have_text(
        "2 téléchargement(s) au total sur la période choisie")
    expect(page.get_by_role("cell", name="Apple Podcasts")).to_be_visible()
    page.get_by_label("Au").fill("2025-11-01")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("#au-erreur")).to_be_visible()
    assert _serious(page) == []
    html = page.content()
    assert "203.0.113.5" not in html and "CFNetwork" not in html
    ctx.close()
