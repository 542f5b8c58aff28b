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
