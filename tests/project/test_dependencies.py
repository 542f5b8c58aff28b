"""Every dependency declared in pyproject.toml is imported by the code that needs it.

A dependency nobody imports costs every install and every audit for nothing,
and a README that explains it misleads. Runtime dependencies must be imported
by the four packages; test and bench extras by ``tests/`` or ``bench/``.
"""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Declared for what they run, not what they import: each with its reason.
NOT_IMPORTED = {
    "pytest-timeout": "a pytest plugin, loaded by pytest itself (timeout = 300)",
    "ruff": "the linter `make test` runs",
    "awscli": "bench/publish.py times `aws s3 sync` as its reference, as a command",
    "ffmpeg-normalize": "bench/media.py times it as a command, as a reference",
    "moto": "its server mode runs as `moto_server` in tests/publish/servers.py",
}


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported(folders: list[str]) -> set[str]:
    """Top-level module names imported anywhere under ``folders``."""
    names: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module.split(".")[0])
    return names


def _distributions_of(modules: set[str]) -> set[str]:
    owners = packages_distributions()
    return {_name(dist) for module in modules for dist in owners.get(module, [])}


RUNTIME = [_name(r) for r in PYPROJECT["project"]["dependencies"]]
EXTRAS = [_name(r) for group in PYPROJECT["project"]["optional-dependencies"].values()
          for r in group]


@pytest.mark.parametrize("dependency", RUNTIME)
def test_runtime_dependency_is_imported_by_the_packages(dependency):
    used = _distributions_of(_imported(["archive", "media", "feeds", "pipeline"]))
    assert dependency in used, f"{dependency} is declared but no module of clea imports it"


@pytest.mark.parametrize("dependency", sorted(set(EXTRAS)))
def test_test_and_bench_dependency_is_used(dependency):
    if dependency in NOT_IMPORTED:
        return
    used = _distributions_of(_imported(["tests", "bench"]))
    assert dependency in used, f"{dependency} is declared but no test or bench imports it"


def test_exceptions_are_still_declared():
    stale = set(NOT_IMPORTED) - set(EXTRAS) - set(RUNTIME)
    assert not stale, f"listed as not imported but no longer declared: {sorted(stale)}"
