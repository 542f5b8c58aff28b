"""Controlled vocabularies: item kinds, audiences, statuses, roles, licences.

Codes are ASCII and stable (they appear in URLs and feed paths); labels are
French, for the public site, feeds and the web interface. Input is forgiving:
"Cycle 3", "cycle-3" and "cycle3" all mean ``cycle-3``.
"""

from __future__ import annotations

from slugify import slugify

from .errors import N_, ClearError, Term

KINDS: dict[str, str] = {
    "conte": "Conte",
    "podcast": "Podcast",
    "pastille-video": "Pastille vidéo",
    "portrait": "Portrait",
    "conference": "Conférence",
    "quiz": "Quiz",
    "livret": "Livret",
    "affiche": "Affiche",
    "reportage": "Reportage",
    "temoignage": "Témoignage",
    "video": "Vidéo",
    "photo": "Photographie",
    "exposition": "Exposition",
    "dossier": "Dossier",
}

AUDIENCES: dict[str, str] = {
    "cycle-1": "Cycle 1 (maternelle)",
    "cycle-2": "Cycle 2 (CP, CE1, CE2)",
    "cycle-3": "Cycle 3 (CM1, CM2, 6e)",
    "cycle-4": "Cycle 4 (5e, 4e, 3e)",
    "college": "Collège",
    "lycee": "Lycée",
    "adultes": "Adultes",
    "professionnels": "Professionnels",
    "tout-public": "Tout public",
}

STATUSES: dict[str, str] = {
    "draft": "Brouillon",
    "cleared": "Droits recueillis",
    "published": "Publié",
    "withdrawn": "Retiré",
}

# A series' medium as the interface and the site say it, in a sentence.
MEDIUM_WORDS: dict[str, str] = {"audio": "audio", "video": "vidéo", "image": "images",
                                "document": "documents"}

RESIDENCE_KINDS: dict[str, str] = {
    "residence-mission": "Résidence-mission",
    "mission-appui": "Mission d'appui artistique",
    "quartiers": "Résidence Qu(art)iers",
}

# Licences we know how to name in feeds (podcast:license) and pages.
LICENCES: dict[str, tuple[str, str | None]] = {
    "cc-by-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "cc-by-sa-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc-by-nc-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "cc-by-nc-sa-4.0": ("CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    "cc-by-nc-nd-4.0": ("CC BY-NC-ND 4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
    "tous-droits-reserves": ("Tous droits réservés", None),
}
DEFAULT_LICENCE = "cc-by-nc-nd-4.0"

_ALIASES = {
    "cycle1": "cycle-1", "cycle2": "cycle-2", "cycle3": "cycle-3", "cycle4": "cycle-4",
    "tout": "tout-public", "public": "tout-public", "adulte": "adultes",
    "professionnel": "professionnels", "pros": "professionnels",
    "pastille": "pastille-video", "pastilles-video": "pastille-video",
    "conferences": "conference", "quizz": "quiz", "contes": "conte",
    "photos": "photo", "photographie": "photo", "affiches": "affiche", "livrets": "livret",
    "expositions": "exposition", "expo": "exposition", "dossiers": "dossier",
    "all-rights-reserved": "tous-droits-reserves",
}


def normalise(value: str, vocabulary: dict[str, object], what: str) -> str:
    """Map free user input onto a vocabulary code, or refuse with the choices."""
    code = slugify(value or "")
    code = _ALIASES.get(code, code)
    by_slug = {slugify(key): key for key in vocabulary}
    if code in by_slug:
        return by_slug[code]
    choices = ", ".join(vocabulary)
    raise ClearError(N_("unknown {what} {value!r}; choose one of: {choices}"),
                     code="vocabulary.unknown", field=_FIELDS[what], what=_NAMES[what],
                     value=value, choices=choices)


# What each vocabulary is called in a message ("unknown kind 'x'"), and its form field.
_NAMES = {"kind": Term(N_("kind")), "audience": Term(N_("audience")),
          "licence": Term(N_("licence")), "residence kind": Term(N_("residence kind"))}
_FIELDS = {"kind": "kind", "audience": "audiences", "licence": "licence",
           "residence kind": "kind"}


def kind(value: str) -> str:
    return normalise(value, KINDS, "kind")


def audience(value: str) -> str:
    return normalise(value, AUDIENCES, "audience")


def licence(value: str) -> str:
    return normalise(value, LICENCES, "licence")


def residence_kind(value: str) -> str:
    return normalise(value, RESIDENCE_KINDS, "residence kind")


# What a residence did, beside what it produced: counts only, never a name.
# The order is the order of forms, exports and pages.
FIGURES: dict[str, str] = {
    "eleves": "Élèves",
    "classes": "Classes",
    "ecoles": "Écoles",
    "habitants": "Habitants",
    "professionnels": "Professionnels",
    "structures": "Structures",
    "benevoles": "Bénévoles",
    "interventions": "Interventions",
    "conferences": "Conférences",
    "expositions": "Expositions",
}
# The figures that count people: their sum is the « personnes impliquées » of a
# bilan. Classes, schools and structures count places, not people, and are left out.
PEOPLE_FIGURES: tuple[str, ...] = ("eleves", "habitants", "professionnels", "benevoles")
