"""BagIt deposits: valid for bagit.py, nothing that may not leave, and a round trip."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from archive import Catalogue, ClearError
from pipeline.plumbing import config
from pipeline.preserve.bag import export_bag, import_bag

from .conftest import MINOR, UNCLEARED, WITHDRAWN_TITLE, every_text, rows

BAGIT = str(Path(sys.executable).with_name("bagit.py"))


def validate(bag: Path) -> subprocess.CompletedProcess:
    return subprocess.run([BAGIT, "--validate", str(bag)], capture_output=True, text=True,
                          timeout=120)


def test_default_bag_validates_and_holds_nothing_that_may_not_leave(filled, tmp_path):
    bag = tmp_path / "depot"
    result = filled.archive.clea("export", "bag", str(bag), "--residence", "lire-en-sambre")
    assert result.exit_code == 0, result.stderr
    assert "2 not cleared, left out" in result.stdout
    checked = validate(bag)
    assert checked.returncode == 0, checked.stderr
    info = (bag / "bag-info.txt").read_text(encoding="utf-8")
    assert "Clea-Residence: lire-en-sambre" in info and "Bagging-Date:" in info
    assert "Clea-Archive: Archive de test" in info
    text = every_text(bag)
    for word in ("Noémie", "Vasseur", "Noemie", UNCLEARED, WITHDRAWN_TITLE, "AUT-1"):
        assert word not in text, word
    slugs = filled.slugs
    items = sorted(p.name for p in (bag / "data" / "items").iterdir())
    assert items == sorted([slugs["pupils"], slugs["video"], slugs["tale"]])
    pupils = bag / "data" / "items" / slugs["pupils"]
    assert "[élève]" in (pupils / "transcript.vtt").read_text(encoding="utf-8")
    assert "[élève]" in (pupils / "chapters.txt").read_text(encoding="utf-8")
    record = json.loads((pupils / "item.json").read_text(encoding="utf-8"))
    assert record["item"]["contributors"] == [
        {"name": "Valérie Rohart", "role": "journaliste", "minor": False}]
    assert record["item"]["original"]["name"] == f"{slugs['pupils']}.wav"
    dc = etree.parse(str(pupils / "dc.xml"))
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert dc.xpath("//dc:creator/text()", namespaces=ns) == [
        "Valérie Rohart", "élèves de CM2, école Jean-Jaurès"]
    identifiers = dc.xpath("//dc:identifier/text()", namespaces=ns)
    assert f"https://podcasts.example.org/episodes/{slugs['pupils']}/" in identifiers
    assert any(i.startswith("urn:uuid:") for i in identifiers)
    assert dc.xpath("//dc:coverage/text()", namespaces=ns) == ["Feignies"]


def test_internal_bag_round_trips_into_an_empty_archive_identical(filled, tmp_path):
    bag = tmp_path / "depot-interne"
    result = filled.archive.clea("export", "bag", str(bag), "--all", "--internal")
    assert result.exit_code == 0, result.stderr
    assert validate(bag).returncode == 0
    assert MINOR in every_text(bag / "data")  # the archive service gets everything
    fresh = tmp_path / "nouvelle"
    Catalogue.create(fresh).close()
    config.write_initial(fresh, title="Archive restaurée", base_url=None)
    from tests.conftest import ArchiveFixture

    with Catalogue.open(fresh) as cat:
        result = ArchiveFixture(fresh, cat).clea("import", "bag", str(bag))
    assert result.exit_code == 0, result.stderr
    assert "Imported 5 recordings, 2 series and 1 residence" in result.stdout
    before, after = rows(filled.folder), rows(fresh)
    for table in before:
        assert after[table] == before[table], table
    files = sorted(p.relative_to(filled.folder / "originals").as_posix()
                   for p in (filled.folder / "originals").rglob("*") if p.is_file())
    assert sorted(p.relative_to(fresh / "originals").as_posix()
                  for p in (fresh / "originals").rglob("*") if p.is_file()) == files
    with Catalogue.open(fresh) as cat:
        from pipeline.services.fixity import verify_archive

        assert verify_archive(cat).ok


def test_public_bag_imports_with_the_same_identifiers(filled, tmp_path):
    cat = filled.archive.catalogue
    bag = tmp_path / "depot"
    export_bag(cat, config.load(filled.folder), bag)
    fresh = Catalogue.create(tmp_path / "nouvelle")
    report = import_bag(fresh, bag)
    assert report.items == 3
    by_guid = {i.guid: i for i in fresh.items()}
    for item in cat.public_items():
        twin = by_guid[item.guid]
        assert (twin.slug, twin.original.sha256, twin.published_at, twin.episode) == (
            item.slug, item.original.sha256, item.published_at, item.episode)
        assert not twin.has_minors
    fresh.close()


def test_a_damaged_bag_and_a_non_empty_archive_are_refused(filled, tmp_path):
    cat = filled.archive.catalogue
    bag = tmp_path / "depot"
    export_bag(cat, config.load(filled.folder), bag, internal=True)
    with pytest.raises(ClearError) as refused:
        import_bag(cat, bag)
    assert refused.value.code == "deposit.not-empty"
    damaged = tmp_path / "abime"
    shutil.copytree(bag, damaged)
    victim = next((damaged / "data" / "items").rglob("original.*"))
    victim.chmod(0o644)
    with open(victim, "r+b") as fh:
        fh.seek(200)
        fh.write(b"\x00\x01\x02\x03")
    assert validate(damaged).returncode != 0
    fresh = Catalogue.create(tmp_path / "nouvelle")
    with pytest.raises(ClearError) as refused:
        import_bag(fresh, damaged)
    assert refused.value.code == "bag.invalid"
    assert fresh.items() == [] and not any((fresh.folder / "originals").rglob("*"))
    fresh.close()
    result = filled.archive.clea("export", "bag", str(tmp_path / "x"))
    assert result.exit_code == 2 and "--residence SLUG or --all" in result.stderr
