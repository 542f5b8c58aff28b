"""The site in a real browser (Debian's Chromium) served by `clea serve`.

One browser for the module; each page is opened at desktop and phone sizes
with no console error, no failed request, no sideways scroll and no serious
or critical axe-core violation. Media must load through byte ranges.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from site_maker import sample

from pipeline.build.renditions import Chapter
from pipeline.build.site import list_context, write_site
from pipeline.build.site.context import Site
from pipeline.build.site.pages import plan
from pipeline.build.site.render import TEMPLATES
from pipeline.plumbing import urls
from pipeline.services.serve import make_server

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 667}}
PAGES = ["/", "/residences/lire-en-sambre/", "/series/contes/", "/episodes/bavay/",
         "/episodes/fake-news/", "/episodes/portrait/", "/episodes/bavay/embed.html",
         "/episodes/fake-news/embed.html", "/episodes/portrait/embed.html", "/parcourir/",
         "/parcourir/themes/", "/parcourir/publics/cycle-3/", "/parcourir/publics/cycle-3/2/",
         "/parcourir/themes/information/",
         "/recherche/", "/page-absente/", "/series/exposition/", "/episodes/vernissage/",
         "/episodes/livret/"]
MISSING = "/page-absente/"  # answered with the site's 404 page
DOCS = Path(__file__).resolve().parents[2] / "docs"
# axe-core leaves WCAG 2.2's target size (2.5.8) off by default: we want it.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


@pytest.fixture(scope="module")
def site(tmp_path_factory, media):
    """The sample, plus a portrait (9:16) video and two episodes for the search ranking."""
    maker = sample(tmp_path_factory.mktemp("browser") / "site", media)
    maker.item("pastilles", "Un portrait filmé au téléphone", slug="portrait",
               audiences=("lycee",), frame=(180, 320), themes=("information",),
               transcript="Une habitante se présente face à la caméra.")
    maker.item("contes", "Gargantua à Bavay", slug="gargantua",
               description="Un conte de Rabelais raconté aux enfants.",
               transcript="Il était une fois un géant très gourmand. "
               + "Il mangeait, il buvait, il chantait toute la journée avec ses amis. " * 30)
    maker.item("contes", "Musiques de la médiathèque", slug="generique",
               description="Les musiques de la série.", transcript="Une musique joue.",
               chapters=(Chapter(0.0, "Générique"), Chapter(0.5, "Générique de la médiathèque"),
                         Chapter(1.0, "Générique de fin")))
    productions(maker, tmp_path_factory.mktemp("productions"))
    data = maker.data()
    kept = list_context.BROWSE_PAGE_SIZE
    list_context.BROWSE_PAGE_SIZE = 3  # so that a browse list has pages, and axe sees them
    try:
        write_site(data, maker.out)
        css = (maker.out / urls.static("clea.css")).read_text(encoding="utf-8")
        templates = {"/" + urls.file_of(p.path).removesuffix("index.html"): p.template
                     for p in plan(Site(data), "", css)}
    finally:
        list_context.BROWSE_PAGE_SIZE = kept
    server = make_server(maker.out, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    templates[MISSING] = "404.html"
    yield maker.out, f"http://127.0.0.1:{server.server_address[1]}", templates
    server.shutdown()
    server.server_close()


def productions(maker, folder: Path) -> None:
    """An exhibition of three photos (one portrait) and a booklet, made here and now."""
    from fpdf import FPDF
    from PIL import ImageDraw

    maker.add_series("exposition", "Exposition à Ferrière-la-Grande", medium="image",
                     residence="lire-en-sambre")
    maker.add_series("livrets", "Livrets", medium="document", residence="lire-en-sambre")
    shots = [("vernissage", "Le vernissage", (1600, 1000), (40, 90, 160),
              "Des visiteurs regardent des portraits accrochés au mur de la salle des fêtes"),
             ("funambule", "L'affiche du spectacle", (900, 1300), (170, 60, 40),
              "Affiche : un funambule traverse la place du village sur un fil"),
             ("atelier", "L'atelier photo", (1200, 900), (60, 130, 70),
              "Deux adultes règlent un appareil photo sur un pied")]
    for slug, title, size, colour, alt in shots:
        im = Image.new("RGB", size, colour)
        draw = ImageDraw.Draw(im)
        draw.ellipse((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4),
                     fill=(240, 220, 180))
        im.save(folder / f"{slug}.jpg", quality=85)
        maker.production("exposition", title, slug=slug, source=folder / f"{slug}.jpg",
                         kind="exposition", alt=alt, description=f"{title}, en mars 2025.")
    pdf = FPDF()
    pdf.set_font("helvetica", size=16)
    for n in range(2):
        pdf.add_page()
        pdf.multi_cell(0, 10, f"Page {n + 1}. Portraits du chantier d'insertion : "
                       "le zygomatique du menuisier, le sourire de la couturière.")
    pdf.output(str(folder / "livret.pdf"))
    maker.production("livrets", "Portraits du chantier d'insertion", slug="livret",
                     source=folder / "livret.pdf", kind="livret",
                     description="Un livret de portraits écrits et photographiés.",
                     text="Portraits du chantier d'insertion : le zygomatique du menuisier.")


def page_templates() -> set[str]:
    """Every template that is a page: all of them but those others extend, import or include."""
    every = {p.name: p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.html")}
    used = {name for text in every.values()
            for name in re.findall(r'{%-?\s*(?:extends|from|import|include)\s+"([^"]+)"', text)}
    return set(every) - used


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


# Templates whose pages need a site of their own, checked with axe at both widths there.
CHECKED_ELSEWHERE = {
    "bilan.html": "tests/bilan/test_pages.py::test_public_bilan_page_is_accessible",
}


def test_every_page_template_is_visited(site):
    """The accessibility run below covers one page of each template (or the test
    named in CHECKED_ELSEWHERE does), or fails here."""
    _, _, templates = site
    visited = {templates[path] for path in PAGES}
    assert page_templates() == visited | set(CHECKED_ELSEWHERE)
    assert not visited & set(CHECKED_ELSEWHERE)
    assert {"home.html", "item.html", "embed.html", "facet.html", "404.html"} <= visited


@pytest.mark.parametrize("size", list(SIZES))
def test_pages_are_clean_accessible_and_fit_a_phone(site, watched, size):
    _, base, _ = site
    w = watched(size)
    axe = Axe()
    problems = {}
    for path in PAGES:
        response = w.page.goto(base + path, wait_until="load")
        if path == MISSING:
            assert response.status == 404 and w.page.title().startswith("Page introuvable")
            w.failed.remove(f"{base}{path} 404")  # expected, and the console says so too
            w.errors.remove("Failed to load resource: the server responded with a status of 404 "
                            "(Not Found)")
        if path == "/recherche/":
            w.page.wait_for_selector("#recherche[data-ready]")
        fits = w.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        serious = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
                   for v in axe.run(w.page, options=AXE_OPTIONS).response["violations"]
                   if v["impact"] in ("serious", "critical")]
        if not fits or serious:
            problems[path] = {"fits": fits, "axe": serious}
    assert problems == {}
    assert w.errors == [] and w.failed == []


def _inside(box: dict, width: int, height: int) -> bool:
    return (box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width + 0.5
            and box["y"] + box["height"] <= height + 0.5)


@pytest.mark.parametrize("size", list(SIZES))
def test_videos_of_any_shape_fit_the_window_with_their_controls(site, watched, size):
    """A portrait (9:16) video once drew 928 × 1650 px on a desktop, its controls two screens down."""
    _, base, _ = site
    w = watched(size)
    viewport = SIZES[size]
    for slug in ("portrait", "fake-news"):
        w.page.goto(f"{base}/episodes/{slug}/")
        w.page.wait_for_function("document.getElementById('lecteur').readyState >= 1")
        w.page.locator("#lecteur").scroll_into_view_if_needed()
        box = w.page.locator("#lecteur").bounding_box()
        assert _inside(box, viewport["width"], viewport["height"]), (slug, box)
        assert box["width"] > 0.9 * box["height"] * {"portrait": 180 / 320,
                                                     "fake-news": 320 / 240}[slug]
    assert w.errors == [] and w.failed == []


@pytest.mark.parametrize("size", list(SIZES))
def test_the_embed_snippet_takes_the_video_s_shape_and_shows_its_controls(site, watched, size):
    """The teacher's iframe: the video's own aspect ratio, its player inside the frame."""
    _, base, _ = site
    w = watched(size)
    for slug, ratio in (("portrait", 180 / 320), ("fake-news", 320 / 240)):
        w.page.goto(f"{base}/episodes/{slug}/")
        snippet = w.page.input_value("#code-integration")
        width, height = (int(x) for x in re.search(r'width="(\d+)" height="(\d+)"', snippet).groups())
        assert max(width, height - 80) == 640
        assert abs(width / (height - 80) - ratio) < 0.01  # the player's part has the video's shape
        local = re.sub(r'src="https://[^"]+/episodes/', f'src="{base}/episodes/', snippet)
        w.page.goto(f"{base}/")  # a blog page of the same size, holding the snippet
        w.page.evaluate("html => { document.body.innerHTML = html; }", f"<p>Notre blog</p>{local}")
        frame_box = w.page.locator("iframe").bounding_box()
        assert frame_box["width"] <= SIZES[size]["width"]
        frame = w.page.frame_locator("iframe")
        video = frame.locator("video")
        video.wait_for()
        w.page.wait_for_function(
            "document.querySelector('iframe').contentDocument.querySelector('video').readyState >= 1")
        inner = video.bounding_box()  # in the page's coordinates
        assert frame_box["x"] - 0.5 <= inner["x"] and frame_box["y"] - 0.5 <= inner["y"]
        assert inner["x"] + inner["width"] <= frame_box["x"] + frame_box["width"] + 0.5
        assert inner["y"] + inner["height"] <= frame_box["y"] + frame_box["height"] + 0.5, (
            slug, frame_box, inner)
    assert w.errors == [] and w.failed == []


def test_the_header_search_box_shows_its_whole_placeholder(site, watched):
    _, base, _ = site
    w = watched("desktop")
    w.page.goto(base + "/")
    fits = w.page.evaluate("""() => {
        const box = document.getElementById('q-rapide');
        box.value = box.placeholder;  // the placeholder's text, in the same font
        return [box.scrollWidth, box.clientWidth];
    }""")
    assert fits[0] <= fits[1], fits


def test_search_ranks_what_matched_first_and_marks_it(site, watched):
    """« géant » (stemmed « gé ») also finds « Générique » in chapters: those rank last."""
    _, base, _ = site
    w = watched()
    w.page.goto(base + "/recherche/?q=géant")
    w.page.wait_for_function("document.querySelectorAll('#resultats li').length >= 3")
    links = w.page.locator("#resultats li h2 a")
    hrefs = [re.sub(r"\?.*", "", h) for h in links.evaluate_all("as => as.map(a => a.href)")]
    assert hrefs[-1].endswith("/episodes/generique/")
    assert {h.rsplit("/", 2)[1] for h in hrefs[:2]} == {"bavay", "gargantua"}
    for item in w.page.locator("#resultats li").all()[:2]:
        marks = [m.lower() for m in item.locator("mark").all_text_contents()]
        assert marks and all(m.strip(".,") == "géant" for m in marks), marks
    assert w.errors == [] and w.failed == []


def test_audio_and_video_load_through_byte_ranges(site, watched):
    _, base, _ = site
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
    _, base, _ = site
    w = watched()
    w.page.goto(base + "/episodes/bavay/")
    w.page.wait_for_function("document.getElementById('lecteur').readyState >= 1")
    w.page.get_by_role("link", name="La suite").click()
    w.page.wait_for_function("document.getElementById('lecteur').currentTime >= 0.9")
    assert w.page.url == base + "/episodes/bavay/"  # the script seeks; nothing navigates


def test_copy_buttons_copy_the_permanent_link(site, watched):
    _, base, _ = site
    w = watched()
    w.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    w.page.goto(base + "/episodes/bavay/")
    w.page.get_by_role("button", name="Copier le lien").click()
    w.page.wait_for_function("document.getElementById('annonce').textContent.length > 0")
    copied = w.page.evaluate("navigator.clipboard.readText()")
    assert copied == w.page.input_value("#lien-permanent")
    assert copied.endswith("/episodes/bavay/") and copied.startswith("https://")


def test_search_finds_an_episode_by_a_word_of_its_transcript(site, watched):
    _, base, _ = site
    w = watched()
    w.page.goto(base + "/")
    w.page.fill("#q-rapide", "grimoire")
    w.page.press("#q-rapide", "Enter")
    first = w.page.locator("#resultats li a").first
    first.wait_for()
    assert first.text_content() == "La légende du géant de Bavay"
    first.click()
    w.page.wait_for_url(base + "/episodes/bavay/?surligner=grimoire")
    # the episode page marks the words searched for, with Pagefind's highlighter
    w.page.locator("main mark").first.wait_for()
    assert w.page.locator("main mark").all_text_contents() == ["grimoire"]
    assert w.errors == [] and w.failed == []


def test_search_filters_by_audience(site, watched):
    _, base, _ = site
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
    _, base, _ = site
    w = watched()
    w.page.goto(base + "/episodes/bavay/")
    w.page.keyboard.press("Tab")
    assert w.page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    outline = w.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_pages_work_opened_from_a_folder(site, watched, tmp_path):
    out, _, _ = site
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
    _, base, _ = site
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
    _, base, _ = site
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


@pytest.mark.parametrize("size", list(SIZES))
def test_the_gallery_viewer_works_with_the_keyboard_and_a_finger(site, watched, size):
    _, base, _ = site
    w = watched(size)
    w.page.goto(base + "/series/exposition/")
    first = w.page.locator("[data-viewer]").first
    first.focus()
    w.page.keyboard.press("Enter")
    dialog = w.page.locator("dialog[open]")
    dialog.wait_for()
    assert dialog.locator("img").get_attribute("alt").startswith("Des visiteurs")
    assert "Photo 1 sur 3" in dialog.text_content()
    w.page.keyboard.press("ArrowRight")
    assert dialog.locator("img").get_attribute("alt").startswith("Affiche : un funambule")
    w.page.keyboard.press("ArrowLeft")
    w.page.keyboard.press("ArrowLeft")
    assert "Photo 3 sur 3" in dialog.text_content()
    # loaded, and fits the window with its buttons
    w.page.wait_for_function("document.querySelector('dialog[open] img').complete"
                             " && document.querySelector('dialog[open] img').naturalWidth > 0")
    box = dialog.bounding_box()
    assert _inside(box, SIZES[size]["width"], SIZES[size]["height"])
    w.page.keyboard.press("Escape")
    assert w.page.locator("dialog[open]").count() == 0
    assert w.page.evaluate("document.activeElement.getAttribute('data-viewer')") is not None
    # a swipe to the left shows the next photo
    first.click()
    dialog.wait_for()
    w.page.evaluate("""() => {
      const d = document.querySelector('dialog[open]');
      const touch = x => new Touch({identifier: 1, target: d, clientX: x, clientY: 200});
      d.dispatchEvent(new TouchEvent('touchstart', {changedTouches: [touch(300)], bubbles: true}));
      d.dispatchEvent(new TouchEvent('touchend', {changedTouches: [touch(100)], bubbles: true}));
    }""")
    assert "Photo 2 sur 3" in dialog.text_content()
    assert w.errors == [] and w.failed == []


def test_a_photo_page_links_its_neighbours_and_serves_webp_with_a_jpeg_fallback(site, watched):
    _, base, _ = site
    w = watched("phone")
    w.page.goto(base + "/episodes/vernissage/")
    img = w.page.locator("figure.photo-figure img")
    assert img.get_attribute("alt").startswith("Des visiteurs")
    w.page.wait_for_function("document.querySelector('figure.photo-figure img').currentSrc"
                             ".endsWith('.webp')")
    assert img.get_attribute("src").endswith(".jpg")
    w.page.get_by_role("link", name="Photo suivante : L'affiche du spectacle").click()
    assert w.page.url.endswith("/episodes/funambule/index.html")
    assert w.errors == [] and w.failed == []


@pytest.mark.parametrize(("word", "title"), [
    ("zygomatique", "Portraits du chantier d'insertion"),  # a word of the PDF only
    ("funambule", "L'affiche du spectacle"),  # a word of the alternative text only
])
def test_search_finds_a_document_by_its_text_and_a_photo_by_its_alternative_text(
        site, watched, word, title):
    _, base, _ = site
    w = watched()
    w.page.goto(base + "/")
    w.page.fill("#q-rapide", word)
    w.page.press("#q-rapide", "Enter")
    first = w.page.locator("#resultats li a").first
    first.wait_for()
    assert first.text_content() == title
    assert w.errors == [] and w.failed == []


def test_screenshots_of_a_gallery_and_a_document_page(site, watched, tmp_path):
    """Screenshots go to a temporary folder; CLEA_SCREENSHOTS=1 refreshes docs/."""
    _, base, _ = site
    folder = DOCS if os.environ.get("CLEA_SCREENSHOTS") else tmp_path
    folder.mkdir(exist_ok=True)
    for path, name in (("/series/exposition/", "site-gallery"), ("/episodes/livret/",
                                                                 "site-document")):
        w = watched()
        w.page.goto(base + path)
        w.page.wait_for_function("[...document.images].every(i => i.complete)")
        shot = folder / f"{name}.png"
        w.page.screenshot(path=str(shot))
        assert 0 < shot.stat().st_size < 400_000
