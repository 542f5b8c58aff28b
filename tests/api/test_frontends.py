"""The front-ends only parse, call the library API and present: they never reach
into the catalogue's SQLite connection, and they do not stage side files."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRONT_ENDS = [ROOT / "pipeline" / "cli", ROOT / "pipeline" / "web"]


def _sources():
    for folder in FRONT_ENDS:
        for path in sorted(folder.rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_no_front_end_touches_the_connection_or_sqlite3():
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Attribute) and node.attr == "conn":
                found.append(f"{where}: .conn")
            elif isinstance(node, ast.Name) and node.id == "sqlite3":
                found.append(f"{where}: sqlite3")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n == "sqlite3" or n.startswith("sqlite3.") for n in names):
                    found.append(f"{where}: import sqlite3")
    assert found == []


def test_no_front_end_stages_files_or_calls_the_catalogue_actions():
    """Staging, adding and status changes belong to the API (pipeline/api/)."""
    banned = {"stage_sidecar", "ExitStack", "add_recording", "import_sheet", "set_status",
              "edit_item", "add_series", "edit_series", "add_residence", "edit_residence",
              "enqueue", "verify_archive"}
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            name = (node.attr if isinstance(node, ast.Attribute)
                    else node.id if isinstance(node, ast.Name) else None)
            if name in banned and not (isinstance(node, ast.Attribute)
                                       and isinstance(node.value, ast.Name)
                                       and node.value.id in ("lib", "env")
                                       or _is_library_call(node)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert found == []


def _is_library_call(node: ast.AST) -> bool:
    # ``env.library.add_series(…)``, ``library().add_residence(…)``
    if not isinstance(node, ast.Attribute):
        return False
    value = node.value
    if isinstance(value, ast.Attribute) and value.attr == "library":
        return True
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id == "library")
