"""The job queue: long work (build, publish, verify) asked from the web interface.

Jobs live in the catalogue's ``jobs`` table, so their state and log survive a
restart: the page shows how the last job ended, and a job left ``running`` by a
server that died is marked failed when the next one starts. One worker claims
jobs one at a time (``claim_next``); asking again for a job that is already
waiting returns the waiting one instead of queueing it twice.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from . import db

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
_MAX_LOG = 200_000  # characters kept of a job's log; older lines are dropped


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    params: dict
    state: str
    requested_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    progress: float
    log: str
    result: dict = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.state in (QUEUED, RUNNING)


def enqueue(conn: sqlite3.Connection, kind: str, params: dict | None, requested_by: str
            ) -> tuple[Job, bool]:
    """Queue a job; returns ``(job, created)``.

    If the same job (kind and parameters) is already waiting, that one is
    returned and nothing is added: it will run once, after the running one.
    """
    text = json.dumps(params or {}, sort_keys=True, ensure_ascii=False)
    with db.transaction(conn):
        row = conn.execute("SELECT id FROM jobs WHERE state = ? AND kind = ? AND params = ?",
                           (QUEUED, kind, text)).fetchone()
        if row:
            return get(conn, row[0]), False
        cur = conn.execute(
            "INSERT INTO jobs (kind, params, state, requested_by, created_at) VALUES (?,?,?,?,?)",
            (kind, text, QUEUED, requested_by, db.now()))
    return get(conn, cur.lastrowid), True


def claim_next(conn: sqlite3.Connection) -> Job | None:
    """Mark the oldest waiting job running and return it (``None`` if none waits)."""
    with db.transaction(conn):
        if conn.execute("SELECT 1 FROM jobs WHERE state = ?", (RUNNING,)).fetchone():
            return None
        row = conn.execute("SELECT id FROM jobs WHERE state = ? ORDER BY id LIMIT 1",
                           (QUEUED,)).fetchone()
        if row is None:
            return None
        conn.execute("UPDATE jobs SET state = ?, started_at = ? WHERE id = ?",
                     (RUNNING, db.now(), row[0]))
    return get(conn, row[0])


def update(conn: sqlite3.Connection, job_id: int, *, progress: float | None = None,
           line: str | None = None) -> None:
    """Record progress (0 to 1) and/or append one line to the job's log."""
    with db.transaction(conn):
        if progress is not None:
            conn.execute("UPDATE jobs SET progress = ? WHERE id = ?",
                         (min(1.0, max(0.0, progress)), job_id))
        if line is not None:
            _append(conn, job_id, line)


def finish(conn: sqlite3.Connection, job_id: int, *, ok: bool, result: dict | None = None,
           line: str | None = None) -> Job:
    with db.transaction(conn):
        if line is not None:
            _append(conn, job_id, line)
        conn.execute(
            "UPDATE jobs SET state = ?, finished_at = ?, result = ?,"
            " progress = CASE WHEN ? THEN 1 ELSE progress END WHERE id = ?",
            (DONE if ok else FAILED, db.now(),
             json.dumps(result or {}, ensure_ascii=False, default=str), int(ok), job_id))
    return get(conn, job_id)


def fail_abandoned(conn: sqlite3.Connection, reason: str) -> int:
    """Mark failed the jobs a dead server left running; returns how many."""
    with db.transaction(conn):
        ids = [r[0] for r in conn.execute("SELECT id FROM jobs WHERE state = ?", (RUNNING,))]
        for job_id in ids:
            _append(conn, job_id, reason)
            conn.execute("UPDATE jobs SET state = ?, finished_at = ? WHERE id = ?",
                         (FAILED, db.now(), job_id))
    return len(ids)


def get(conn: sqlite3.Connection, job_id: int) -> Job:
    row = conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
    if row is None:
        raise KeyError(job_id)
    return _job(row)


def find(conn: sqlite3.Connection, job_id: int) -> Job | None:
    row = conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
    return _job(row) if row else None


def last(conn: sqlite3.Connection, kinds: tuple[str, ...] | None = None) -> Job | None:
    """The most recent job (of one of ``kinds``), whatever its state."""
    jobs = recent(conn, limit=1, kinds=kinds)
    return jobs[0] if jobs else None


def recent(conn: sqlite3.Connection, *, limit: int = 20,
           kinds: tuple[str, ...] | None = None) -> list[Job]:
    sql, args = "SELECT * FROM jobs", []
    if kinds:
        sql += f" WHERE kind IN ({','.join('?' * len(kinds))})"
        args += list(kinds)
    sql += " ORDER BY id DESC LIMIT ?"
    return [_job(r) for r in conn.execute(sql, (*args, limit))]


def _append(conn: sqlite3.Connection, job_id: int, line: str) -> None:
    conn.execute("UPDATE jobs SET log = substr(log || ? || char(10), -?) WHERE id = ?",
                 (line.rstrip("\n"), _MAX_LOG, job_id))


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"], kind=row["kind"], params=json.loads(row["params"] or "{}"),
        state=row["state"], requested_by=row["requested_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
        started_at=_when(row["started_at"]), finished_at=_when(row["finished_at"]),
        progress=row["progress"], log=row["log"], result=json.loads(row["result"] or "{}"),
    )
