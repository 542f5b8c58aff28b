"""Long work from the browser: build and publish, the fixity check, and job progress.

Pressing a button only queues a job (``archive.jobs``); the worker thread
(``pipeline.services.jobs.Worker``) runs it, and the page polls ``/taches/<id>.json``
to show its progress and log live. A restarted server shows how the last job
ended, from the same table.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from archive import ClearError
from archive import jobs as queue
from pipeline.api import PUBLISH_KINDS
from pipeline.plumbing.credentials import hide
from pipeline.web.auth import responsable_only
from pipeline.web.context import library
from pipeline.web.messages import translate
from pipeline.web.responses import done

bp = Blueprint("work", __name__)
_LOG_LINES = 60


def _queue(kind: str, target: str = "") -> queue.Job:
    job = library().queue_job(kind, target)
    worker = current_app.config.get("CLEA_WORKER")
    if worker is not None:
        worker.wake()
    return job


@bp.route("/publier")
def publish_page(refusal: str = "", status: int = 200):
    lib = library()
    job = _shown_job(PUBLISH_KINDS)
    targets = [(t.name, hide(t.to)) for t in lib.publish_targets()]
    return render_template("publish.html", job=job, links=lib.public_links(), targets=targets,
                           blockers=[f.line(translate()) for f in lib.publish_blockers()],
                           refusal=refusal,
                           recent=lib.recent_jobs(PUBLISH_KINDS, limit=8)), status


@bp.route("/publier", methods=["POST"])
@responsable_only
def publish_start():
    """Queue a build, or a build and publish to one of the targets named in the settings.

    The target is a name chosen in a list; anything else (a path, a bucket, an
    endpoint typed or forged in the request) is refused and nothing is queued.
    """
    what = request.form.get("what", "build-publish")
    if what not in PUBLISH_KINDS:
        abort(400)
    target = request.form.get("target", "").strip() if what != "build" else ""
    # A field the form does not have (a path, a bucket, an endpoint) is a forgery.
    if what != "build" and set(request.form) - {"csrf_token", "what", "target"}:
        return _unknown_target()
    try:
        job = _queue(what, target)
    except ClearError as exc:
        if exc.code == "job.not-ready":
            # The findings, in the reader's language, are in the error and listed again
            # on the page below.
            return publish_page(refusal=f"Publication refusée\u00a0: {exc.reason(translate())}",
                                status=409)
        if exc.code == "job.not-allowed":
            abort(403)
        return _unknown_target()
    return done(url_for("work.publish_page", tache=job.id))


def _unknown_target():
    return publish_page(refusal="Cible de publication inconnue : choisissez l'une des "
                                "cibles de la liste (elles sont réglées dans "
                                "clea.toml par l'administrateur).", status=400)


@bp.route("/verification")
def verify_page():
    job = _shown_job(("verify",))
    return render_template("verify.html", job=job)


@bp.route("/verification", methods=["POST"])
def verify_start():
    job = _queue("verify")
    return done(url_for("work.verify_page", tache=job.id))


# SQLite integers are 64-bit: a larger number is no job (404), not an overflow (500).
MAX_ID = 2**63 - 1


@bp.route(f"/taches/<int(max={MAX_ID}):job_id>.json")
def job_json(job_id: int):
    job = library().job(job_id)
    if job is None:
        abort(404)
    return jsonify(job_view(job))


def job_view(job: queue.Job) -> dict:
    lines = job.log.splitlines()
    return {
        "id": job.id, "kind": job.kind, "state": job.state, "active": job.active,
        "progress": round(job.progress, 4), "requested_by": job.requested_by,
        "log": lines[-_LOG_LINES:], "result": job.result,
    }


def _shown_job(kinds: tuple[str, ...]) -> queue.Job | None:
    lib = library()
    wanted = request.args.get("tache", type=int)
    if wanted and 0 < wanted <= MAX_ID:
        job = lib.job(wanted)
        if job is not None and job.kind in kinds:
            return job
    return lib.last_job(kinds)
