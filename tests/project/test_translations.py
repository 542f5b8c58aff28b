"""Every message a user can see has its French, and errors are built so it can be found.

The messages are the English ``msgid``s Babel extracts from the code (marked
with ``N_``) and from click; ``pipeline/locale/fr/LC_MESSAGES/clea.po`` holds
their French. A message added or reworded without its French fails here, and
so does an error raised with an f-string (Babel cannot extract it, so it could
never be translated) or without a code.
"""

from __future__ import annotations

import ast
import gettext
import os
import pickle
import re
from collections import defaultdict
from pathlib import Path

import click
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from archive import N_, ClearError, ItemFields
from pipeline.plumbing import i18n
from pipeline.services.ingest import SheetError

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("archive", "media", "feeds", "pipeline")
PO = ROOT / "pipeline" / "locale" / "fr" / "LC_MESSAGES" / "clea.po"
ERRORS = {"ClearError", "MediaError", "FixityError", "PublishError"}
NNBSP, NBSP = "\u202f", "\u00a0"


def _extracted() -> dict[str | tuple[str, ...], str]:
    """msgid -> where it was found, as ``make messages`` extracts them (babel.cfg, -k N_)."""
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "ngettext": (1, 2)}
    found: dict[str | tuple[str, ...], str] = {}
    folders = [ROOT / p for p in PACKAGES] + [Path(click.__file__).parent]
    for folder in folders:
        for filename, _line, message, _comments, _context in extract_from_dir(
                folder, method_map=[("**.py", "python")], keywords=keywords):
            if message and message != ("",):
                found.setdefault(message, f"{folder.name}/{filename}")
    return found


@pytest.fixture(scope="module")
def catalog():
    with PO.open("rb") as fh:
        return read_po(fh, locale="fr")


@pytest.fixture(scope="module")
def extracted():
    return _extracted()


def _placeholders(text: str) -> list[str]:
    """The ``{named!r:spec}`` and ``%(named)s`` fields of ``text``, in sorted order."""
    text = text.replace("{{", "").replace("}}", "")
    return sorted(re.findall(r"\{[^{}]*\}", text) + re.findall(r"%\(\w+\)[sdifr]", text))


def test_every_message_has_a_french_translation(catalog, extracted):
    problems = []
    for msgid, where in sorted(extracted.items(), key=lambda kv: str(kv[0])):
        entry = catalog.get(msgid)
        if entry is None:
            problems.append(f"{where}: {msgid!r} is not in clea.po (run `make messages`)")
            continue
        if entry.fuzzy:
            problems.append(f"{where}: {msgid!r} is fuzzy")
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(s.strip() for s in strings):
            problems.append(f"{where}: {msgid!r} has no French")
            continue
        # plural: form 0 is French's singular (0 and 1), the others its plurals
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        for n, french in enumerate(strings):
            english = ids[min(n, len(ids) - 1)]
            if _placeholders(french) != _placeholders(english):
                problems.append(f"{where}: {msgid!r}: the French {french!r} changes the "
                                f"placeholders {_placeholders(english)}")
    assert not problems, "\n".join(problems)


def test_french_typography(catalog):
    """No plain space before ; : ? ! or inside « », and the spaces are the right ones."""
    problems = []
    for entry in catalog:
        if not entry.id:
            continue
        for french in entry.string if isinstance(entry.string, tuple) else (entry.string,):
            if re.search(r"[ \u00a0][;?!]", french) or re.search(r"[ \u202f]:(?=\s|$)", french):
                problems.append(f"{entry.id!r}: {french!r}: wrong space before ; : ? or !")
            if re.search(r"«(?!\u00a0)|(?<!\u00a0)»", french):
                problems.append(f"{entry.id!r}: {french!r}: « » need a no-break space inside")
            if re.search(r"[\w}]:(?=\s|$)", french):
                problems.append(f"{entry.id!r}: {french!r}: a colon glued to its word")
    assert not problems, "\n".join(problems)


def test_catalogue_header_has_no_placeholders(catalog):
    header = dict(catalog.mime_headers)
    assert header["Project-Id-Version"].split()[0] == "clea"
    assert header["Language"] == "fr" and header["Language-Team"]
    text = PO.read_text(encoding="utf-8").split('msgid "%(prog)s', 1)[0]
    for placeholder in ("VERSION", "EMAIL@ADDRESS", "FULL NAME", "ORGANIZATION", "YEAR",
                        "LL@li.org", "FIRST AUTHOR"):
        assert placeholder not in text, f"the .po header still says {placeholder}"


