"""French for the library's refusals, and which form field each one is about.

The library speaks English (its messages are the command line's). The web
interface shows librarians the common refusals in French; anything this table
does not know is shown as the library said it, so no reason is ever lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from archive import ClearError
from media import MediaError
from pipeline.plumbing.i18n import translator

# English field names in the library's messages -> (form field, French name)
FIELDS: dict[str, tuple[str, str]] = {
    "title": ("title", "le titre"),
    "description": ("description", "la description"),
    "theme": ("themes", "un thème"),
    "place": ("place", "le lieu"),
    "group": ("group", "le groupe"),
    "contributor name": ("contributors", "le nom d'un contributeur"),
    "contributor role": ("contributors", "le rôle d'un contributeur"),
    "recorded date": ("recorded", "la date d'enregistrement"),
    "start date": ("start", "la date de début"),
    "end date": ("end", "la date de fin"),
    "artist": ("artists", "un artiste"),
    "kind": ("kind", "le type"),
    "audience": ("audiences", "le public"),
    "licence": ("licence", "la licence"),
    "language": ("language", "la langue"),
    "residence kind": ("kind", "le type de résidence"),
    "search": ("q", "la recherche"),
    "category": ("category", "la catégorie"),
}
_MEDIUM = {"audio": "audio", "video": "vidéo"}
_STATUS = {"draft": "brouillon", "cleared": "validé", "published": "publié",
           "withdrawn": "retiré"}
_VERB = {"clear": "valider", "withdraw": "retirer", "publish": "publier",
         "unclear": "repasser en brouillon"}


def _field(name: str) -> str:
    return FIELDS.get(name, (name, name))[1]


def _too_long(name: str) -> str:
    return "trop longue" if _field(name).startswith(("la ", "une ")) else "trop long"


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
_RULES: list[_Rule] = [(re.compile(p), f) for p, f in [
    (r"^the file is empty$", lambda m: "Le fichier est vide."),
    (r"^the WAV file has no audio data$", lambda m: "Le fichier WAV ne contient aucun son."),
    (r"^the WAV file is truncated", lambda m: "Le fichier WAV est incomplet (coupé avant la fin)."),
    (r"^the file is truncated: it plays ([\d.]+) s of the ([\d.]+) s",
     lambda m: f"Le fichier est incomplet : il dure {m[1]} s sur les {m[2]} s annoncées."),
    (r"^the file is damaged or truncated",
     lambda m: "Le fichier est abîmé ou incomplet : il ne se lit pas jusqu'au bout."),
    (r"^the file cannot be decoded to the end",
     lambda m: "Le fichier est abîmé : il ne se lit pas jusqu'au bout."),
    (r"^not an audio or video file \(it looks like a text file\)",
     lambda m: "Ce n'est pas un fichier audio ou vidéo : c'est un fichier texte."),
    (r"^not an audio or video file \(it looks like a picture\)",
     lambda m: "Ce n'est pas un fichier audio ou vidéo : c'est une image."),
    (r"^not an audio or video file",
     lambda m: "Ce n'est pas un fichier audio ou vidéo (son contenu ne se lit pas)."),
    (r"^no audio or video stream in this file",
     lambda m: "Ce fichier ne contient ni son ni vidéo."),
    (r"^no playable audio or video in this file",
     lambda m: "Ce fichier ne contient pas de son ou de vidéo lisible (trop court)."),
    (r"^(?:this recording is )?already in the archive as '([^']*)'",
     lambda m: f"Cet enregistrement est déjà dans l'archive : « {m[1]} »."),
    (r"^this is an? (audio|video) file but series '([^']*)' is (audio|video)",
     lambda m: f"C'est un fichier {_MEDIUM[m[1]]}, mais la série « {m[2]} » est "
               f"{_MEDIUM[m[3]]} : choisissez une série {_MEDIUM[m[1]]}."),
    (r"^series '([^']*)' is (audio|video); this item is (audio|video)",
     lambda m: f"La série « {m[1]} » est {_MEDIUM[m[2]]} ; cet enregistrement est "
               f"{_MEDIUM[m[3]]}."),
    (r"^the (.+) contains a control character \((U\+[0-9A-F]+)\) at position (\d+)",
     lambda m: f"Caractère de contrôle interdit ({m[2]}) dans {_field(m[1])}, "
               f"position {m[3]}."),
    (r"^the (.+) is empty$", lambda m: f"Il manque {_field(m[1])}."),
    (r"^the (.+) must be on one line$", lambda m: f"{_field(m[1]).capitalize()} doit tenir "
                                                  "sur une ligne."),
    (r"^the (.+) is (\d+) characters long; the limit is (\d+)",
     lambda m: f"{_field(m[1]).capitalize()} est {_too_long(m[1])} ({m[2]} caractères, "
               f"{m[3]} au plus)."),
    (r"^the (.+) '(.*)' is not a date written YYYY-MM-DD",
     lambda m: f"« {m[2]} » n'est pas une date (AAAA-MM-JJ) pour {_field(m[1])}."),
    (r"^no series with this slug", lambda m: "Cette série n'existe pas."),
    (r"^no residence with this slug", lambda m: "Cette résidence n'existe pas."),
    (r"^no item with this slug", lambda m: "Cet enregistrement n'existe pas."),
    (r"^unknown (kind|audience|licence|residence kind) '(.*)'",
     lambda m: f"Valeur inconnue pour {_field(m[1])} : « {m[2]} »."),
    (r"^cannot (clear|withdraw|publish|unclear) an item that is (\w+)",
     lambda m: f"Impossible de {_VERB[m[1]]} un enregistrement à l'état « {_STATUS[m[2]]} »."),
    (r"^a (residence|series) with this slug already exists",
     lambda m: "Une résidence porte déjà cet identifiant." if m[1] == "residence"
     else "Une série porte déjà cet identifiant."),
    (r"^(?:residence|series) slug '.*' must be lower-case",
     lambda m: "L'identifiant ne peut contenir que des minuscules sans accent, des chiffres "
               "et des tirets (par exemple « contes-2025 »)."),
    (r"^(?:residence|series) slug '(.*)' is reserved",
     lambda m: f"L'identifiant « {m[1]} » est réservé : choisissez-en un autre."),
    (r"^the residence ends \((.*)\) before it starts \((.*)\)",
     lambda m: f"La résidence finit ({m[1]}) avant de commencer ({m[2]})."),
    (r"^the language '(.*)' must be a code",
     lambda m: f"« {m[1]} » n'est pas un code de langue (fr, en, br…)."),
]]


def french(reason: str) -> str:
    """The French for a library reason, or the reason itself if the table lacks it."""
    for pattern, render in _RULES:
        match = pattern.search(reason)
        if match:
            try:
                return render(match)
            except KeyError:
                break
    return reason


def field_of(exc: ClearError | MediaError, subjects: dict[str, str] | None = None) -> str:
    """Which form field a refusal is about: by its subject (an uploaded file), else
    by the field its reason names; ``"form"`` when it is about the whole form."""
    if exc.subject and subjects and exc.subject in subjects:
        return subjects[exc.subject]
    if exc.field:
        return exc.field
    reason = exc.reason()
    if re.search(r"already in the archive|this is an? (audio|video) file", reason):
        return "file"
    if reason.startswith(("no series with", "series '")):
        return "series"
    if reason.startswith("contributor"):
        return "contributors"
    match = re.match(r"^(?:the|unknown) (.+?)(?: '.*')? (?:contains|is|must)", reason) or \
        re.match(r"^unknown (kind|audience|licence|residence kind) ", reason)
    if match and match[1] in FIELDS:
        return FIELDS[match[1]][0]
    if re.match(r"^(?:residence|series) slug|^a (?:residence|series) with this slug", reason):
        return "slug"
    if reason.startswith("the residence ends"):
        return "end"
    return "form"


def refusal(exc: ClearError | MediaError, subjects: dict[str, str] | None = None
            ) -> tuple[str, str]:
    """``(field, French message)`` for a refusal."""
    return field_of(exc, subjects), french(exc.reason(translator("fr")))
