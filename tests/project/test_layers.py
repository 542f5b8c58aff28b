"""The one-way arrows of docs/design.md hold: no import points back up.

``archive`` imports none of the others; ``media`` only ``archive.errors``;
``feeds`` only ``archive``'s records; and inside ``pipeline`` the front-ends
(``cli``, ``web``) are imported by nothing but each other's entry points.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("archive", "media", "feeds", "pipeline")
# What each package may import from the others (module prefixes).
ALLOWED = {
    "archive": (),
    "media": ("archive.errors",),
    "feeds": ("archive",),
}


def imports_of(path: Path) -> list[str]:
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: -node.level]
                names.append(".".join(base + ([node.module] if node.module else [])))
            elif node.module:
                names.append(node.module)
    return names


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_lower_packages_import_nothing_above_them(package):
    wrong = []
    for path in modules(package):
        for name in imports_of(path):
            top = name.split(".")[0]
            if top in PACKAGES and top != package and not name.startswith(ALLOWED[package]):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_front_ends_are_not_imported_by_the_library():
    front = ("pipeline.cli", "pipeline.web")
    wrong = []
    for path in modules("pipeline"):
        own = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if own.startswith(front) or own.startswith("pipeline.__main__"):
            continue
        for name in imports_of(path):
            if name.startswith(front):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)
