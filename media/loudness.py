"""EBU R128 loudness: measure a recording once, then say how to bring it to target.

The measure is one streaming ffmpeg pass (``ebur128`` for integrated loudness
and sample peak, ``silencedetect`` for the silent head and tail), so memory
stays flat whatever the length. Its result depends only on the original, so
the caller can keep it and re-encode at a new target without measuring again.

The true peak is not measured: a true-peak scan upsamples 4x and doubles the
cost of the pass. Instead a limiter is added whenever the sample peak after
gain would come within ``PEAK_MARGIN_DB`` of the true-peak ceiling, and it
limits to that margin below the ceiling, which covers the inter-sample and
MP3/AAC overshoot (about 0.5 dB for speech at 96-128 kb/s).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import ffmpeg
from .errors import N_, MediaError

# Bump when the way we measure changes: stored measures are then taken again.
MEASURE_VERSION = 1
SILENCE_DB = -55  # below this, a stretch counts as silence
SILENCE_MIN = 1.0  # seconds; shorter pauses are part of the speech
KEEP_SILENCE = 1.0  # seconds of silence kept at each end
PEAK_MARGIN_DB = 1.0
HEAVY_LIMITING_DB = 2.0  # peaks cut by more than this take loudness away: measure again
MAX_GAIN_DB = 30.0  # never lift a near-silent recording further: that is all noise
SILENT_LUFS = -69.5  # ebur128 reports -70 (its absolute gate) for silence

_INTEGRATED = re.compile(r"^\s*I:\s+(-?[\d.]+|-inf)\s+LUFS", re.M)
_LRA = re.compile(r"^\s*LRA:\s+(-?[\d.]+)\s+LU", re.M)
_PEAK = re.compile(r"^\s*Peak:\s+(-?[\d.]+|-inf)\s+dBFS", re.M)
_SILENCE_START = re.compile(r"silence_start:\s*(-?[\d.e+-]+)")
_SILENCE_END = re.compile(r"silence_end:\s*(-?[\d.e+-]+)")


@dataclass(frozen=True)
class Loudness:
    """What the measure pass found; all times in seconds from the original's start."""

    integrated: float  # LUFS
    peak: float  # sample peak, dBFS
    lra: float  # loudness range, LU
    duration: float  # as decoded
    head: float  # length of the silence at the start (0 if none)
    tail: float  # where the silence at the end starts (== duration if none)

    def window(self, keep: float = KEEP_SILENCE) -> tuple[float, float]:
        """(start, end) of what to keep: the silent ends cut down to ``keep`` seconds."""
        start = max(0.0, self.head - keep) if self.head > keep else 0.0
        end = min(self.duration, self.tail + keep) if self.duration - self.tail > keep \
            else self.duration
        if end - start < 0.5:  # nothing audible: keep the file as it is
            return 0.0, self.duration
        return round(start, 3), round(end, 3)


@dataclass(frozen=True)
class Target:
    lufs: float  # integrated loudness to reach
    true_peak: float  # ceiling, dBTP


def measure(path: Path, *, subject: str | Path, channels: int, trim: bool = True,
            on_time: Callable[[float], None] | None = None) -> Loudness:
    """Measure the first audio stream of ``path`` as it will be encoded.

    ``channels`` is the source's channel count: more than two are measured after
    the same stereo downmix the encode applies.
    """
    chain = [*downmix(channels), "ebur128=peak=sample:framelog=verbose"]
    if trim:
        chain.append(f"silencedetect=n={SILENCE_DB}dB:d={SILENCE_MIN}")
    duration = 0.0

    def seen(t: float) -> None:
        nonlocal duration
        duration = max(duration, t)
        if on_time:
            on_time(t)

    log = ffmpeg.run_progress(
        ["-v", "info", "-i", path, "-map", "0:a:0", "-vn", "-af", ",".join(chain), "-f", "null", "-"],
        subject=subject, what=N_("cannot measure the loudness"), code="media.loudness-failed",
        on_time=seen)
    return parse(log, duration)


