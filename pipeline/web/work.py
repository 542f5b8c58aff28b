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
from pipeline.plumbing import config, urls
from pipeline.plumbing.credentials import hide
from pipeline.services.readiness import publish_blockers
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
def publish_page(refusal: str = "", status: int = 200):
    cat = catalogue()
    job = _shown_job(PUBLISH_KINDS)
    current = _current_settings()
    targets = [(t.name, hide(t.to)) for t in current.publish_targets()]
    return render_template("publish.html", job=job, links=_public_links(cat), targets=targets,
                           blockers=[f.line() for f in publish_blockers(current)],
                           refusal=refusal, recent=queue.recent(cat.conn, kinds=PUBLISH_KINDS,
                                                                limit=8)), status


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
    params = {}
    if what != "build":
        current = _current_settings()
        name = request.form.get("target", "").strip()
        names = [t.name for t in current.publish_targets()]
        if name not in names or set(request.form) - {"csrf_token", "what", "target"}:
            return publish_page(refusal="Cible de publication inconnue : choisissez l'une des "
                                        "cibles de la liste (elles sont réglées dans "
                                        "clea.toml par l'administrateur).", status=400)
        blockers = publish_blockers(current)
        if blockers:
            return publish_page(refusal="Publication refusée : le site n'est pas prêt à être "
                                        "public. " + " ".join(f.line() for f in blockers),
                                status=409)
        params = {"target": name}
    job = _queue(what, params)
    return done(url_for("work.publish_page", tache=job.id))


def _current_settings() -> config.Settings:
    """The settings as they are now: an administrator may have just added a target
    or fixed the base URL in clea.toml, without restarting the server."""
    try:
        return config.load(current_app.config["CLEA_ARCHIVE"])
    except ClearError:
        return settings()


@bp.route("/verification")
def verify_page():
    job = _shown_job(("verify",))
    return render_template("verify.html", job=job)


@bp.route("/verification", methods=["POST"])
def verify_start():
    job = _queue("verify", {})
    return done(url_for("work.verify_page", tache=job.id))


# SQLite integers are 64-bit: a larger number is no job (404), not an overflow (500).
MAX_ID = 2**63 - 1


@bp.route(f"/taches/<int(max={MAX_ID}):job_id>.json")
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
    if wanted and 0 < wanted <= MAX_ID:
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
