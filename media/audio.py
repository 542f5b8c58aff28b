"""The podcast MP3: one streaming ffmpeg pass from the original to a normalised MP3.

Trimming the silent ends (input ``-ss``/``-to``), the gain and the limiter
(from ``loudness``) and the encode happen in the same pass, so the recording is
read once here and once in the measure, never held in memory. The MP3 carries
no tags: tags are written on a copy (see ``tags``), so a title edit never
re-encodes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from . import ffmpeg
from .errors import N_
from .loudness import Loudness, Target, downmix, settle

# Bump when the encode changes in a way the settings do not show (filters, encoder
# options): every MP3 is then made again on the next build.
AUDIO_VERSION = 1
SAMPLE_RATE = 44100
# LAME at 64-160 kb/s loses about 0.4 LU of integrated loudness (measured with
# ffmpeg's ebur128 on tones and speech, mono and stereo; none at 320 kb/s):
# the gain makes it up so the MP3, not the PCM before it, meets the target.
MP3_LOSS_DB = 0.4


@dataclass(frozen=True)
class AudioSpec:
    """Everything that shapes the MP3, and so its cache key."""

    mono: bool
    lufs: float
    true_peak: float
    bitrate: int  # kb/s, constant
    sample_rate: int = SAMPLE_RATE
    trim: bool = True
    version: int = AUDIO_VERSION

    @property
    def target(self) -> Target:
        return Target(self.lufs, self.true_peak)

    def key(self, original_sha: str) -> str:
        """A name for the MP3 made from ``original_sha`` with this spec."""
        blob = json.dumps({"original": original_sha, "codec": "libmp3lame", **asdict(self)},
                          sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Encoded:
    start: float  # where in the original the MP3 starts (trimmed head), seconds
    duration: float  # of the MP3, seconds
    passes: int = 0  # extra measure passes run (heavy limiting)


def encode_mp3(src: Path, dest: Path, *, loud: Loudness, spec: AudioSpec, channels: int,
               subject: str | Path, on_time: Callable[[float], None] | None = None) -> Encoded:
    """Write the normalised, trimmed, untagged MP3 of ``src`` to ``dest``.

    ``dest`` is written in place: the caller passes a temporary path (see
    ``archive.atomic.atomic_path`` on the pipeline side).
    """
    start, end = loud.window() if spec.trim else (0.0, loud.duration)
    before = [*downmix(channels), f"aresample={spec.sample_rate}"]
    cut = (["-ss", f"{start:.3f}"] if start > 0 else []) + \
        (["-to", f"{end:.3f}"] if end < loud.duration else [])
    inputs = [*cut, "-i", str(src)]
    gain, passes = settle(src, loud, spec.target, makeup=MP3_LOSS_DB, before=before,
                          inputs=inputs, subject=subject, on_time=on_time)
    chain = [*before, *gain]
    ffmpeg.run_progress(
        ["-v", "error", *inputs, "-map", "0:a:0", "-vn", "-sn", "-dn",
         "-map_metadata", "-1", "-af", ",".join(chain),
         "-ac", "1" if spec.mono else "2", "-ar", str(spec.sample_rate),
         "-c:a", "libmp3lame", "-b:a", f"{spec.bitrate}k", "-id3v2_version", "0",
         "-write_xing", "1", "-f", "mp3", "-y", dest],
        subject=subject, what=N_("cannot encode the MP3"), code="media.encode-failed.mp3",
        on_time=on_time)
    return Encoded(start=start, duration=round(end - start, 3), passes=passes)
