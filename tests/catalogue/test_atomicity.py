"""Invariant 4: an action that fails part-way leaves the last good state."""

from __future__ import annotations

import pytest

from archive import ItemFields
from pipeline.services.ingest import Recording, add_recording

from .conftest import snapshot


def test_a_failure_after_the_file_is_stored_undoes_everything(archive, media, monkeypatch):
    before = snapshot(archive.folder)

    def crash(*args, **kwargs):
        raise OSError("disk pulled out")

    monkeypatch.setattr(type(archive.catalogue), "_write_lists", crash)
    rec = Recording(file=media.tone(2, freq=900), series="contes",
                    fields=ItemFields(title="Interrompu"))
    with pytest.raises(OSError):
        add_recording(archive.catalogue, rec)
    assert snapshot(archive.folder) == before
    assert not [p for p in (archive.folder / "originals").rglob("*") if p.is_file()]
    monkeypatch.undo()
    item = add_recording(archive.catalogue, rec)
    assert item.slug == "interrompu"


def test_a_failed_import_row_commit_undoes_the_rows_before_it(archive, media, tmp_path,
                                                              monkeypatch):
    from pipeline.services.sheet import import_sheet

    for n in range(3):
        media.copy(media.tone(2, freq=910 + n), tmp_path, f"f{n}.wav")
    sheet = tmp_path / "s.csv"
    sheet.write_text("file,series,title\n" + "".join(
        f"f{n}.wav,contes,Titre {n}\n" for n in range(3)), encoding="utf-8")
    before = snapshot(archive.folder)
    original = type(archive.catalogue).add_item
    calls = []

    def third_fails(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("crash on the third row")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(archive.catalogue), "add_item", third_fails)
    with pytest.raises(RuntimeError):
        import_sheet(archive.catalogue, sheet)
    assert snapshot(archive.folder) == before
    monkeypatch.undo()
    assert len(import_sheet(archive.catalogue, sheet)) == 3


def test_adopting_a_known_file_stores_it_and_leaves_nothing_on_refusal(archive, media, tmp_path):
    import hashlib

    src = media.copy(media.tone(2, freq=930), tmp_path, "recu.wav")
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    store = archive.catalogue.store
    with store.adopting(src, digest, src.stat().st_size) as staged:
        assert staged.sha256 == digest and staged.path.read_bytes() == src.read_bytes()
    assert not list(store.root.glob(".incoming-*"))  # dropped: not committed
    with pytest.raises(Exception, match="changed on disk"):
        with store.adopting(src, digest, src.stat().st_size + 1):
            pass
    assert not list(store.root.glob(".incoming-*"))
    with store.adopting(src, digest, src.stat().st_size) as staged:
        path, created = store.commit(staged)
    assert created and path.read_bytes() == src.read_bytes()
    assert src.exists()  # the source is linked, never moved


def test_a_few_files_are_flushed_one_by_one_and_many_by_one_sync(tmp_path, monkeypatch):
    """An edit's handful of pages must not wait for every other program's writes
    (a machine-wide sync); a whole site still pays two syncs, not one per file."""
    import os

    from archive import atomic

    syncs, fsyncs = [], []
    real_fsync = os.fsync
    monkeypatch.setattr(atomic.os, "sync", lambda: syncs.append(1))
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (fsyncs.append(fd), real_fsync(fd))[1])

    few = [(tmp_path / "a" / f"{n}.html", b"page %d" % n) for n in range(3)]
    assert len(atomic.write_many_if_changed(few)) == 3
    assert syncs == [] and len(fsyncs) == 3 + 1  # each file, then their one folder
    assert (tmp_path / "a" / "2.html").read_bytes() == b"page 2"

    fsyncs.clear()
    many = [(tmp_path / "b" / f"{n}.html", b"page %d" % n) for n in range(atomic.FEW_FILES + 1)]
    assert len(atomic.write_many_if_changed(many)) == atomic.FEW_FILES + 1
    assert syncs == [1, 1] and fsyncs == []
    assert atomic.write_many_if_changed(many) == [] and syncs == [1, 1]
