"""``clea stats import``: read access logs once, count downloads, keep only the counts.

Each file is read twice, both times as a stream: a first pass hashes its
(decompressed) content to recognise a log already imported, or one that starts
with a log already imported (a grown ``access.log``: only what follows is
read), recognises its format and finds its first request; the second pass,
in time order of those first requests, counts. Every file is checked before
anything is counted, and the counts and the logs are written in one
transaction: an import is all or nothing, and importing a log again adds
nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive import Catalogue, ClearError, listening
from archive.actor import default_actor
from archive.errors import N_
from pipeline.services.stats import agents
from pipeline.services.stats.counting import Counter24, Episode, day_of
from pipeline.services.stats.formats import Parser, recognise

HEAD = 4096  # bytes hashed to find an earlier import a file may extend
CHUNK = 1 << 20
SNIFF_LINES = 20
_PROGRESS_EVERY = 8192

Progress = Callable[[int], None]


@dataclass
class LogReport:
    """What one file gave."""

    name: str
    format: str = ""
    state: str = "imported"  # imported | already-imported | extended
    lines: int = 0  # lines read (after an already-imported prefix)
    skipped: int = 0  # lines that do not fit the file's format
    bots: int = 0  # media requests from bots and crawlers, not counted
    downloads: int = 0


@dataclass
class ImportReport:
    logs: list[LogReport] = field(default_factory=list)

    @property
    def downloads(self) -> int:
        return sum(log.downloads for log in self.logs)

    @property
    def lines(self) -> int:
        return sum(log.lines for log in self.logs)


@dataclass
class _Planned:
    path: Path
    report: LogReport
    parser: Parser
    sha256: str
    size: int
    head: str
    skip: int
    first_at: float


def total_bytes(paths: Iterable[Path]) -> int:
    """The work ahead, for a progress bar: every file is read twice."""
    total = 0
    for path in paths:
        try:
            total += 2 * Path(path).stat().st_size
        except OSError:
            pass
    return total


def import_logs(cat: Catalogue, paths: Iterable[Path], *, progress: Progress | None = None,
                actor: str | None = None) -> ImportReport:
    """Count the downloads in the access logs at ``paths`` and add them to the catalogue."""
    tick = progress or (lambda n: None)
    episodes = episode_files(cat)
    planned: list[_Planned] = []
    report = ImportReport()
    seen: set[str] = set()
    for path in paths:
        path = Path(path)
        plan = _survey(cat, path, tick)
        report.logs.append(plan.report)
        if plan.sha256 in seen or listening.imported(cat.conn, plan.sha256):
            plan.report.state = "already-imported"
            continue
        seen.add(plan.sha256)
        planned.append(plan)
    counter = Counter24()
    first: dict[str, float] = {}
    last: dict[str, float] = {}
    for plan in sorted(planned, key=lambda p: p.first_at):
        at = _count(plan, episodes, counter, tick)
        if at:
            first[plan.sha256], last[plan.sha256] = at
    with cat.action():
        listening.add_counts(cat.conn, ((day, item, app, n)
                                        for (day, item, app), n in counter.counts.items()))
        for plan in planned:
            span = (first.get(plan.sha256), last.get(plan.sha256))
            listening.record_log(cat.conn, listening.ImportedLog(
                plan.sha256, plan.size, plan.head, plan.path.name, plan.parser.name,
                plan.report.lines, day_of(span[0]) if span[0] else None,
                day_of(span[1]) if span[1] else None, plan.report.downloads))
        if planned:
            cat.record(None, "listening-imported", actor or default_actor(),
                       logs=[p.path.name for p in planned], downloads=report.downloads)
    return report


def episode_files(cat: Catalogue) -> dict[str, Episode]:
    """Published media files by their site path (``media/<slug>.mp3``), with size and length."""
    rows = cat.conn.execute(
        "SELECT d.item_id, d.path, d.bytes, COALESCE(d.duration, o.duration, 0) AS duration"
        " FROM derivatives d JOIN items i ON i.id = d.item_id"
        " JOIN originals o ON o.sha256 = i.original_sha WHERE d.kind = 'enclosure'")
    return {r["path"]: Episode(r["item_id"], r["bytes"], r["duration"]) for r in rows}


def _episode(path: str, episodes: dict[str, Episode]) -> Episode | None:
    # Bucket prefixes and site folders come before "media/": match the tail.
    at = path.rfind("media/")
    if at < 0 or (at > 0 and path[at - 1] != "/"):
        return None
    return episodes.get(path[at:])


def _open(path: Path) -> tuple[io.BufferedReader, io.BufferedIOBase]:
    """The raw file (for progress) and a stream of its decompressed content."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except IsADirectoryError as exc:
        raise ClearError(N_("is a folder, not a log file"), path, code="stats.is-folder") \
            from exc
    except FileNotFoundError as exc:
        raise ClearError(N_("no such file"), path, code="file.missing") from exc
    except OSError as exc:
        raise ClearError(N_("cannot read this log ({reason})"), path, code="stats.unreadable",
                         reason=exc.strerror or str(exc)) from exc
    if raw.peek(2)[:2] == b"\x1f\x8b":
        return raw, gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw, raw