def parse(log: str, duration: float) -> Loudness:
    """Read ebur128's summary and silencedetect's lines from an ffmpeg log."""
    summary = log[log.rfind("Summary:"):] if "Summary:" in log else ""
    integrated = _number(_INTEGRATED.search(summary))
    peak = _number(_PEAK.search(summary))
    lra = _number(_LRA.search(summary))
    if integrated is None or peak is None:
        raise MediaError(N_("cannot measure the loudness (no ebur128 summary)"),
                         code="media.loudness-failed.no-summary")
    silences: list[list[float | None]] = []
    for line in log.splitlines():
        if (m := _SILENCE_START.search(line)):
            silences.append([float(m.group(1)), None])
        elif (m := _SILENCE_END.search(line)) and silences:
            silences[-1][1] = float(m.group(1))
    head, tail = 0.0, duration
    if silences and (silences[0][0] or 0.0) <= 0.05:
        head = silences[0][1] if silences[0][1] is not None else duration
    if silences:
        start, end = silences[-1]
        if end is None or end >= duration - 0.05:
            tail = max(0.0, start or 0.0)
    return Loudness(integrated=integrated, peak=peak, lra=lra or 0.0, duration=duration,
                    head=min(head, duration), tail=tail)


def downmix(channels: int) -> list[str]:
    """Filters that bring a surround source to stereo (mono and stereo stay as they are).

    The sample format is pinned to float: libswresample scales the downmix down
    when it converts to integers and not to floats, so without it the measure
    (ebur128 asks for doubles) and the encode would hear different levels.
    """
    return ["aformat=sample_fmts=flt:channel_layouts=stereo"] if channels > 2 else []


def gain_chain(loud: Loudness, target: Target, *, makeup: float = 0.0,
               subject: str | Path | None = None) -> list[str]:
    """The filters that bring ``loud`` to ``target``: a linear gain, and a limiter if needed.

    ``makeup`` (dB) is what the encoder is known to take away (see ``audio``).
    """
    if loud.integrated <= SILENT_LUFS:
        raise MediaError(N_("the recording is silent: there is nothing to normalise"), subject,
                         code="media.silent", field="file")
    gain = min(target.lufs - loud.integrated, MAX_GAIN_DB) + makeup
    chain = [f"volume={gain:.2f}dB"]
    ceiling = target.true_peak - PEAK_MARGIN_DB
    if loud.peak + gain > ceiling:
        limit = 10 ** (ceiling / 20)
        chain.append(f"alimiter=limit={limit:.4f}:level=disabled:attack=5:release=50:latency=1")
    return chain


def settle(src: Path, loud: Loudness, target: Target, *, makeup: float, before: list[str],
           inputs: list[str], subject: str | Path,
           on_time: Callable[[float], None] | None = None) -> tuple[list[str], int]:
    """``gain_chain``, corrected when the limiter works hard; returns (filters, passes run).

    Cutting peaks by more than ``HEAVY_LIMITING_DB`` lowers the integrated
    loudness (by 1-2 LU for peaky speech lifted 30 dB). Then one more streaming
    pass measures the limited signal and the gain is raised by what was lost.
    ``inputs`` are the input options and ``-i`` of the encode; ``before`` the
    filters that precede the gain there.
    """
    chain = gain_chain(loud, target, makeup=makeup, subject=subject)
    gain = min(target.lufs - loud.integrated, MAX_GAIN_DB) + makeup
    if loud.peak + gain - (target.true_peak - PEAK_MARGIN_DB) <= HEAVY_LIMITING_DB:
        return chain, 0
    log = ffmpeg.run_progress(
        ["-v", "info", *inputs, "-map", "0:a:0", "-vn", "-af",
         ",".join([*before, *chain, "ebur128=framelog=verbose"]), "-f", "null", "-"],
        subject=subject, what=N_("cannot measure the loudness"), code="media.loudness-failed",
        on_time=on_time)
    summary = log[log.rfind("Summary:"):]
    limited = _number(_INTEGRATED.search(summary))
    if limited is None or limited <= SILENT_LUFS:
        return chain, 1
    lost = min(max(0.0, target.lufs + makeup - limited), 6.0)
    return gain_chain(loud, target, makeup=makeup + lost, subject=subject), 1


def _number(match: re.Match[str] | None) -> float | None:
    if match is None:
        return None
    value = match.group(1)
    return -math.inf if value == "-inf" else float(value)
