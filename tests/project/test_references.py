"""Every file the code, the README and the docs point to exists.

A comment that says "see docs/publish.md" or "DESIGN.md, invariant 6" sends a
newcomer looking for a file; when the file is not in the repository the
pointer is worse than none. Paths are recognised by their shape (a folder of
the repository, then a file name with an extension).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP = ("archive", "media", "feeds", "pipeline", "tests", "bench", "docs")
FOLDERS = "|".join(TOP)
PATH_RE = re.compile(
    rf"(?<![\w./-])((?:{FOLDERS})/[\w./-]*\w\.(?:py|md|png|html|css|js|toml|po|txt|json|xsd))\b")
SOURCES = [p for top in ("archive", "media", "feeds", "pipeline", "bench", "docs")
           for p in (ROOT / top).rglob("*") if p.suffix in (".py", ".md", ".html", ".toml")]
SOURCES += [ROOT / "README.md", ROOT / "pyproject.toml", ROOT / "Makefile"]


def cited(path: Path) -> list[str]:
    return PATH_RE.findall(path.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cited_file_exists(source):
    missing = [ref for ref in cited(source)
               if "*" not in ref and not (ROOT / ref).exists()]
    assert not missing, f"{source.relative_to(ROOT)} cites files that do not exist: {missing}"


def test_no_reference_to_a_design_file_outside_the_repository():
    stale = [str(p.relative_to(ROOT)) for p in SOURCES
             if re.search(r"(?<!docs/)\bDESIGN\.md\b", p.read_text(encoding="utf-8"))]
    assert not stale, stale