def test_nothing_obsolete_or_unused_in_the_catalogue(catalog, extracted):
    """A translation nobody asks for is a message reworded without updating the .po."""
    stale = [entry.id for entry in catalog if entry.id and entry.id not in extracted]
    assert not stale, f"in clea.po but no longer in the code (run `make messages`): {stale}"


# -- how errors are raised -----------------------------------------------------------------


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal_n(node: ast.expr | None) -> str | None:
    """The text of ``N_("...")``, or None if ``node`` is anything else."""
    if (isinstance(node, ast.Call) and _name(node.func) == "N_" and len(node.args) == 1
            and not node.keywords and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)):
        return node.args[0].value
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _error_calls():
    """(where, call, text or None) for every construction of a clea error."""
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in ERRORS:
                text = _literal_n(node.args[0]) if node.args else None
                yield f"{path}:{node.lineno}", node, text


def _coded_messages():
    """(where, code, text) per literal code: errors, and ffmpeg runs (``what=``, ``code=``)."""
    for path, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            code = _keyword(node, "code")
            if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
                continue
            if _name(node.func) in ERRORS:
                text = _literal_n(node.args[0]) if node.args else None
            else:
                text = _literal_n(_keyword(node, "what"))
            yield f"{path}:{node.lineno}", code.value, text


def test_errors_have_a_literal_marked_text_a_code_and_their_parameters():
    problems = []
    calls = list(_error_calls())
    assert len(calls) > 100, "the walk found too few raise sites: is the test still looking?"
    for where, call, text in calls:
        if text is None:
            problems.append(f"{where}: the text is not N_(\"a literal\") (an f-string or a "
                            "variable can never be translated)")
            continue
        code = _keyword(call, "code")
        if code is None:
            problems.append(f"{where}: no code=")
        elif isinstance(code, ast.Constant) and not re.fullmatch(
                r"[a-z0-9]+(\.[a-z0-9]+(-[a-z0-9]+)*)+", str(code.value)):
            problems.append(f"{where}: code {code.value!r} is not dotted lower-case English")
        if any(k.arg is None for k in call.keywords):
            continue  # **params: checked where they are built
        given = {k.arg for k in call.keywords} - {"code", "field"}
        wanted = {re.split(r"[!:.\[]", p[1:-1])[0] for p in _placeholders(text)}
        if given != wanted:
            problems.append(f"{where}: {text!r} needs {sorted(wanted)}, is given {sorted(given)}")
    assert not problems, "\n".join(problems)


def test_an_error_cannot_be_made_without_a_code():
    """No transition left: an error without its code is a bug at the raise site."""
    with pytest.raises(TypeError, match="code"):
        ClearError(N_("the disk is full; nothing half-written was kept: free some space and "
                      "run the command again"), "catalogue.sqlite")
    err = ClearError(N_("no such file"), "absent.wav", code="file.missing")
    assert err.reason() == "no such file" and err.line() == "absent.wav: no such file"


def test_ffmpeg_runs_say_what_failed_with_a_code():
    problems = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in ("run", "run_progress") \
                    and _keyword(node, "what") is not None:
                code = _keyword(node, "code")
                if _literal_n(_keyword(node, "what")) is None and path.name != "ffmpeg.py":
                    problems.append(f"{path}:{node.lineno}: what= is not N_(\"a literal\")")
                if code is None:
                    problems.append(f"{path}:{node.lineno}: no code=")
    assert not problems, "\n".join(problems)


def test_each_code_names_one_message_and_each_message_one_code():
    texts, codes = defaultdict(set), defaultdict(set)
    for _where, code, text in _coded_messages():
        texts[code].add(text)
        codes[text].add(code)
    assert len(texts) > 100
    shared = {code: sorted(map(str, t)) for code, t in texts.items() if len(t) > 1}
    assert not shared, f"codes used for different messages: {shared}"
    # A text made only of placeholders ("{what} ({error})") composes others: it may
    # carry several codes; any real sentence has exactly one.
    sentences = {text: sorted(c) for text, c in codes.items()
                 if text and len(c) > 1 and re.sub(r"\{[^{}]*\}", "", text).strip(" ()")}
    assert not sentences, f"one message with several codes: {sentences}"


