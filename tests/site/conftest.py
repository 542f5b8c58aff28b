"""Fixtures of the site tests: a sample archive's public data with real media."""

from __future__ import annotations

import pytest
from site_maker import SiteMaker, sample


@pytest.fixture
def maker(tmp_path, media) -> SiteMaker:
    return sample(tmp_path / "site", media)
