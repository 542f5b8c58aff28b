"""A build and a publish of one archive never overlap."""

from __future__ import annotations

import pytest

from archive import ClearError
from pipeline.build import build
from pipeline.plumbing.config import load
from pipeline.plumbing.locks import exclusive
from pipeline.publish import publish


def test_a_build_is_refused_while_a_publish_holds_the_archive(archive, tmp_path):
    settings = load(archive.folder)
    with exclusive(archive.catalogue, "publish"):
        with pytest.raises(ClearError, match="another build or publish"):
            build(archive.catalogue, settings, archive.folder / "site")
        with pytest.raises(ClearError, match="another build or publish"):
            publish(archive.catalogue, settings, archive.folder / "site", str(tmp_path / "www"),
                    progress=False)
    report = build(archive.catalogue, settings, archive.folder / "site")
    assert report.items == 0