# -- reading the catalogue -------------------------------------------------------------------


@pytest.fixture
def compiled(tmp_path, catalog, monkeypatch):
    """The .po compiled as `make` compiles it, and i18n reading that copy."""
    errors = [(entry.id, errs) for entry, errs in catalog.check() if errs]
    assert not errors, f"pybabel would refuse these: {errors}"
    mo = tmp_path / "fr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as fh:
        write_mo(fh, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    yield
    i18n.translations.cache_clear()


def _refusal(**fields) -> ClearError:
    with pytest.raises(ClearError) as err:
        ItemFields(**{"title": "Conte", **fields}).validated()
    return err.value


def test_an_error_reads_in_french_and_in_english(compiled):
    err = _refusal(title="")
    assert (err.code, err.field) == ("text.empty", "title")
    assert err.line(i18n.translator("fr")) == "il manque le titre"
    assert err.line(i18n.translator("en")) == "the title is empty" == str(err)

    err = _refusal(kind="sonnet")
    assert (err.code, err.field) == ("vocabulary.unknown", "kind")
    french = err.line(i18n.translator("fr"))
    assert french.startswith(f"valeur inconnue pour «{NBSP}type{NBSP}»{NBSP}: 'sonnet'{NNBSP};")
    assert err.line(i18n.translator("en")).startswith("unknown kind 'sonnet'; choose one of:")


def test_a_refused_sheet_translates_each_row(compiled):
    rows = [(7, _refusal(title="")), (3, _refusal(language="français"))]
    err = SheetError(Path("fiche.csv"), rows)
    assert err.code == "sheet.refused" and [r.code for r in err.rows] == ["sheet.bad-row"] * 2
    assert err.line(i18n.translator("fr")).splitlines() == [
        f"fiche.csv:3{NBSP}: la langue 'français' doit être un code comme fr ou en",
        f"fiche.csv:7{NBSP}: il manque le titre",
    ]
    assert str(err).splitlines() == [
        "fiche.csv:3: the language 'français' must be a code such as fr or en",
        "fiche.csv:7: the title is empty",
    ]


def test_an_error_crosses_a_process_boundary_whole(compiled):
    """The build draws QR codes in worker processes: their errors come back pickled."""
    rows = [(2, _refusal(kind="sonnet"))]
    for err in (_refusal(title="x\ny"), SheetError(Path("fiche.csv"), rows)):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err)
        assert (back.code, back.field, back.subject) == (err.code, err.field, err.subject)
        assert back.line(i18n.translator("fr")) == err.line(i18n.translator("fr"))


def test_click_speaks_french(compiled):
    """click's own words come from our catalogue through the standard gettext."""
    before = os.environ.get("LANGUAGE")
    i18n.activate("fr")  # sets LANGUAGE and binds our domain: undone below
    try:
        assert gettext.gettext("No such option {name!r}.") == "Option {name!r} inconnue."
        assert gettext.gettext("Usage:") == f"Utilisation{NBSP}:"
        assert gettext.gettext("Show this message and exit.") == "Affiche ce message et quitte."
    finally:
        gettext.textdomain("messages")
        gettext.bindtextdomain(i18n.DOMAIN, str(PO.parents[2]))
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before


# -- which language ----------------------------------------------------------------------------


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "fr"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "C.UTF-8"}, "fr"),
    ({"LANG": "POSIX"}, "fr"),
    ({"LANG": "C"}, "fr"),
    ({"LANG": "de_DE.UTF-8"}, "fr"),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"LC_ALL": "fr_FR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "fr"),
    ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, "fr"),
    ({"LANGUAGE": "en", "LC_ALL": "fr_FR.UTF-8"}, "en"),
    ({"LANGUAGE": "de:en_GB:fr", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANGUAGE": "", "LANG": "en_US.UTF-8"}, "en"),
    ({"LANGUAGE": "en_GB@euro"}, "en"),
])
def test_language_follows_the_gettext_variables(environ, expected):
    assert i18n.language_from_env(environ) == expected