def _survey(cat: Catalogue, path: Path, tick: Progress) -> _Planned:
    """First pass: content hash, grown-file prefix, format and first request."""
    raw, stream = _open(path)
    report = LogReport(path.name)
    whole = hashlib.sha256()
    size = 0
    head_bytes = b""
    candidates: list[listening.ImportedLog] = []
    skip = 0
    done = 0
    try:
        with raw:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                if len(head_bytes) < HEAD:
                    need = HEAD - len(head_bytes)
                    head_bytes += chunk[:need]
                    if len(head_bytes) == HEAD:
                        candidates = _candidates(cat, hashlib.sha256(head_bytes).hexdigest())
                # Does this file start with a log already imported? Compare the hash of
                # our first n bytes with theirs, at each candidate's size n.
                for cand in candidates:
                    if skip == 0 and size < cand.size <= size + len(chunk):
                        probe = whole.copy()
                        probe.update(chunk[:cand.size - size])
                        if probe.hexdigest() == cand.sha256 and cand.size > skip:
                            skip = cand.size
                whole.update(chunk)
                size += len(chunk)
                now = raw.tell()
                tick(now - done)
                done = now
    except (OSError, EOFError, zlib.error) as exc:
        raise ClearError(N_("cannot read this log ({reason})"), path, code="stats.unreadable",
                         reason=str(exc) or type(exc).__name__) from exc
    if len(head_bytes) < HEAD:
        # A file smaller than HEAD: every smaller log is a candidate.
        for cand in listening.smaller_than(cat.conn, size):
            if hashlib.sha256(head_bytes[:cand.size]).hexdigest() == cand.sha256:
                skip = max(skip, cand.size)
    if skip >= size:
        skip = 0  # the same content: recognised by its whole hash instead
    lines = head_bytes.decode("utf-8", "replace").splitlines()[:SNIFF_LINES]
    parser = recognise(lines)
    if parser is None:
        number = next((n for n, line in enumerate(lines, 1) if line.strip()), 1)
        raise ClearError(N_("line {line} is not in a known log format (S3 access log, "
                            "CloudFront standard log, nginx or Apache combined)"), path,
                         code="stats.unknown-format", line=number)
    report.format = parser.name
    if skip:
        report.state = "extended"
    first_at = next((r.at for r in map(parser.parse, lines) if r is not None), 0.0)
    return _Planned(path, report, parser, whole.hexdigest(), size,
                    hashlib.sha256(head_bytes[:HEAD]).hexdigest(), skip, first_at)


def _candidates(cat: Catalogue, head: str) -> list[listening.ImportedLog]:
    """Logs this file may extend: those with the same first HEAD bytes, and the few
    smaller than HEAD (whose head is their whole content)."""
    return listening.with_head(cat.conn, head) + listening.smaller_than(cat.conn, HEAD)


def _count(plan: _Planned, episodes: dict[str, Episode], counter: Counter24,
           tick: Progress) -> tuple[float, float] | None:
    """Second pass: feed the file's successful media GETs to the counter."""
    raw, stream = _open(plan.path)
    report, parse = plan.report, plan.parser.parse
    is_bot, app_of = agents.is_bot, agents.app_of
    first = last = 0.0
    done = 0
    with raw:
        try:
            if plan.skip:
                stream.seek(plan.skip)
            text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
            for n, line in enumerate(text, 1):
                if n % _PROGRESS_EVERY == 0:
                    now = raw.tell()
                    tick(now - done)
                    done = now
                req = parse(line)
                if req is None:
                    if line.strip() and not line.startswith("#"):
                        report.skipped += 1
                    continue
                report.lines += 1
                if not first or req.at < first:
                    first = req.at
                if req.at > last:
                    last = req.at
                # IAB: GET only (HEAD asks for nothing), and only successful answers.
                if req.method != "GET" or (req.status != 200 and req.status != 206):
                    continue
                episode = _episode(req.path, episodes)
                if episode is None:
                    continue
                if is_bot(req.agent):
                    report.bots += 1
                    continue
                key = counter.listener(req.address, req.agent, episode.item_id)
                if counter.add(req.at, episode, key, app_of(req.agent), req.sent,
                               req.range_start):
                    report.downloads += 1
        except (OSError, EOFError, zlib.error) as exc:
            raise ClearError(N_("cannot read this log ({reason})"), plan.path,
                             code="stats.unreadable", reason=str(exc) or type(exc).__name__) \
                from exc
        tick(raw.tell() - done)
    return (first, last) if first else None
