"""The archive's settings: one home, read and validated once, then passed down.

They live in ``clea.toml`` in the archive folder, written by ``clea init`` with a
comment beside each setting so a librarian can edit it by hand.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from archive import ClearError
from archive.atomic import write_text

CONFIG_NAME = "clea.toml"


@dataclass(frozen=True)
class Settings:
    title: str = "Archive des résidences CLEA"
    description: str = "Contes, podcasts et vidéos créés pendant les résidences d'artistes."
    base_url: str = "http://localhost:8000/"
    media_base_url: str = ""  # a CDN in front of the bucket; empty: same as base_url
    author: str = "Réseau des médiathèques"
    owner_name: str = "Réseau des médiathèques"
    owner_email: str = "podcast@example.org"
    language: str = "fr"
    category: str = "Education"
    require_transcripts: bool = False
    # media
    stereo_lufs: float = -16.0
    mono_lufs: float = -19.0
    true_peak: float = -1.0
    stereo_bitrate: int = 128
    mono_bitrate: int = 96
    # web interface
    max_upload_mb: int = 4096
    # public site
    public_bilan: bool = False  # a « Bilan » page on the public site (counts only)
    # publish
    publish_to: str = ""
    endpoint_url: str = ""
    region: str = ""

    @property
    def media_url(self) -> str:
        return self.media_base_url or self.base_url

    def with_base_url(self, url: str | None) -> Settings:
        if not url:
            return self
        return dataclasses.replace(self, base_url=check_url(url, "--base-url"))


_SECTIONS = {
    "archive": ("title", "description", "base_url", "media_base_url", "author", "owner_name",
                "owner_email", "language", "category", "require_transcripts"),
    "media": ("stereo_lufs", "mono_lufs", "true_peak", "stereo_bitrate", "mono_bitrate"),
    "web": ("max_upload_mb",),
    "site": ("public_bilan",),
    "publish": ("publish_to", "endpoint_url", "region"),
}


def check_url(url: str, what: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ClearError(f"{what} {url!r} must be an http:// or https:// address")
    return url if url.endswith("/") else url + "/"


def load(folder: Path) -> Settings:
    path = Path(folder) / CONFIG_NAME
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ClearError(f"cannot read the settings ({exc})", path) from exc
    values: dict[str, object] = {}
    types = {f.name: f.type for f in dataclasses.fields(Settings)}
    for section, keys in _SECTIONS.items():
        table = data.get(section, {})
        for key, value in table.items():
            if key not in keys:
                raise ClearError(f"unknown setting [{section}] {key}", path)
            expected = {"str": str, "bool": bool, "int": int, "float": (int, float)}[types[key]]
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise ClearError(f"setting [{section}] {key} has the wrong type", path)
            values[key] = value
    settings = Settings(**values)
    for key in ("base_url", "media_base_url"):
        url = getattr(settings, key)
        if url:
            settings = dataclasses.replace(settings, **{key: check_url(url, f"{path}: {key}")})
    return settings


def write_initial(folder: Path, *, title: str | None, base_url: str | None) -> Settings:
    settings = Settings(
        title=title or Settings.title,
        base_url=check_url(base_url, "--base-url") if base_url else Settings.base_url,
    )
    write_text(Path(folder) / CONFIG_NAME, render(settings))
    return settings


def render(s: Settings) -> str:
    def q(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return f"""# clea archive settings. Edit by hand; `clea build` reads them each time.

[archive]
title = {q(s.title)}
description = {q(s.description)}
# The public address of the site (where `clea publish` puts it).
base_url = {q(s.base_url)}
# Optional: a separate address for media files (a CDN in front of the bucket).
media_base_url = {q(s.media_base_url)}
author = {q(s.author)}
owner_name = {q(s.owner_name)}
owner_email = {q(s.owner_email)}
language = {q(s.language)}
# An Apple Podcasts category, e.g. "Education", "Arts", "Kids & Family".
category = {q(s.category)}
# true: refuse to publish an item that has no transcript (or captions, for video).
require_transcripts = {str(s.require_transcripts).lower()}

[media]
stereo_lufs = {s.stereo_lufs}
mono_lufs = {s.mono_lufs}
true_peak = {s.true_peak}
stereo_bitrate = {s.stereo_bitrate}
mono_bitrate = {s.mono_bitrate}

[web]
# The largest file the web interface accepts, in megabytes.
max_upload_mb = {s.max_upload_mb}

[site]
# true: the public site gets a « Bilan » page: the figures and productions of the
# residences it shows, as counts (never a name). Off until you choose to show it.
public_bilan = {str(s.public_bilan).lower()}

[publish]
# Default target for `clea publish` (a folder or s3://bucket/prefix).
publish_to = {q(s.publish_to)}
# For an S3-compatible host (OVHcloud, Scaleway, MinIO…): its endpoint and region.
endpoint_url = {q(s.endpoint_url)}
region = {q(s.region)}
"""
