"""The site in a real browser (Debian's Chromium) served by `clea serve`.

One browser for the module; each page is opened at desktop and phone sizes
with no console error, no failed request, no sideways scroll and no serious
or critical axe-core violation. Media must load through byte ranges.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
from pathlib import Path

import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from site_maker import sample

from pipeline.build.site import write_site
from pipeline.plumbing import urls
from pipeline.services.serve import make_server

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}
PAGES = ["/", "/residences/lire-en-sambre/", "/series/contes/", "/episodes/bavay/",
         "/episodes/fake-news/", "/episodes/bavay/embed.html", "/episodes/fake-news/embed.html",
         "/parcourir/", "/parcourir/publics/cycle-3/", "/recherche/"]
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def site(tmp_path_factory, media):
    maker = sample(tmp_path_factory.mktemp("browser") / "site", media)
    write_site(maker.data(), maker.out)
    server = make_server(maker.out, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield maker.out, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class Watched:
    """A page with its console errors, failed requests and media responses recorded."""

    def __init__(self, browser, size: str) -> None:
        self.context = browser.new_context(viewport=SIZES[size], locale="fr-FR")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.partial: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._answered)

    def _failed(self, request) -> None:
        # ERR_ABORTED is the browser cancelling a request itself (a click that
        # navigates away while the favicon loads): not a fault of the site.
        if request.failure == "net::ERR_ABORTED":
            return
        self.failed.append(f"{request.url} {request.failure}")

    def _answered(self, response) -> None:
        """A resource the site refers to and does not have is a failure too."""
        if response.status == 206:
            self.partial.append(response.url)
        if response.status >= 400:
            self.failed.append(f"{response.url} {response.status}")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser):
    opened: list[Watched] = []

    def open_(size: str = "desktop") -> Watched:
        opened.append(Watched(browser, size))
        return opened[-1]

    yield open_
    for w in opened:
        w.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_pages_are_clean_accessible_and_fit_a_phone(site, watched, size):
    _, base = site
    w = watched(size)
    axe = Axe()
    problems = {}
    for path in PAGES:
        w.page.goto(base + path, wait_until="load")
        if path == "/recherche/":
            w.page.wait_for_selector("#recherche[data-ready]")
        fits = w.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        serious = [f"{v['id']}: {v['help']}" for v in axe.run(w.page).response["violations"]
                   if v["impact"] in ("serious", "critical")]
        if not fits or serious:
            problems[path] = {"fits": fits, "axe": serious}
    assert problems == {}
    assert w.errors == [] and w.failed == []


def test_audio_and_video_load_through_byte_ranges(site, watched):
    _, base = site
    w = watched()
    for path, selector in (("/episodes/bavay/", "audio"), ("/episodes/fake-news/", "video"),
                           ("/episodes/fake-news/embed.html", "video")):
        w.page.goto(base + path)
        w.page.wait_for_function(f"document.querySelector('{selector}').readyState >= 1")
        w.page.wait_for_load_state("networkidle")  # leaving earlier would abort the icon
    assert any(u.endswith("/media/bavay.mp3") for u in w.partial)
    assert any(u.endswith("/media/fake-news.mp4") for u in w.partial)
    tracks = w.page.evaluate("document.querySelector('video').textTracks.length")
    assert tracks == 1
    assert w.errors == [] and w.failed == []


def test_chapters_seek_the_player(site, watched):
    _, base = site
    w = watched()
    w.page.goto(base + "/episodes/bavay/")
    w.page.wait_for_function("document.getElementById('lecteur').readyState >= 1")
    w.page.get_by_role("link", name="La suite").click()
    w.page.wait_for_function("document.getElementById('lecteur').currentTime >= 0.9")
    assert w.page.url == base + "/episodes/bavay/"  # the script seeks; nothing navigates


def test_copy_buttons_copy_the_permanent_link(site, watched):
    _, base = site
    w = watched()
    w.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    w.page.goto(base + "/episodes/bavay/")
    w.page.get_by_role("button", name="Copier le lien").click()
    w.page.wait_for_function("document.getElementById('annonce').textContent.length > 0")
    copied = w.page.evaluate("navigator.clipboard.readText()")
    assert copied == w.page.input_value("#lien-permanent")
    assert copied.endswith("/episodes/bavay/") and copied.startswith("https://")


def test_search_finds_an_episode_by_a_word_of_its_transcript(site, watched):
    _, base = site
    w = watched()
    w.page.goto(base + "/")
    w.page.fill("#q-rapide", "grimoire")
    w.page.press("#q-rapide", "Enter")
    first = w.page.locator("#resultats li a").first
    first.wait_for()
    assert first.text_content() == "La légende du géant de Bavay"
    first.click()
    w.page.wait_for_url(base + "/episodes/bavay/")
    assert w.errors == [] and w.failed == []


def test_search_filters_by_audience(site, watched):
    _, base = site
    w = watched()
    w.page.goto(base + "/recherche/")
    w.page.wait_for_selector("#recherche[data-ready]")
    value = w.page.eval_on_selector(
        "#filtre-public", "s => [...s.options].find(o => o.value.startsWith('Cycle 4')).value")
    w.page.select_option("#filtre-public", value)
    w.page.get_by_role("button", name="Rechercher", exact=True).click()
    w.page.wait_for_function("document.querySelectorAll('#resultats li').length > 0")
    titles = w.page.locator("#resultats li h2").all_text_contents()
    assert titles == ["Qu'est-ce qu'une fake news ?"]


def test_keyboard_reaches_the_content_first(site, watched):
    _, base = site
    w = watched()
    w.page.goto(base + "/episodes/bavay/")
    w.page.keyboard.press("Tab")
    assert w.page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    outline = w.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_pages_work_opened_from_a_folder(site, watched, tmp_path):
    out, _ = site
    copy = tmp_path / "cle-usb"
    shutil.copytree(out, copy)
    w = watched("phone")
    w.page.goto((copy / "index.html").as_uri())
    w.page.get_by_role("link", name="La légende du géant de Bavay").click()
    w.page.wait_for_function("document.getElementById('lecteur').readyState >= 1")
    w.page.get_by_role("link", name="Les bibliothèques racontent").first.click()
    assert w.page.url == (copy / "series/contes/index.html").as_uri()
    assert w.errors == [] and w.failed == []


def test_screenshots_of_an_episode_page(site, watched, tmp_path):
    """Screenshots go to a temporary folder; CLEA_SCREENSHOTS=1 refreshes docs/."""
    _, base = site
    folder = DOCS if os.environ.get("CLEA_SCREENSHOTS") else tmp_path
    folder.mkdir(exist_ok=True)
    for size in SIZES:
        w = watched(size)
        w.page.goto(base + "/episodes/bavay/")
        w.page.wait_for_function("document.getElementById('lecteur').readyState >= 1")
        shot = folder / f"site-item-{size}.png"
        w.page.screenshot(path=str(shot))
        assert 0 < shot.stat().st_size < 200_000


def test_the_printed_qr_code_scans_to_the_permanent_link(site, watched):
    _, base = site
    w = watched()
    w.page.goto(base + "/episodes/bavay/")
    shot = w.page.locator("figure.qr img").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert [b.text for b in found] == [w.page.input_value("#lien-permanent")]


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory, media):
    """The same sample with one page per search shard: the browser merges them."""
    from pipeline.build.site import search

    kept = search.SHARD_PAGES
    search.SHARD_PAGES = 1
    try:
        maker = sample(tmp_path_factory.mktemp("sharded") / "site", media)
        write_site(maker.data(), maker.out)
    finally:
        search.SHARD_PAGES = kept
    server = make_server(maker.out, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield maker.out, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_search_over_shards_finds_episodes_of_every_shard(sharded_site, watched):
    from pipeline.build.site import search

    out, base = sharded_site
    n = 4  # three public pages, one per shard: shard_count gives 4
    bavay, fake = (search.shard_of(f"episodes/{s}/index.html", n) for s in ("bavay", "fake-news"))
    assert bavay != fake, "the sample should put these two in different shards"
    assert (out / urls.search_shard(fake) / "pagefind-entry.json").is_file()
    w = watched()
    w.page.goto(base + "/recherche/?q=grimoire")
    first = w.page.locator("#resultats li a").first
    first.wait_for()
    assert first.text_content() == "La légende du géant de Bavay"
    # The audience filters come from both shards, and a filter finds the other shard's episode.
    w.page.goto(base + "/recherche/")
    w.page.wait_for_selector("#recherche[data-ready]")
    options = w.page.eval_on_selector(
        "#filtre-public", "s => [...s.options].slice(1).map(o => o.value)")
    assert any(o.startswith("Cycle 3") for o in options)
    cycle4 = next(o for o in options if o.startswith("Cycle 4"))
    w.page.select_option("#filtre-public", cycle4)
    w.page.get_by_role("button", name="Rechercher", exact=True).click()
    w.page.wait_for_function("document.querySelectorAll('#resultats li').length > 0")
    assert w.page.locator("#resultats li h2").all_text_contents() == [
        "Qu'est-ce qu'une fake news ?"]
    assert w.errors == [] and w.failed == []
