"""BagIt deposits: ``clea export bag`` and ``clea import bag``.

A bag (RFC 8493, written with the Library of Congress's ``bagit`` library)
is what departmental archives and libraries accept for keeping: a folder
whose every file is listed with its SHA-256 in a manifest, so the receiver
proves it arrived whole. Ours holds, under ``data/``:

- ``catalogue.json``: residences, series and the store's file list;
- ``items/<slug>/``: ``item.json`` (the catalogue's own record, history
  included), ``dc.xml`` (Dublin Core), the original and its side files;
- ``series/<slug>/cover.*``.

By default the bag is what may leave the library: cleared and published
items only, adults by name and pupils only as their group, transcripts and
chapters with pupils' names replaced as on the site, original file names
and the history's actors and details left out. ``internal=True`` carries
everything, for the archive service itself, and ``import_bag`` brings such
a bag back into an empty archive identical item for item.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import bagit

from archive import Catalogue, ClearError, HistoryEntry, Item
from archive import deposit as deposit_rows
from archive.atomic import fsync_dir
from archive.errors import N_
from archive.store import Staged
from pipeline.build.public import DEFAULT_GROUP
from pipeline.build.redact import redact
from pipeline.plumbing.config import Settings
from pipeline.preserve import dublincore, itemjson

Progress = Callable[[int], None]
PUBLIC, INTERNAL = "public", "internal"
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,5}$")


@dataclass
class BagReport:
    path: Path
    scope: str
    items: int = 0
    files: int = 0
    bytes: int = 0
    left_out: int = 0  # items not cleared (public bags only)


@dataclass
class ImportReport:
    items: int = 0
    series: int = 0
    residences: int = 0
    files: int = 0


@dataclass
class _Plan:
    """What goes into one bag: records, and file bytes or store paths by bag path."""

    records: deposit_rows.Records
    copies: dict[str, Path] = field(default_factory=dict)  # bag path → store file
    texts: dict[str, bytes] = field(default_factory=dict)  # bag path → bytes (redacted)
    item_paths: dict[str, dict[str, str]] = field(default_factory=dict)  # slug → role → path


def export_bag(cat: Catalogue, settings: Settings, dest: Path, *, residence: str | None = None,
               internal: bool = False, progress: Progress | None = None) -> BagReport:
    """Write a BagIt bag of one residence (or of everything) to ``dest``, a new folder."""
    dest = Path(dest)
    if dest.exists():
        raise ClearError(N_("the bag's folder already exists; name a new one"), dest,
                         code="bag.exists", field="dest")
    if residence is not None:
        cat.residence(residence)  # refuses an unknown slug
    plan, left_out = _plan(cat, settings, residence, internal)
    report = BagReport(dest, INTERNAL if internal else PUBLIC, items=len(plan.records.items),
                       left_out=left_out)
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent))
    try:
        # make_bag moves the folder's content into data/: paths here are written without it.
        for rel, src in plan.copies.items():
            target = work / rel.removeprefix("data/")
            target.parent.mkdir(parents=True, exist_ok=True)
            _copy(src, target, progress)
            report.bytes += target.stat().st_size
        for rel, data in plan.texts.items():
            target = work / rel.removeprefix("data/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            report.bytes += len(data)
        report.files = len(plan.copies) + len(plan.texts)
        title = cat.residence(residence).title if residence else settings.title
        info = {
            "Source-Organization": settings.owner_name,
            "Contact-Email": settings.owner_email,
            "External-Description": (
                f"{title}: {len(plan.records.items)} enregistrement(s) de l'archive "
                f"« {settings.title} » ({'dépôt interne, complet' if internal else 'ce qui peut sortir de la bibliothèque'})."),
            "External-Identifier": settings.base_url,
            "Bag-Group-Identifier": residence or "all",
            "Clea-Archive": settings.title,
            "Clea-Residence": residence or "all",
            "Clea-Scope": report.scope,
            "Clea-Format": itemjson.FORMAT,
        }
        try:
            bagit.make_bag(str(work), info, processes=1, checksums=["sha256"])
        except (bagit.BagError, OSError) as exc:
            raise ClearError(N_("cannot write the bag ({reason})"), dest, code="bag.write",
                             reason=str(exc)) from exc
        os.chmod(work, 0o755)
        os.replace(work, dest)
        fsync_dir(dest.parent)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return report


def _plan(cat: Catalogue, settings: Settings, residence: str | None,
          internal: bool) -> tuple[_Plan, int]:
    all_series = {s.slug: s for s in cat.series_list()}
    in_scope = {slug for slug, s in all_series.items()
                if residence is None or s.residence == residence}
    candidates = [i for i in cat.items() if i.series in in_scope]
    candidates.sort(key=lambda i: i.id)
    items = candidates if internal else [i for i in candidates if i.is_public]
    left_out = len(candidates) - len(items)
    used_series = in_scope if internal else {i.series for i in items}
    series = [s for slug, s in sorted(all_series.items()) if slug in used_series]
    used_res = {s.residence for s in series if s.residence}
    if residence:
        used_res.add(residence)
    residences = [r for r in cat.residences() if r.slug in used_res]
    residences_by = {r.slug: r for r in residences}
    records = deposit_rows.Records(residences=residences, series=series)
    plan = _Plan(records)
    stored: dict[str, deposit_rows.StoredFile] = {
        f.sha256: f for f in deposit_rows.stored_files(cat, _shas(items, series))}
    files: dict[str, deposit_rows.StoredFile] = {}
    jingles: dict[str, dict[str, str]] = {}  # series slug -> intro/outro -> path in the bag
    for s in series:
        if s.cover_sha:
            f = stored[s.cover_sha]
            rel = f"data/series/{s.slug}/cover{_suffix(f.name)}"
            plan.copies[rel] = cat.original_path(f.sha256)
            files[f.sha256] = f if internal else _neutral(f, f"{s.slug}-cover")
        for which, sha in (("intro", s.intro_sha), ("outro", s.outro_sha)):  # « générique »
            if sha:
                f = stored[sha]
                rel = f"data/series/{s.slug}/{which}{_suffix(f.name)}"
                jingles.setdefault(s.slug, {})[which] = rel
                plan.copies[rel] = cat.original_path(f.sha256)
                files[f.sha256] = f if internal else _neutral(f, f"{s.slug}-{which}")
    for item in items:
        history = cat.history(item.slug)
        minors = [c.name for c in item.contributors if c.minor]
        paths: dict[str, str] = {}
        shas: dict[str, str | None] = {}
        for role, sha in (("original", item.original.sha256), ("transcript", item.transcript_sha),
                          ("chapters", item.chapters_sha), ("cover", item.cover_sha)):
            if not sha:
                shas[role] = None
                continue
            f = stored[sha]
            rel = f"data/items/{item.slug}/{role}{_suffix(f.name)}"
            paths[role] = rel
            if role in ("transcript", "chapters") and not internal and minors:
                raw = cat.original_path(sha).read_bytes().decode("utf-8", errors="replace")
                data = redact(raw, minors).encode("utf-8")
                new = _sha256(data)
                plan.texts[rel] = data
                files[new] = _neutral(f, f"{item.slug}-{role}", sha256=new, size=len(data))
                shas[role] = new
            else:
                plan.copies[rel] = cat.original_path(sha)
                files.setdefault(sha, f if internal else _neutral(f, f"{item.slug}-{role}"))
                shas[role] = sha
        kept = item if internal else _public_item(item, shas)
        records.items.append(kept)
        records.history[item.slug] = history if internal else [
            HistoryEntry(at=h.at, actor="", action=h.action) for h in history]
        plan.item_paths[item.slug] = paths
        item_doc = {"format": itemjson.FORMAT, "scope": INTERNAL if internal else PUBLIC,
                    "item": itemjson.to_json(kept), "files": paths,
                    "history": [itemjson.to_json(h) for h in records.history[item.slug]]}
        plan.texts[f"data/items/{item.slug}/item.json"] = _json(item_doc)
        dc = dublincore.record(item, all_series[item.series],
                               residences_by.get(all_series[item.series].residence or ""),
                               settings)
        plan.texts[f"data/items/{item.slug}/dc.xml"] = dublincore.to_xml(dc)
    records.files = sorted(files.values(), key=lambda f: (f.stored_at, f.sha256))
    if internal:
        records.archive_history = deposit_rows.archive_history(cat)
        records.residence_created = {
            k: v for k, v in deposit_rows.residence_created(cat).items() if k in used_res}
    doc = {
        "format": itemjson.FORMAT, "scope": INTERNAL if internal else PUBLIC,
        "archive": settings.title, "base_url": settings.base_url,
        "made_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "residences": [itemjson.to_json(r) for r in residences],
        "residence_created": records.residence_created,
        "series": [itemjson.to_json(s) for s in series],
        "series_covers": {s.slug: f"data/series/{s.slug}/cover{_suffix(stored[s.cover_sha].name)}"
                          for s in series if s.cover_sha},
        "series_jingles": jingles,
        "files": [itemjson.to_json(f) for f in records.files],
        "items": [i.slug for i in records.items],
        "archive_history": [itemjson.to_json(h) for h in records.archive_history],
    }
    plan.texts["data/catalogue.json"] = _json(doc)
    return plan, left_out


def _public_item(item: Item, shas: dict[str, str | None]) -> Item:
    """The item as it may leave: adults by name, pupils as their group, neutral file name."""
    import dataclasses

    adults = tuple(c for c in item.contributors if not c.minor)
    group = (item.group.strip() or DEFAULT_GROUP) if item.has_minors else item.group
    original = dataclasses.replace(item.original,
                                   name=f"{item.slug}{_suffix(item.original.name)}")
    return dataclasses.replace(item, contributors=adults, group=group, original=original,
                               transcript_sha=shas["transcript"], chapters_sha=shas["chapters"],
                               cover_sha=shas["cover"])


def _neutral(f: deposit_rows.StoredFile, stem: str, **changes: object) -> deposit_rows.StoredFile:
    import dataclasses

    return dataclasses.replace(f, name=f"{stem}{_suffix(f.name)}", **changes)


def _shas(items: list[Item], series) -> set[str]:
    out = {x for s in series for x in (s.cover_sha, s.intro_sha, s.outro_sha) if x}
    for i in items:
        out |= {x for x in (i.original.sha256, i.transcript_sha, i.chapters_sha, i.cover_sha) if x}
    return out


def _suffix(name: str) -> str:
    suffix = Path(name or "").suffix.lower()
    return suffix if _SUFFIX.match(suffix) else ".bin"


def _json(doc: dict) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _copy(src: Path, dest: Path, progress: Progress | None) -> None:
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        while chunk := fin.read(1024 * 1024):
            fout.write(chunk)
            if progress:
                progress(len(chunk))
    os.chmod(dest, 0o644)


# -- import ----------------------------------------------------------------------


def read_bag(path: Path) -> bagit.Bag:
    """Open and fully validate a bag (every checksum), or refuse it in one line."""
    path = Path(path)
    if not (path / "bagit.txt").is_file():
        raise ClearError(N_("not a BagIt bag (no bagit.txt)"), path, code="bag.not-a-bag")
    try:
        bag = bagit.Bag(str(path))
        bag.validate(processes=1)
    except bagit.BagValidationError as exc:
        details = "; ".join(str(d) for d in getattr(exc, "details", [])[:3]) or str(exc)
        raise ClearError(N_("the bag is damaged: {reason}"), path, code="bag.invalid",
                         reason=details) from exc
    except bagit.BagError as exc:
        raise ClearError(N_("the bag is damaged: {reason}"), path, code="bag.invalid",
                         reason=str(exc)) from exc
    return bag


def import_bag(cat: Catalogue, path: Path, *, progress: Progress | None = None) -> ImportReport:
    """Bring a bag made by ``export_bag`` back into the empty archive ``cat``."""
    path = Path(path)
    if not deposit_rows.is_empty(cat):
        raise ClearError(N_("a deposit is brought back only into an empty archive "
                            "(create one with `clea init DIR`)"), cat.folder,
                         code="deposit.not-empty")
    read_bag(path)
    data_dir = path / "data"
    doc = _read_json(data_dir / "catalogue.json", path)
    if doc.get("format") != itemjson.FORMAT:
        raise ClearError(N_("this bag was not made by clea (format {found})"), path,
                         code="bag.format", found=str(doc.get("format")))
    try:
        records = deposit_rows.Records(
            residences=[itemjson.residence_from_json(r) for r in doc["residences"]],
            series=[itemjson.series_from_json(s) for s in doc["series"]],
            files=[itemjson.file_from_json(f) for f in doc["files"]],
            archive_history=[itemjson.history_from_json(h) for h in doc["archive_history"]],
            residence_created=dict(doc.get("residence_created") or {}),
        )
        locations: dict[str, Path] = {}
        for slug, rel in doc.get("series_covers", {}).items():
            series = next(s for s in records.series if s.slug == slug)
            locations[series.cover_sha] = path / rel
        for slug, parts in doc.get("series_jingles", {}).items():
            series = next(s for s in records.series if s.slug == slug)
            for which, rel in parts.items():
                locations[{"intro": series.intro_sha, "outro": series.outro_sha}[which]] = \
                    path / rel
        for slug in doc["items"]:
            item_doc = _read_json(data_dir / "items" / slug / "item.json", path)
            item = itemjson.item_from_json(item_doc["item"])
            records.items.append(item)
            records.history[slug] = [itemjson.history_from_json(h) for h in item_doc["history"]]
            shas = {"original": item.original.sha256, "transcript": item.transcript_sha,
                    "chapters": item.chapters_sha, "cover": item.cover_sha}
            for role, rel in item_doc["files"].items():
                locations[shas[role]] = path / rel
    except (KeyError, TypeError, ValueError, StopIteration) as exc:
        raise ClearError(N_("the bag's catalogue records are incomplete ({reason})"), path,
                         code="bag.records", reason=f"{type(exc).__name__}: {exc}") from exc
    with contextlib.ExitStack() as stack:
        staged: dict[str, Staged] = {}
        for f in records.files:
            where = locations.get(f.sha256)
            if where is None or not where.is_file():
                raise ClearError(N_("the deposit lists the file {sha256} but does not hold it"),
                                 path, code="deposit.file-missing", sha256=f.sha256)
            one = stack.enter_context(cat.store.staging(where, progress))
            if one.sha256 != f.sha256:
                raise ClearError(N_("{file} does not match its checksum in catalogue.json"),
                                 path, code="bag.checksum", file=str(where.relative_to(path)))
            staged[f.sha256] = one
        deposit_rows.load(cat, records, staged)
    return ImportReport(items=len(records.items), series=len(records.series),
                        residences=len(records.residences), files=len(records.files))


def _read_json(file: Path, bag: Path) -> dict:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ClearError(N_("cannot read {file} in the bag ({reason})"), bag, code="bag.unreadable",
                         file=str(file.relative_to(bag)), reason=str(exc)) from exc
