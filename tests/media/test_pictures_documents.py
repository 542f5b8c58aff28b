"""Images and documents (issue 12): refused by content, published clean, never in a feed.

Every file is made at test time: photos with Pillow (EXIF with GPS, a camera
serial, an embedded thumbnail, XMP, IPTC, an orientation), PDFs with fpdf2.
The public copies are read back byte by byte, the way someone looking for a
pupil's school would read them.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image

from archive import ClearError, Contributor, ItemFields
from media.documents import metadata
from media.images import probe_image, public_copies
from pipeline.build import build
from pipeline.plumbing import config
from pipeline.services.ingest import Recording, add_recording

SERIAL = "CAMSERIAL-7731"
SECRET_XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Ecole Jean-Mace GPS secret</x:xmpmeta>'
GPS_IFD = 0x8825


def photo(path: Path, *, size=(1200, 800), orientation: int = 1) -> Path:
    """A JPEG as a phone writes it: GPS position, serial, XMP, IPTC and a thumbnail.

    Left half red, right half blue: after rotation the red half must be on top.
    """
    im = Image.new("RGB", size, (220, 20, 20))
    im.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "PhoneModel X"
    exif[0x0112] = orientation
    exif[0x8769] = {0xA431: SERIAL}  # BodySerialNumber, in the Exif IFD
    exif[GPS_IFD] = {1: "N", 2: (50.0, 16.0, 30.0), 3: "E", 4: (3.0, 55.0, 12.0)}
    thumb = io.BytesIO()
    im.resize((160, 106)).save(thumb, "JPEG")
    raw = exif.tobytes()
    im.save(path, "JPEG", exif=raw, xmp=SECRET_XMP, quality=90)
    data = path.read_bytes()
    # An IPTC block (APP13, Photoshop 3.0) with a caption naming a place, and a
    # thumbnail of the whole picture in a second Exif APP1, before the image data.
    iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + struct.pack(">I", 24) + \
        b"\x1c\x02\x78\x00\x12Ecole Jean-Mace 59" + b"\x00" * 3
    app13 = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    thumb_app = b"Exif\x00\x00" + thumb.getvalue()
    app1 = b"\xff\xe1" + struct.pack(">H", len(thumb_app) + 2) + thumb_app
    at = data.index(b"\xff\xdb")  # the first quantisation table: the APP segments end here
    path.write_bytes(data[:at] + app13 + app1 + data[at:])
    return path


def booklet(path: Path, text: str = "Portraits du chantier d'insertion. Le menuisier "
            "raconte son parcours.", *, pages: int = 3) -> Path:
    pdf = FPDF()
    pdf.set_author("Jeanne Secretaire")
    pdf.set_creator("Logiciel Interne 4.2")
    pdf.set_producer("Imprimerie Confidentielle")
    pdf.set_keywords("interne, brouillon, confidentiel")
    pdf.set_title("Livret interne")
    pdf.set_font("helvetica", size=14)
    for n in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 10, f"Page {n + 1}. {text}")
    pdf.output(str(path))
    return path


def public_files(out: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in (out / "media").iterdir() if p.suffix in suffixes)


@pytest.fixture
def pictures(archive):
    cat = archive.catalogue
    cat.add_series("retour-en-images", "Retour en images", medium="image",
                   residence="lire-en-sambre")
    cat.add_series("livrets", "Livrets", medium="document", residence="lire-en-sambre")
    return archive


def add(cat, file: Path, series: str, title: str, **fields):
    cleared = fields.pop("cleared", True)
    return add_recording(cat, Recording(file, series, ItemFields(title=title, **fields),
                                        cleared=cleared), role="responsable")


def build_site(archive, tmp_path) -> tuple[Path, object]:
    settings = config.load(archive.folder)
    out = tmp_path / "site"
    return out, build(archive.catalogue, settings, out)


# -- refusals ---------------------------------------------------------------------------


def _refused(cat, file: Path, series: str, code: str) -> None:
    before = sorted(p.name for p in cat.store.root.rglob("*") if p.is_file())
    with pytest.raises(ClearError) as caught:
        add(cat, file, series, "Refusé", alt="Un texte", kind="photo")
    assert caught.value.code == code, caught.value.line()
    assert str(file.name) in caught.value.line() and "\n" not in caught.value.line()
    assert sorted(p.name for p in cat.store.root.rglob("*") if p.is_file()) == before
    assert cat.items() == []


def test_what_is_not_a_whole_picture_or_pdf_is_refused_and_nothing_is_stored(pictures,
                                                                             tmp_path):
    cat = pictures.catalogue
    text = tmp_path / "photo.jpg"
    text.write_text("Ceci n'est pas une photo.\n", encoding="utf-8")
    _refused(cat, text, "retour-en-images", "image.unreadable")
    cut = tmp_path / "coupee.jpg"
    cut.write_bytes(photo(tmp_path / "whole.jpg").read_bytes()[:6000])
    _refused(cat, cut, "retour-en-images", "image.damaged")
    pdf_as_photo = tmp_path / "livret.jpg"
    pdf_as_photo.write_bytes(booklet(tmp_path / "b.pdf").read_bytes())
    _refused(cat, pdf_as_photo, "retour-en-images", "image.is-pdf")

    not_pdf = tmp_path / "livret.pdf"
    not_pdf.write_bytes(b"%PD? nothing here\n")
    _refused(cat, not_pdf, "livrets", "document.not-pdf")
    truncated = tmp_path / "tronque.pdf"
    truncated.write_bytes(booklet(tmp_path / "c.pdf").read_bytes()[:900])
    _refused(cat, truncated, "livrets", "document.truncated")
    locked = FPDF()
    locked.add_page()
    locked.set_font("helvetica")
    locked.cell(text="secret")
    locked.set_encryption(owner_password="proprio", user_password="eleve")
    locked.output(str(tmp_path / "protege.pdf"))
    _refused(cat, tmp_path / "protege.pdf", "livrets", "document.encrypted")
    owner_only = FPDF()
    owner_only.add_page()
    owner_only.set_font("helvetica")
    owner_only.cell(text="impression interdite")
    owner_only.set_encryption(owner_password="proprio")
    owner_only.output(str(tmp_path / "chiffre.pdf"))
    _refused(cat, tmp_path / "chiffre.pdf", "livrets", "document.encrypted")
    empty = pdfium.PdfDocument.new()
    empty.save(str(tmp_path / "vide.pdf"))
    _refused(cat, tmp_path / "vide.pdf", "livrets", "document.no-pages")
    broken = tmp_path / "casse.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage " * 200 + b"\n%%EOF\n")
    _refused(cat, broken, "livrets", "document.damaged")


def test_a_picture_goes_only_into_an_image_series(pictures, tmp_path):
    with pytest.raises(ClearError) as caught:
        add(pictures.catalogue, photo(tmp_path / "p.jpg"), "contes", "Photo", alt="x")
    assert caught.value.code in ("media.not-media.picture", "item.wrong-medium")


def test_an_image_is_cleared_only_with_its_alternative_text(pictures, tmp_path):
    cat = pictures.catalogue
    with pytest.raises(ClearError) as caught:
        add(cat, photo(tmp_path / "p.jpg"), "retour-en-images", "Atelier", kind="photo")
    assert caught.value.code == "item.alt-missing" and caught.value.field == "alt"
    item = add(cat, photo(tmp_path / "p.jpg"), "retour-en-images", "Atelier", kind="photo",
               cleared=False)
    with pytest.raises(ClearError) as caught:
        cat.set_status(item.slug, "cleared", role="responsable")
    assert caught.value.code == "item.alt-missing"
    cat.edit_item(item.slug, {"alt": "Des enfants peignent une fresque"}, role="responsable")
    assert cat.set_status(item.slug, "cleared", role="responsable").status == "cleared"
    with pytest.raises(ClearError):  # a public image does not lose its text alternative
        cat.edit_item(item.slug, {"alt": ""}, role="responsable")


def test_the_cli_takes_alt_and_a_minor_s_name_in_it_is_refused(pictures, tmp_path):
    file = photo(tmp_path / "p.jpg")
    result = pictures.clea("add", str(file), "--series", "retour-en-images", "--title",
                           "Atelier", "--kind", "photo", "--alt", "Zoé peint une fresque",
                           "--contributor", "Zoé Martin:modèle:minor", "--group", "élèves")
    assert result.exit_code == 1 and "names a minor" in result.output
    result = pictures.clea("add", str(file), "--series", "retour-en-images", "--title",
                           "Atelier", "--kind", "photo", "--alt", "Une élève peint une fresque",
                           "--description", "La fresque du préau.", "--cleared")
    assert result.exit_code == 0, result.output
    item = pictures.catalogue.item(result.output.strip())
    assert item.alt == "Une élève peint une fresque" and item.original.medium == "image"
    assert item.original.sha256 and item.original.width == 1200


# -- public copies ------------------------------------------------------------------------


def test_public_images_carry_no_metadata_whatever_the_original_held(pictures, tmp_path):
    cat = pictures.catalogue
    original = photo(tmp_path / "sortie.jpg", orientation=6)
    raw = original.read_bytes()
    assert SERIAL.encode() in raw and b"Ecole Jean-Mace" in raw and b"xmpmeta" in raw
    item = add(cat, original, "retour-en-images", "Sortie", kind="photo",
               alt="Un car devant l'école", description="Le départ en sortie.")
    out, report = build_site(pictures, tmp_path)
    assert report.failed == {}
    stored = cat.original_path(item.original.sha256).read_bytes()
    assert stored == raw  # the original stays byte for byte
    copies = public_files(out, (".jpg", ".webp"))
    assert {p.suffix for p in copies} == {".jpg", ".webp"} and len(copies) >= 4
    for path in copies:
        data = path.read_bytes()
        for marker in (SERIAL.encode(), b"Ecole Jean-Mace", b"xmpmeta", b"PhoneMaker",
                       b"Exif\x00\x00", b"Photoshop 3.0", b"8BIM", b"ICC_PROFILE", b"XMP",
                       b"GPS"):
            assert marker not in data, (path.name, marker)
        with Image.open(path) as im:
            assert im.getexif() == {} and GPS_IFD not in im.getexif()
            assert not {"exif", "xmp", "icc_profile", "photoshop", "XML:com.adobe.xmp"} \
                & set(im.info)
            assert im.mode == "RGB"
            # rotated phone photo: upright, the red (left) half is now on top
            assert im.height > im.width
            top = im.getpixel((im.width // 2, im.height // 8))
            bottom = im.getpixel((im.width // 2, im.height * 7 // 8))
            assert top[0] > 150 and top[2] < 100 and bottom[2] > 150 and bottom[0] < 100


def test_colours_in_another_profile_are_converted_to_srgb(tmp_path):
    from PIL import ImageCms

    im = Image.new("RGB", (64, 64), (200, 100, 50))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    # a CMYK poster from a print shop, with its profile
    cmyk = im.convert("CMYK")
    cmyk.save(tmp_path / "affiche.jpg", "JPEG", icc_profile=srgb.tobytes())
    probe = probe_image(tmp_path / "affiche.jpg")
    assert probe.format == "jpeg"
    copies = public_copies(tmp_path / "affiche.jpg", subject="affiche.jpg", widths=(64,))
    for c in copies:
        with Image.open(io.BytesIO(c.data)) as out:
            assert out.mode == "RGB" and "icc_profile" not in out.info


def test_a_pdf_gets_a_thumbnail_its_text_and_a_copy_without_its_metadata(pictures, tmp_path):
    cat = pictures.catalogue
    source = booklet(tmp_path / "livret.pdf")
    assert metadata(source, subject="livret")["Author"] == "Jeanne Secretaire"
    item = add(cat, source, "livrets", "Portraits du chantier d'insertion", kind="livret",
               description="Un livret de portraits.")
    assert item.original.pages == 3
    out, report = build_site(pictures, tmp_path)
    assert report.failed == {} and report.held_back == []
    public = out / "media" / f"{item.slug}.pdf"
    data = public.read_bytes()
    for secret in (b"Jeanne", b"Secretaire", b"Logiciel Interne", b"Confidentielle",
                   b"confidentiel", b"Livret interne", b"xmpmeta"):
        assert secret not in data
    info = metadata(public, subject="copy")
    assert not {"Author", "Keywords", "Title", "Subject"} & set(info)
    assert info.get("Producer", "PDFium") == "PDFium"
    assert len(pdfium.PdfDocument(str(public))) == 3
    thumbs = sorted((out / "media").glob(f"{item.slug}.page1.w*.jpg"))
    assert thumbs
    with Image.open(thumbs[-1]) as im:
        assert im.height > im.width  # an A4 page, portrait
    page = (out / "episodes" / item.slug / "index.html").read_text(encoding="utf-8")
    assert "menuisier raconte son parcours" in " ".join(page.split())
    assert "3 pages" in page and "Télécharger le document (PDF)" in page
    assert '"@type":"DigitalDocument"' in page and '"numberOfPages":3' in page


def test_a_document_naming_a_minor_of_the_catalogue_is_held_back(pictures, tmp_path, media):
    cat = pictures.catalogue
    # The minor is credited on a recording, not on the booklet.
    add_recording(cat, Recording(media.tone(1.5), "contes", ItemFields(
        title="Conte de la classe", contributors=(Contributor("Lola Monset", "autrice"),
                                                  Contributor("Kylian Dubreucq", "voix", True)),
        group="élèves de CM1")))
    doc = add(cat, booklet(tmp_path / "livret.pdf", "Merci à Kylian pour ses dessins."),
              "livrets", "Livret de la classe", kind="livret")
    clean = add(cat, booklet(tmp_path / "autre.pdf", "Merci à la classe."), "livrets",
                "Autre livret", kind="livret")
    out, report = build_site(pictures, tmp_path)
    assert report.held_back == [doc.slug]
    assert not (out / "media" / f"{doc.slug}.pdf").exists()
    assert not (out / "episodes" / doc.slug).exists()
    assert (out / "media" / f"{clean.slug}.pdf").is_file()
    logged: list[str] = []
    build(cat, config.load(pictures.folder), out, log=logged.append)
    assert any(doc.slug in line and "minor" in line for line in logged)


def test_no_picture_or_document_reaches_a_feed_and_the_sitemap_lists_the_photos(pictures,
                                                                                tmp_path):
    cat = pictures.catalogue
    shot = add(cat, photo(tmp_path / "p.jpg"), "retour-en-images", "Le vernissage",
               kind="exposition", alt="Des visiteurs devant les portraits")
    doc = add(cat, booklet(tmp_path / "q.pdf"), "livrets", "Le quiz", kind="quiz")
    out, _ = build_site(pictures, tmp_path)
    feeds = list((out / "feeds").rglob("*.xml")) + [out / "feeds.opml"]
    assert feeds
    for feed in feeds:
        text = feed.read_text(encoding="utf-8")
        for leak in (shot.slug, doc.slug, "retour-en-images", "livrets", ".pdf", ".webp"):
            assert leak not in text, (feed.name, leak)
    assert not (out / "feeds" / "retour-en-images.xml").exists()
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert re.search(rf"episodes/{shot.slug}/</loc>.*?<image:loc>[^<]+{shot.slug}\.w\d+\.jpg",
                     sitemap)
    gallery = (out / "series" / "retour-en-images" / "index.html").read_text(encoding="utf-8")
    assert '"@type":"ImageGallery"' in gallery and '"@type":"ImageObject"' in gallery
    assert 'alt="Des visiteurs devant les portraits"' in gallery
    residence = (out / "residences" / "lire-en-sambre" / "index.html").read_text(
        encoding="utf-8")
    assert "Exposition (1)" in residence and "Quiz (1)" in residence
