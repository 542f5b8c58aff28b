"""The podcast MP3: one streaming ffmpeg pass from the original to a normalised MP3.

Trimming the silent ends (input ``-ss``/``-to``), the gain and the limiter
(from ``loudness``) and the encode happen in the same pass, so the recording is
read once here and once in the measure, never held in memory. The MP3 carries
no tags: tags are written on a copy (see ``tags``), so a title edit never
re-encodes.

A series' intro and outro (prepared short WAVs, see ``jingles``) join the
episode in that same pass: they are extra inputs of a ``concat`` filter, so the
episode is still streamed once and memory stays flat whatever its length.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from . import ffmpeg
from .errors import N_
from .jingles import Prepared
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
    intro: str = ""  # the prepared intro's recipe key (``jingles.Recipe.key``), if any
    outro: str = ""

    @property
    def target(self) -> Target:
        return Target(self.lufs, self.true_peak)

    def key(self, original_sha: str) -> str:
        """A name for the MP3 made from ``original_sha`` with this spec."""
        fields = asdict(self)
        for jingle in ("intro", "outro"):  # absent when unset: older keys stay valid
            if not fields[jingle]:
                del fields[jingle]
        blob = json.dumps({"original": original_sha, "codec": "libmp3lame", **fields},
                          sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Encoded:
    start: float  # where in the original the MP3 starts (trimmed head), seconds
    duration: float  # of the MP3, seconds (intro and outro included)
    passes: int = 0  # extra measure passes run (heavy limiting)
    lead: float = 0.0  # the intro's length at the start of the MP3, seconds
    trail: float = 0.0  # the outro's length at its end, seconds


def encode_mp3(src: Path, dest: Path, *, loud: Loudness, spec: AudioSpec, channels: int,
               subject: str | Path, on_time: Callable[[float], None] | None = None,
               intro: Prepared | None = None, outro: Prepared | None = None) -> Encoded:
    """Write the normalised, trimmed, untagged MP3 of ``src`` to ``dest``.

    ``dest`` is written in place: the caller passes a temporary path (see
    ``archive.atomic.atomic_path`` on the pipeline side). ``intro`` and
    ``outro``, already at the target loudness, rate and channels, are joined
    as they are; only the episode part is normalised.
    """
    start, end = loud.window() if spec.trim else (0.0, loud.duration)
    before = [*downmix(channels), f"aresample={spec.sample_rate}"]
    cut = (["-ss", f"{start:.3f}"] if start > 0 else []) + \
        (["-to", f"{end:.3f}"] if end < loud.duration else [])
    inputs = [*cut, "-i", str(src)]
    gain, passes = settle(src, loud, spec.target, makeup=MP3_LOSS_DB, before=before,
                          inputs=inputs, subject=subject, on_time=on_time)
    chain = [*before, *gain]
    route = (["-map", "0:a:0", "-af", ",".join(chain)] if intro is None and outro is None
             else _joined(chain, spec, intro, outro))
    ffmpeg.run_progress(
        ["-v", "error", *inputs, *route, "-vn", "-sn", "-dn",
         "-map_metadata", "-1",
         "-ac", "1" if spec.mono else "2", "-ar", str(spec.sample_rate),
         "-c:a", "libmp3lame", "-b:a", f"{spec.bitrate}k", "-id3v2_version", "0",
         "-write_xing", "1", "-f", "mp3", "-y", dest],
        subject=subject, what=N_("cannot encode the MP3"), code="media.encode-failed.mp3",
        on_time=on_time)
    lead = intro.seconds if intro else 0.0
    trail = outro.seconds if outro else 0.0
    return Encoded(start=start, duration=round(lead + (end - start) + trail, 3), passes=passes,
                   lead=round(lead, 3), trail=round(trail, 3))


def _joined(chain: list[str], spec: AudioSpec, intro: Prepared | None,
            outro: Prepared | None) -> list[str]:
    """The extra ``-i``, ``-filter_complex`` and ``-map`` that put intro, episode and
    outro end to end.

    The episode stays input 0 (its ``-ss``/``-to`` come before), the jingles
    follow. Every part is brought to the same sample format, rate and layout,
    as ``concat`` requires.
    """
    layout = "mono" if spec.mono else "stereo"
    same = f"aformat=sample_fmts=fltp:sample_rates={spec.sample_rate}:channel_layouts={layout}"
    extra: list[str] = []
    graph = [f"[0:a:0]{','.join([*chain, same])}[episode]"]
    for name, jingle in (("intro", intro), ("outro", outro)):
        if jingle is not None:
            extra += ["-i", str(jingle.path)]
            graph.append(f"[{len(extra) // 2}:a:0]{same}[{name}]")
    parts = (["[intro]"] if intro else []) + ["[episode]"] + (["[outro]"] if outro else [])
    graph.append(f"{''.join(parts)}concat=n={len(parts)}:v=0:a=1[joined]")
    return [*extra, "-filter_complex", ";".join(graph), "-map", "[joined]"]
