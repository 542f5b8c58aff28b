"""The jinja2 environment: the archive's templates first, then the package's.

An archive overrides one template by putting a file of the same name in
``<archive>/templates/``; static files likewise in ``<archive>/templates/static/``.
The fingerprint covers every template, asset and this package's code, so
editing any of them re-renders the pages (and nothing else does).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Renderer:
    env: jinja2.Environment
    fingerprint: str
    static: dict[str, Path]  # file name -> the file to copy (override or package)

    def render(self, template: str, context: object) -> bytes:
        return self.env.get_template(template).render(page=context).encode("utf-8")


def template_dirs(overrides: Path | None) -> list[Path]:
    dirs = [TEMPLATES]
    if overrides is not None and overrides.is_dir():
        dirs.insert(0, overrides)
    return dirs


def static_files(overrides: Path | None) -> dict[str, Path]:
    files = {p.relative_to(STATIC).as_posix(): p for p in sorted(STATIC.rglob("*")) if p.is_file()}
    extra = overrides / "static" if overrides is not None else None
    if extra is not None and extra.is_dir():
        files.update({p.relative_to(extra).as_posix(): p
                      for p in sorted(extra.rglob("*")) if p.is_file()})
    return files


def _digest(paths: list[Path], root_of: dict[Path, Path]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for path in paths:
        h.update(str(path.relative_to(root_of[path])).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def make_renderer(overrides: Path | None = None, compiled: Path | None = None) -> Renderer:
    """``compiled``: a folder where jinja keeps compiled templates between runs (keyed by
    each template's source), so an edit's build does not compile 30 templates first."""
    dirs = template_dirs(overrides)
    cache = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(compiled))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]), bytecode_cache=cache,
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    )
    root_of: dict[Path, Path] = {}
    for folder in (*dirs, CODE):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                root_of.setdefault(path, folder)
    static = static_files(overrides)
    return Renderer(env, _digest(list(root_of), root_of), static)
