"""The job queue and its worker: one at a time, no duplicates, state kept."""

from __future__ import annotations

from archive import jobs as queue
from pipeline.services.jobs import Worker, run_job


def test_same_job_asked_twice_while_waiting_is_queued_once(archive):
    conn = archive.catalogue.conn
    first, created = queue.enqueue(conn, "build", {}, "alice")
    again, created_again = queue.enqueue(conn, "build", {}, "bob")
    assert created and not created_again and again.id == first.id
    other, created_other = queue.enqueue(conn, "publish", {"target": "/srv/x"}, "alice")
    assert created_other and other.id != first.id


def test_a_build_asked_while_one_runs_waits_for_it(archive):
    conn = archive.catalogue.conn
    queue.enqueue(conn, "build", {}, "alice")
    running = queue.claim_next(conn)
    assert running.state == queue.RUNNING
    waiting, created = queue.enqueue(conn, "build", {}, "alice")
    assert created and waiting.state == queue.QUEUED
    assert queue.claim_next(conn) is None  # one at a time
    queue.finish(conn, running.id, ok=True, result={"items": 1})
    assert queue.claim_next(conn).id == waiting.id


def test_jobs_left_running_by_a_dead_server_are_marked_failed(archive):
    conn = archive.catalogue.conn
    queue.enqueue(conn, "verify", {}, "alice")
    orphan = queue.claim_next(conn)
    worker = Worker(archive.folder)
    worker.start()
    worker.stop(timeout=10)
    ended = queue.get(conn, orphan.id)
    assert ended.state == queue.FAILED and ended.finished_at is not None
    assert "serveur" in ended.log


def test_verify_job_reports_checked_originals_and_problems(archive, media):
    from archive import ItemFields
    from pipeline.services.ingest import Recording, add_recording

    cat = archive.catalogue
    item = add_recording(cat, Recording(file=media.tone(2), series="contes",
                                        fields=ItemFields(title="Un conte")))
    queue.enqueue(cat.conn, "verify", {}, "alice")
    job = run_job(cat, queue.claim_next(cat.conn))
    assert job.state == queue.DONE and job.result["checked"] == 1 and job.progress == 1
    path = cat.original_path(item.original.sha256)
    path.chmod(0o644)
    path.write_bytes(b"abime")
    queue.enqueue(cat.conn, "verify", {}, "alice")
    job = run_job(cat, queue.claim_next(cat.conn))
    assert job.state == queue.FAILED
    assert len(job.result["problems"]) == 1 and "checksum" in job.result["problems"][0]


def test_a_failing_job_keeps_its_reason_and_the_worker_goes_on(archive):
    conn = archive.catalogue.conn
    queue.enqueue(conn, "publish", {"target": "ftp://nulle-part"}, "alice")
    job = run_job(archive.catalogue, queue.claim_next(conn))
    assert job.state == queue.FAILED
    assert "Échec" in job.log


def test_the_job_log_speaks_french_whatever_the_process_language(archive, media):
    """The tests run under LANGUAGE=en; the web's job log is read in French all the same."""
    from archive import ItemFields
    from pipeline.services.ingest import Recording, add_recording

    cat = archive.catalogue
    item = add_recording(cat, Recording(file=media.tone(2), series="contes",
                                        fields=ItemFields(title="Un conte")))
    queue.enqueue(cat.conn, "verify", {}, "alice")
    job = run_job(cat, queue.claim_next(cat.conn))
    assert "1 original vérifié, intact." in job.log.splitlines()
    path = cat.original_path(item.original.sha256)
    path.chmod(0o644)
    path.write_bytes(b"abime")
    queue.enqueue(cat.conn, "verify", {}, "alice")
    job = run_job(cat, queue.claim_next(cat.conn))
    assert "1 original n'a pas passé la vérification (sur 1)" in job.log.splitlines()
    assert f"(ajouté sous le nom {item.original.name})" in job.log
