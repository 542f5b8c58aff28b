"""The demo's other productions: posters, a booklet, a quiz, an exhibition, a photo report.

The article lists, beside the sound and video, the portrait posters of the Lire
en Sambre librarians, the booklet « portraits du chantier d'insertion » and two
quizzes in Feignies, the exhibition in Ferrière-la-Grande and a « Retour en
images ». They are drawn with Pillow and typeset with fpdf2 here, at demo time:
no binary is committed. The photos carry what a phone writes (a GPS position,
a camera serial, an orientation), so the site shows them stripped and upright.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw

from archive import Catalogue, ItemFields, parse_contributor
from media.covers import font
from pipeline.services.ingest import Recording, add_recording

SERIES = (
    dict(slug="affiches-portraits", title="Affiches « portrait » des bibliothécaires",
         medium="image", residence="lire-en-sambre",
         description="Les bibliothécaires de Lire en Sambre posent avec le livre qui les "
         "accompagne : des affiches réalisées pendant la résidence de Lola Monset."),
    dict(slug="livrets-et-quiz", title="Livrets et quiz de Feignies", medium="document",
         residence="quartiers-feignies",
         description="Le livret « portraits du chantier d'insertion » et les quiz "
         "d'éducation aux médias de la résidence de Valérie Rohart."),
    dict(slug="exposition-ferriere", title="Exposition à Ferrière-la-Grande", medium="image",
         residence="quartiers-ferriere",
         description="L'exposition de fin de résidence de Giulia Casagrande : les tableaux "
         "photos des habitants et des élèves sur la biodiversité de leur quartier."),
    dict(slug="retour-en-images", title="Retour en images", medium="image",
         residence="quartiers-ferriere",
         description="Un reportage photo sur les ateliers de la résidence à Ferrière-la-Grande."),
)

# (slug, title, caption, alt text, colours, portrait?, kind, series, credits)
PICTURES = (
    ("affiche-mediatheque-maubeuge", "Affiche : la bibliothécaire de Maubeuge",
     "Affiche « portrait » réalisée à la médiathèque de Maubeuge.",
     "Affiche : une bibliothécaire tient un recueil de contes ouvert devant les rayonnages",
     ((196, 84, 54), (250, 230, 200)), True, "affiche", "affiches-portraits",
     ("Lola Monset:autrice",)),
    ("affiche-bibliotheque-jeumont", "Affiche : le bibliothécaire de Jeumont",
     "Affiche « portrait » réalisée à la bibliothèque de Jeumont.",
     "Affiche : un bibliothécaire sourit, un album jeunesse sous le bras",
     ((44, 96, 140), (220, 236, 250)), True, "affiche", "affiches-portraits",
     ("Lola Monset:autrice",)),
    ("exposition-tableaux-photos", "Les tableaux photos du quartier",
     "Les tableaux photos des habitants, accrochés à la salle des fêtes.",
     "Des tableaux photos de haies et de jardins accrochés sur des grilles d'exposition",
     ((70, 120, 60), (230, 240, 210)), False, "exposition", "exposition-ferriere",
     ("Giulia Casagrande:vidéaste",)),
    ("exposition-vernissage", "Le vernissage de l'exposition",
     "Le vernissage, en fin de résidence, avec les habitants et les associations.",
     "Des habitants de tous âges regardent les photos de l'exposition",
     ((120, 80, 140), (240, 225, 245)), False, "exposition", "exposition-ferriere",
     ("Giulia Casagrande:vidéaste",)),
    ("atelier-biodiversite", "Atelier biodiversité au jardin partagé",
     "Un atelier au jardin partagé : observer les insectes avant de les photographier.",
     "Des mains d'enfants tiennent une loupe au-dessus d'une fleur",
     ((90, 140, 80), (250, 245, 200)), True, "photo", "retour-en-images",
     ("Giulia Casagrande:vidéaste",)),
    ("atelier-prise-de-vue", "Atelier prise de vue",
     "Les élèves règlent la caméra avant de filmer leur quartier.",
     "Une caméra sur un pied, face à une rue bordée d'arbres",
     ((60, 90, 110), (210, 230, 240)), False, "photo", "retour-en-images",
     ("Giulia Casagrande:vidéaste",)),
)

BOOKLET = ("Portraits du chantier d'insertion", (
    ("Le menuisier", "Arrivé sur le chantier il y a un an, il apprend à lire les plans et "
     "raconte la fierté du premier meuble terminé."),
    ("La couturière", "Elle répare les costumes du théâtre de la ville et transmet son "
     "savoir-faire aux nouveaux venus."),
    ("Le jardinier", "Il entretient les espaces verts du quartier et connaît chaque arbre "
     "par son nom."),
))
QUIZ = ("Quiz : vrai ou faux ?", (
    "1. Une photo publiée sur un réseau social est toujours récente. (Faux)",
    "2. On peut vérifier une information en cherchant sa source. (Vrai)",
    "3. Un titre qui fait peur est forcément vrai. (Faux)",
    "4. Un journaliste recoupe ses informations. (Vrai)",
))


def add(cat: Catalogue, sources: Path, say) -> None:
    """Add the series and their items to the demo archive (cleared, with alt texts)."""
    for s in SERIES:
        cat.add_series(s["slug"], s["title"], medium=s["medium"], residence=s["residence"],
                       description=s["description"])
    sources.mkdir(parents=True, exist_ok=True)
    for n, (slug, title, caption, alt, colours, tall, kind, series, people) in enumerate(
            PICTURES, 1):
        path = _photo(sources / f"{slug}.jpg", title, colours, tall, n)
        _add(cat, path, series, title, kind, caption, alt, people, n)
    say(f"  {len(PICTURES)} posters and photos, drawn")
    _add(cat, _booklet(sources / "livret-chantier.pdf"), "livrets-et-quiz", BOOKLET[0],
         "livret", "Un livret de portraits écrits avec les salariés du chantier d'insertion "
         "de Feignies.", "", ("Valérie Rohart:journaliste",), 10)
    _add(cat, _quiz(sources / "quiz-information.pdf"), "livrets-et-quiz", QUIZ[0], "quiz",
         "Un quiz d'éducation aux médias pour les élèves de cycle 3.", "",
         ("Valérie Rohart:journaliste",), 11)
    say("  the booklet and a quiz, typeset")


def _add(cat: Catalogue, path: Path, series: str, title: str, kind: str, caption: str,
         alt: str, people: tuple[str, ...], n: int) -> None:
    fields = ItemFields(title=title, description=caption, kind=kind, alt=alt,
                        audiences=("tout-public",), themes=("résidence",),
                        contributors=tuple(parse_contributor(p) for p in people),
                        recorded=date(2025, 3, min(28, n + 1)), licence="cc-by-nc-nd-4.0")
    add_recording(cat, Recording(file=path, series=series, fields=fields, cleared=True,
                                 form_ref=f"AUT-2025-P{n:02d}"), actor="démo",
                  role="responsable")


def _photo(path: Path, title: str, colours, tall: bool, n: int) -> Path:
    """A drawn picture, saved as a phone would: sideways with an orientation tag, a
    GPS position near Maubeuge and a camera serial (none of it reaches the site)."""
    width, height = (1200, 1600) if tall else (1600, 1100)
    dark, light = colours
    im = Image.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(im)
    for k in range(6):  # hills, hedges, shelves: bands of colour
        top = height * (k + 2) // 9
        shade = tuple(max(0, c - 18 * k) for c in dark)
        draw.rectangle((0, top, width, top + height // 14), fill=shade)
    draw.ellipse((width // 3, height // 6, width * 2 // 3, height // 6 + width // 3),
                 fill=dark, outline=(255, 255, 255), width=8)
    draw.text((width // 14, height - height // 7), title, fill=(20, 20, 20),
              font=font(max(28, width // 26)))
    exif = Image.Exif()
    exif[0x010F] = "Demo Phone"
    exif[0x0112] = 6  # stored sideways: the site turns it upright
    exif[0x8769] = {0xA431: f"DEMO-SERIAL-{n:04d}"}
    exif[0x8825] = {1: "N", 2: (50.0, 16.0, 40.0 + n), 3: "E", 4: (3.0, 58.0, 10.0)}
    im.transpose(Image.Transpose.ROTATE_90).save(path, "JPEG", exif=exif.tobytes(), quality=88)
    return path


def _pdf(title: str) -> FPDF:
    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_author("Service communication (brouillon interne)")  # cleared on the site's copy
    pdf.set_creator("Demo")
    pdf.set_margins(20, 20)
    return pdf


def _booklet(path: Path) -> Path:
    title, portraits = BOOKLET
    pdf = _pdf(title)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 26)
    pdf.multi_cell(0, 14, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 13)
    pdf.multi_cell(0, 8, "Résidence Qu(art)iers à Feignies, avec la journaliste "
                   "Valérie Rohart.", new_x="LMARGIN", new_y="NEXT")
    for who, text in portraits:
        pdf.add_page()
        pdf.set_fill_color(220, 230, 240)
        pdf.rect(20, 20, 170, 90, style="F")
        pdf.set_y(120)
        pdf.set_font("helvetica", "B", 18)
        pdf.multi_cell(0, 10, who, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 13)
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _quiz(path: Path) -> Path:
    title, questions = QUIZ
    pdf = _pdf(title)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 22)
    pdf.multi_cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 14)
    for line in questions:
        pdf.ln(4)
        pdf.multi_cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
