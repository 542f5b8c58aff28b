"""Series intros and outros (« générique »): checked at ingest, prepared with pydub.

A jingle is seconds long, so pydub may hold it in memory: it trims the silent
ends, fades in and out (no click where it meets the episode) and sets the gain
that brings it to the series' loudness target, measured the way every other
recording is (ffmpeg's EBU R128 ``ebur128``, on the prepared sound itself).
The result is a WAV at the episode MP3's rate and channel count, so its length
in samples is exactly what it adds to the episode. Episodes are never loaded
here: the join happens in the episode's one streaming encode (``audio``).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from pydub import AudioSegment
from pydub.silence import detect_leading_silence

from .errors import N_, MediaError
from .loudness import PEAK_MARGIN_DB, SILENT_LUFS, Target, measure
from .probe import AUDIO, Probe, probe

# Bump when the preparation changes: every jingle, and so every episode of a
# series with one, is then made again on the next build.
JINGLE_VERSION = 1
INTRO, OUTRO = "intro", "outro"
MAX_SECONDS = 60.0  # a « générique », not a programme
SILENCE_DBFS = -50.0  # quieter than this at either end is trimmed
SILENCE_STEP_MS = 5
FADE_IN_MS = 30  # enough to avoid a click, short enough to keep an attack
FADE_OUT_MS = 400
SAMPLE_WIDTH = 2  # 16-bit PCM, as pydub handles it natively


@dataclass(frozen=True)
class Prepared:
    """A prepared jingle on disk and its exact length in samples."""

    path: Path
    frames: int
    sample_rate: int

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate

    @classmethod
    def read(cls, path: Path) -> Prepared:
        """The facts of a prepared WAV already in the cache (a header read)."""
        with wave.open(str(path), "rb") as w:
            return cls(Path(path), w.getnframes(), w.getframerate())


@dataclass(frozen=True)
class Recipe:
    """Everything that shapes a prepared jingle, and so its name in the cache."""

    original_sha: str
    lufs: float
    true_peak: float
    makeup: float  # dB the encoder is known to take away (``audio.MP3_LOSS_DB``)
    sample_rate: int
    mono: bool
    version: int = JINGLE_VERSION

    @property
    def target(self) -> Target:
        return Target(self.lufs, self.true_peak)

    def key(self) -> str:
        blob = json.dumps(self.__dict__, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:32]


def check(path: Path, *, name: str | Path, field: str) -> Probe:
    """Refuse what cannot be an intro or outro, judged by content; return its probe.

    ``field`` (``intro`` or ``outro``) is the form field the error belongs to.
    The length is checked from the streaming probe before pydub loads anything,
    so a long recording given by mistake is never held in memory.
    """
    try:
        found = probe(Path(path), name=name)
    except MediaError as exc:
        exc.field = field
        raise
    if found.medium != AUDIO:
        raise MediaError(N_("an intro or outro must be a sound file, not a video"), name,
                         code="jingle.not-audio", field=field)
    if found.duration > MAX_SECONDS:
        raise MediaError(N_("an intro or outro lasts {limit} s at most; this one lasts "
                            "{seconds} s"), name, code="jingle.too-long", field=field,
                         limit=f"{MAX_SECONDS:g}", seconds=f"{found.duration:.1f}")
    if not len(_trimmed(AudioSegment.from_file(path))):
        raise MediaError(N_("the intro or outro is silent"), name, code="jingle.silent",
                         field=field)
    return found


def prepare(src: Path, dest: Path, recipe: Recipe, *, subject: str | Path) -> Prepared:
    """Write ``src`` prepared by ``recipe`` to ``dest`` (a temporary path the caller renames).

    The gain brings the integrated loudness to the target, less if the peaks
    would then pass the ceiling the episodes' limiter keeps (true peak minus
    ``PEAK_MARGIN_DB``): a jingle is mastered music, usually louder than the
    target, so in practice it is turned down, never clipped.
    """
    seg = AudioSegment.from_file(src)
    seg = (seg.set_frame_rate(recipe.sample_rate).set_channels(1 if recipe.mono else 2)
           .set_sample_width(SAMPLE_WIDTH))
    seg = _trimmed(seg)
    seg = seg.fade_in(min(FADE_IN_MS, len(seg) // 4)).fade_out(min(FADE_OUT_MS, len(seg) // 3))
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "jingle.wav"
        seg.export(plain, format="wav")
        loud = measure(plain, subject=subject, channels=1 if recipe.mono else 2, trim=False)
    if loud.integrated <= SILENT_LUFS:
        raise MediaError(N_("the intro or outro is silent"), subject, code="jingle.silent",
                         field="file")
    gain = recipe.target.lufs - loud.integrated + recipe.makeup
    ceiling = recipe.target.true_peak - PEAK_MARGIN_DB
    gain = min(gain, ceiling - loud.peak)
    seg.apply_gain(gain).export(dest, format="wav")
    return Prepared.read(dest)


def _trimmed(seg: AudioSegment) -> AudioSegment:
    """``seg`` without its silent head and tail (empty if it is all silence)."""
    head = detect_leading_silence(seg, SILENCE_DBFS, SILENCE_STEP_MS)
    tail = detect_leading_silence(seg.reverse(), SILENCE_DBFS, SILENCE_STEP_MS)
    if head + tail >= len(seg):
        return seg[:0]
    return seg[head:len(seg) - tail]
