"""What each thing a user fills in is called in a message, and its form field.

The checks (``text.check``, ``parse_date``, the vocabularies) are told which
thing they check by its English name ("title", "recorded date"); an error
about it names it with the translated words of this table and carries the
form field, so the web interface puts « il manque le titre » beside the title
input instead of guessing the field from the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import N_, Term


@dataclass(frozen=True)
class Label:
    field: str  # the web form's input
    the: Term  # "the title": how a sentence names it, article included


LABELS: dict[str, Label] = {
    "title": Label("title", Term(N_("the title"))),
    "description": Label("description", Term(N_("the description"))),
    "theme": Label("themes", Term(N_("the theme"))),
    "place": Label("place", Term(N_("the place"))),
    "group": Label("group", Term(N_("the group"))),
    "artist": Label("artists", Term(N_("the artist"))),
    "contributor name": Label("contributors", Term(N_("the contributor name"))),
    "contributor role": Label("contributors", Term(N_("the contributor role"))),
    "date": Label("date", Term(N_("the date"))),
    "recorded date": Label("recorded", Term(N_("the recorded date"))),
    "start date": Label("start", Term(N_("the start date"))),
    "end date": Label("end", Term(N_("the end date"))),
    "language": Label("language", Term(N_("the language"))),
    "category": Label("category", Term(N_("the category"))),
    "search": Label("q", Term(N_("the search"))),
    "alt": Label("alt", Term(N_("the alternative text"))),
}


def label(name: str) -> Label:
    """The label of ``name``; an unknown name is a bug in the caller, not a user's mistake."""
    return LABELS[name]


# The words for a recording's medium and status inside a sentence.
MEDIA: dict[str, Term] = {"audio": Term(N_("audio")), "video": Term(N_("video")),
                          "image": Term(N_("image")), "document": Term(N_("document"))}
STATUSES: dict[str, Term] = {
    "draft": Term(N_("draft")), "cleared": Term(N_("cleared")),
    "published": Term(N_("published")), "withdrawn": Term(N_("withdrawn")),
}
