"""Apple Podcasts categories: the list Apple accepts, and how we choose one.

Apple refuses a feed whose ``itunes:category`` is not in its list
(https://podcasters.apple.com/support/1691-apple-podcasts-categories) and
reads only the first category. A series' category is free text in the
catalogue ("Education", "Kids & Family / Stories for Kids", or a French
name such as "Jeunesse"); this module turns it into a real one or falls
back to the archive's setting, then to Education.
"""

from __future__ import annotations

import unicodedata

from .model import Category

APPLE: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing",
                 "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health",
                         "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
                "Home & Garden", "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
             "Sports News", "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism",
                                "Religion", "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
                "Natural Sciences", "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel",
                          "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf",
               "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball",
               "Wilderness", "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}

# French names a librarian may type for the categories this archive uses.
_FRENCH: dict[str, tuple[str, str | None]] = {
    "education": ("Education", None),
    "enseignement": ("Education", None),
    "jeunesse": ("Kids & Family", None),
    "enfants": ("Kids & Family", None),
    "enfants et famille": ("Kids & Family", None),
    "famille": ("Kids & Family", None),
    "contes": ("Kids & Family", "Stories for Kids"),
    "histoires pour enfants": ("Kids & Family", "Stories for Kids"),
    "education des enfants": ("Kids & Family", "Education for Kids"),
    "arts": ("Arts", None),
    "livres": ("Arts", "Books"),
    "litterature": ("Arts", "Books"),
    "arts du spectacle": ("Arts", "Performing Arts"),
    "arts visuels": ("Arts", "Visual Arts"),
    "societe et culture": ("Society & Culture", None),
    "culture": ("Society & Culture", None),
    "documentaire": ("Society & Culture", "Documentary"),
    "musique": ("Music", None),
    "histoire": ("History", None),
    "sciences": ("Science", None),
    "actualites": ("News", None),
    "medias": ("News", None),
}

DEFAULT = Category("Education")


def _key(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a category name."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.replace("&", " & ").lower().split())


_TOP = {_key(name): name for name in APPLE}
_SUB = {(top, _key(sub)): sub for top, subs in APPLE.items() for sub in subs}


def parse(value: str | None) -> Category | None:
    """A real Apple category from free text, or None when it names none.

    Accepts "Top", "Top / Sub", "Top > Sub" or "Top: Sub", Apple's English
    names in any case, and a few French names. An unknown subcategory is
    dropped rather than failing the feed: the top category is still valid.
    """
    if not value or not value.strip():
        return None
    for sep in ("/", ">", ":"):
        if sep in value:
            top_text, sub_text = value.split(sep, 1)
            break
    else:
        top_text, sub_text = value, ""
    top_key = _key(top_text)
    if top_key in _TOP:
        top = _TOP[top_key]
        sub = _SUB.get((top, _key(sub_text))) if sub_text.strip() else None
        return Category(top, sub)
    if top_key in _FRENCH and not sub_text.strip():
        return Category(*_FRENCH[top_key])
    return None


def choose(value: str | None, fallback: str | None, *, kinds: tuple[str, ...] = ()) -> Category:
    """The category for a feed: ``value``, else ``fallback``, else Education.

    Where no subcategory was given, one is chosen when the content makes it
    plain: a Kids & Family feed of mostly tales is "Stories for Kids",
    otherwise "Education for Kids". ``kinds`` are the entries' kind codes.
    """
    category = parse(value) or parse(fallback) or DEFAULT
    if category.sub is None and category.name == "Kids & Family" and kinds:
        tales = sum(1 for k in kinds if k == "conte")
        sub = "Stories for Kids" if tales * 2 > len(kinds) else "Education for Kids"
        category = Category(category.name, sub)
    return category
