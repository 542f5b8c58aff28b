"""Shared fixtures: real media made by ffmpeg, real archives on disk.

Media are generated once per session into a cache folder and copied (cheaply)
into each test's folder, so tests stay fast and never share mutable files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Catalogue
from pipeline.plumbing import config

# The command line speaks the locale's language, French unless it asks for
# English. The suite reads its messages in English (the catalogue's msgids),
# so that a rewording of the French does not break a test about something
# else; the tests of the French run `clea` with their own locale
# (tests/integration/test_language.py).
os.environ["LANGUAGE"] = "en"


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


class MediaFactory:
    """Makes real media files with ffmpeg; each recipe is made once per session."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache

    def _make(self, name: str, *args: str) -> Path:
        path = self.cache / name
        if not path.exists():
            tmp = path.with_name(".tmp-" + name)
            ffmpeg(*args, str(tmp))
            tmp.rename(path)
        return path

    def tone(self, seconds: float = 3, *, channels: int = 2, freq: int = 440, volume_db: float = -20,
             fmt: str = "wav") -> Path:
        """A sine tone with a little noise, so loudness is well defined."""
        name = f"tone-{seconds}-{channels}-{freq}-{volume_db}.{fmt}"
        src = (f"sine=f={freq}:d={seconds}:sample_rate=44100,volume={volume_db}dB,"
               f"aformat=channel_layouts={'stereo' if channels == 2 else 'mono'}")
        codec = ["-b:a", "128k"] if fmt == "mp3" else []
        return self._make(name, "-f", "lavfi", "-i", src, *codec)

    def speech(self, text: str = "Il était une fois une bibliothèque.", *, name: str = "speech") -> Path:
        path = self.cache / f"{name}.wav"
        if not path.exists():
            raw = self.cache / f".{name}-raw.wav"
            subprocess.run(["espeak-ng", "-v", "fr", "-w", str(raw), text], check=True)
            ffmpeg("-i", str(raw), "-ar", "44100", str(path))
        return path

    def video(self, seconds: float = 2, *, width: int = 320, height: int = 240) -> Path:
        name = f"video-{seconds}-{width}x{height}.mp4"
        return self._make(
            name, "-f", "lavfi", "-i", f"testsrc=d={seconds}:s={width}x{height}:r=25",
            "-f", "lavfi", "-i", f"sine=f=330:d={seconds},volume=-18dB",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "ultrafast",
            "-c:a", "aac", "-shortest")

    def image(self, size: int = 1400, *, fmt: str = "png", height: int | None = None) -> Path:
        h = height or size
        name = f"image-{size}x{h}.{fmt}"
        return self._make(name, "-f", "lavfi", "-i", f"testsrc2=s={size}x{h}", "-frames:v", "1")

    def copy(self, src: Path, dest_dir: Path, name: str | None = None) -> Path:
        dest = dest_dir / (name or src.name)
        shutil.copyfile(src, dest)
        return dest


# Debian's Chromium (Playwright's own browser download fails here), started
# without the background services that would reach for the network.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test of the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def media(tmp_path_factory) -> MediaFactory:
    return MediaFactory(tmp_path_factory.mktemp("media-cache"))


@dataclass
class ArchiveFixture:
    folder: Path
    catalogue: Catalogue

    def clea(self, *args: str, input: str | None = None):
        """Run the real `clea` command line in-process against this archive."""
        from pipeline.cli import cli, main  # noqa: F401 - main registers the commands
        from pipeline.cli.commands import register

        register(cli)
        runner = CliRunner()
        return runner.invoke(cli, ["--archive", str(self.folder), *args], input=input,
                             catch_exceptions=False)


@pytest.fixture
def archive(tmp_path) -> ArchiveFixture:
    """A fresh archive with one residence, an audio series and a video series."""
    folder = tmp_path / "archive"
    cat = Catalogue.create(folder)
    config.write_initial(folder, title="Archive de test", base_url="https://podcasts.example.org/",
                         owner_email="podcasts@mediatheques-sambre-avesnois.fr")
    cat.add_residence("lire-en-sambre", "Lire en Sambre", kind="mission-appui",
                      artists=("Lola Monset",), places=("Maubeuge",))
    cat.add_series("contes", "Les bibliothèques racontent", residence="lire-en-sambre")
    cat.add_series("pastilles", "Pastilles vidéo", medium="video", residence="lire-en-sambre")
    yield ArchiveFixture(folder, cat)
    cat.close()
