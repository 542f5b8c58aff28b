"""Video capsules: H.264 + AAC in MP4 that a school tablet or a phone plays.

One streaming ffmpeg pass: the picture kept as filmed (ffmpeg applies the
rotation flag, so portrait stays portrait), scaled to fit 1920×1080 (1080×1920
upright) and at most 30 frames a second, so it stays within H.264 High level
4.0; the sound normalised like the podcasts (``loudness``); ``+faststart`` puts
the index (moov) before the data so playback starts before the download ends.
The poster is a JPEG frame taken from the encoded file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

from . import ffmpeg
from .errors import N_, MediaError
from .loudness import Loudness, Target, downmix, settle
from .probe import _rotation

# Bump when the encode changes in a way the settings do not show.
VIDEO_VERSION = 1
MAX_LONG, MAX_SHORT, MAX_FPS = 1920, 1080, 30
AUDIO_RATE = 48000


@dataclass(frozen=True)
class VideoSpec:
    mono: bool
    lufs: float
    true_peak: float
    audio_bitrate: int  # kb/s
    crf: int = 23
    preset: str = "veryfast"
    version: int = VIDEO_VERSION

    @property
    def target(self) -> Target:
        return Target(self.lufs, self.true_peak)

    def key(self, original_sha: str) -> str:
        blob = json.dumps({"original": original_sha, "codec": "libx264+aac", **asdict(self)},
                          sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Picture:
    width: int  # as displayed (rotation applied)
    height: int
    fps: float


@dataclass(frozen=True)
class EncodedVideo:
    width: int
    height: int
    duration: float
    passes: int = 0  # extra measure passes run (heavy limiting)


def picture(src: Path, *, subject: str | Path) -> Picture:
    """The first video stream's displayed size and frame rate."""
    info = ffmpeg.probe_json(src, subject=subject)
    for stream in info.get("streams", []):
        if stream.get("codec_type") == "video" and not stream.get("disposition", {}).get(
                "attached_pic"):
            w, h = int(stream.get("width") or 0), int(stream.get("height") or 0)
            if _rotation(stream) % 180:
                w, h = h, w
            return Picture(w, h, _rate(stream.get("avg_frame_rate") or stream.get("r_frame_rate")))
    raise MediaError(N_("no video stream in this file"), subject, code="media.no-video-stream",
                     field="file")


def fit(pic: Picture) -> tuple[int, int]:
    """The output size: within the level's bounds, aspect kept, even numbers."""
    long_side, short_side = max(pic.width, pic.height), min(pic.width, pic.height)
    scale = min(1.0, MAX_LONG / long_side, MAX_SHORT / short_side) if long_side else 1.0
    return _even(pic.width * scale), _even(pic.height * scale)


def encode_mp4(src: Path, dest: Path, *, pic: Picture, loud: Loudness | None, spec: VideoSpec,
               channels: int, duration: float, subject: str | Path,
               on_time: Callable[[float], None] | None = None) -> EncodedVideo:
    """Write the MP4 (untagged) to ``dest``, a temporary path the caller renames."""
    width, height = fit(pic)
    vf = [f"scale={width}:{height}:flags=bicubic", "setsar=1", "format=yuv420p"]
    if pic.fps > MAX_FPS:
        vf.insert(0, f"fps={MAX_FPS}")
    passes = 0
    if loud is not None:
        before = [*downmix(channels), f"aresample={AUDIO_RATE}"]
        gain, passes = settle(src, loud, spec.target, makeup=0.0, before=before,
                              inputs=["-i", str(src)], subject=subject, on_time=on_time)
        af = [*before, *gain]
        sound = ["-map", "0:a:0", "-af", ",".join(af), "-c:a", "aac",
                 "-b:a", f"{spec.audio_bitrate}k", "-ac", "1" if spec.mono else "2",
                 "-ar", str(AUDIO_RATE)]
    else:
        sound = ["-an"]
    ffmpeg.run_progress(
        ["-v", "error", "-i", src, "-map", "0:v:0", *sound, "-sn", "-dn",
         "-map_metadata", "-1", "-map_chapters", "-1", "-vf", ",".join(vf),
         "-c:v", "libx264", "-preset", spec.preset, "-crf", str(spec.crf),
         "-profile:v", "high", "-level:v", "4.0", "-pix_fmt", "yuv420p",
         "-maxrate", "6M", "-bufsize", "12M",
         "-movflags", "+faststart", "-f", "mp4", "-y", dest],
        subject=subject, what=N_("cannot encode the video"), code="media.encode-failed.video",
        on_time=on_time)
    return EncodedVideo(width, height, duration, passes)


def poster(src: Path, dest: Path, *, duration: float, subject: str | Path) -> None:
    """A JPEG frame a little into the video (not the often black first frame)."""
    at = min(1.0, duration / 3)
    ffmpeg.run(["-v", "error", "-ss", f"{at:.3f}", "-i", src, "-frames:v", "1", "-q:v", "3",
                "-f", "image2", "-c:v", "mjpeg", "-y", dest],
               subject=subject, what=N_("cannot take the poster frame"),
               code="media.poster-failed")


def _rate(value: str | None) -> float:
    try:
        rate = float(Fraction(value)) if value else 0.0
    except (ValueError, ZeroDivisionError):
        rate = 0.0
    return rate or 25.0


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)
