"""Long work from the browser: build and publish, the fixity check, and job progress.

Pressing a button only queues a job (``archive.jobs``); the worker thread
(``pipeline.services.jobs.Worker``) runs it, and the page polls ``/taches/<id>.json``
to show its progress and log live. A restarted server shows how the last job
ended, from the same table.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from archive import jobs as queue
from pipeline.plumbing import urls
from pipeline.web.auth import responsable_only
from pipeline.web.context import catalogue, settings
from pipeline.web.responses import done

bp = Blueprint("work", __name__)
PUBLISH_KINDS = ("build", "publish", "build-publish")
_LOG_LINES = 60


def _queue(kind: str, params: dict) -> queue.Job:
    from pipeline.web.context import actor

    job, _created = queue.enqueue(catalogue().conn, kind, params, actor())
    worker = current_app.config.get("CLEA_WORKER")
    if worker is not None:
        worker.wake()
    return job


@bp.route("/publier")
def publish_page():
    cat = catalogue()
    job = _shown_job(PUBLISH_KINDS)
    return render_template("publish.html", job=job, links=_public_links(cat),
                           settings=settings(), recent=queue.recent(cat.conn, kinds=PUBLISH_KINDS,
                                                                    limit=8))


@bp.route("/publier", methods=["POST"])
@responsable_only
def publish_start():
    what = request.form.get("what", "build-publish")
    if what not in PUBLISH_KINDS:
        abort(400)
    params = {}
    if what != "build":
        params = {"target": request.form.get("target", "").strip(),
                  "endpoint_url": request.form.get("endpoint_url", "").strip()}
    job = _queue(what, params)
    return done(url_for("work.publish_page", tache=job.id))


@bp.route("/verification")
def verify_page():
    job = _shown_job(("verify",))
    return render_template("verify.html", job=job)


@bp.route("/verification", methods=["POST"])
def verify_start():
    job = _queue("verify", {})
    return done(url_for("work.verify_page", tache=job.id))


@bp.route("/taches/<int:job_id>.json")
def job_json(job_id: int):
    job = queue.find(catalogue().conn, job_id)
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
    conn = catalogue().conn
    wanted = request.args.get("tache", type=int)
    if wanted:
        job = queue.find(conn, wanted)
        if job is not None and job.kind in kinds:
            return job
    return queue.last(conn, kinds)


def _public_links(cat) -> dict:
    """Where the public finds the archive once published, from the settings' base URL."""
    where = urls.Urls(settings().base_url, settings().media_base_url or None)
    public = cat.public_items()
    with_items = {item.series for item in public}
    media = {item.medium for item in public}
    return {
        "site": where.absolute(urls.HOME),
        "pages": [(item.title, where.absolute(urls.item_page(item.slug))) for item in public[-20:]],
        "feeds": [(s.title, where.absolute(urls.series_feed(s.slug)))
                  for s in cat.series_list() if s.slug in with_items],
        "all": [*([("Tous les épisodes audio", where.absolute(urls.all_feed("audio")))]
                  if "audio" in media else []),
                *([("Toutes les vidéos", where.absolute(urls.all_feed("video")))]
                  if "video" in media else []),
                ("Liste des flux (OPML)", where.absolute(urls.OPML))],
    }
