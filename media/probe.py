"""What a file really is, judged by its content, never by its name.

``probe`` accepts a file only if it has an audio or video stream, a real
duration, and decodes from start to end: a truncated file is refused, not
stored. It reads the file twice at most (ffprobe's header read, one streaming
decode pass) and never holds it in memory. A plain PCM WAV, whose samples
cannot be damaged, only cut, has its RIFF sizes checked and its two ends
decoded instead (``_plain_pcm_wav``). An MP3, FLAC or Ogg file received over
the network may have been decoded as it arrived (``StreamCheck``): a clean
decode of every byte then stands in for decoding the stored file again.
"""

from __future__ import annotations

import struct
import threading
from dataclasses import dataclass
from pathlib import Path

from . import ffmpeg
from .errors import N_, MediaError

AUDIO, VIDEO = "audio", "video"
MIN_DURATION = 0.5  # seconds; shorter is a fragment, not a recording
# Containers that hold still pictures or text, never a recording.
_NOT_MEDIA_FORMATS = ("image2", "_pipe", "tty", "gif", "apng", "webp")
_PICTURE_CODECS = {"mjpeg", "png", "bmp", "gif", "webp", "tiff", "ansi", "jpegls"}


@dataclass(frozen=True)
class Probe:
    medium: str  # audio | video
    format: str  # container as ffprobe names it
    duration: float  # seconds, as decoded
    channels: int
    sample_rate: int
    audio_codec: str | None
    video_codec: str | None = None
    width: int | None = None
    height: int | None = None
    rotation: int = 0

    @property
    def portrait(self) -> bool:
        if not self.width or not self.height:
            return False
        w, h = (self.height, self.width) if self.rotation % 180 else (self.width, self.height)
        return h > w


def require_file(path: Path, subject: str | Path) -> int:
    """The size of ``path`` if it is a non-empty file; else MediaError naming ``subject``.

    Ingest calls it before copying anything, so a missing path or a folder is
    refused with the same words whichever door it came in by.
    """
    path = Path(path)
    if not path.exists():
        raise MediaError(N_("no such file"), subject, code="file.missing", field="file")
    if path.is_dir():
        raise MediaError(N_("is a folder, not a file"), subject, code="file.is-folder",
                         field="file")
    size = path.stat().st_size
    if size == 0:
        raise MediaError(N_("the file is empty"), subject, code="file.empty", field="file")
    return size


def probe(path: Path, *, name: str | Path | None = None, decode: bool = True,
          streamed: StreamCheck | None = None) -> Probe:
    """Probe ``path``; errors name ``name`` (the file the user gave) if set.

    ``streamed``: the decode of ``path``'s bytes made while they were received;
    used instead of decoding the file if it applies and was clean.
    """
    path = Path(path)
    subject = name if name is not None else path
    size = require_file(path, subject)
    sized = _check_riff(path, size, subject)
    info = ffmpeg.probe_json(path, subject=subject)
    fmt = info.get("format", {})
    format_name = fmt.get("format_name", "")
    if any(tag in format_name for tag in _NOT_MEDIA_FORMATS):
        if "tty" in format_name:
            raise MediaError(N_("not an audio or video file (it looks like a text file)"),
                             subject, code="media.not-media.text", field="file")
        raise MediaError(N_("not an audio or video file (it looks like a picture)"), subject,
                         code="media.not-media.picture", field="file")
    streams = info.get("streams", [])
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    video = [s for s in streams if s.get("codec_type") == "video"
             and not s.get("disposition", {}).get("attached_pic")
             and s.get("codec_name") not in _PICTURE_CODECS]
    if not audio and not video:
        raise MediaError(N_("no audio or video stream in this file"), subject,
                         code="media.no-stream", field="file")
    declared = _float(fmt.get("duration"))
    medium = VIDEO if video else AUDIO
    if not decode:
        decoded = declared
    elif sized and _plain_pcm_wav(format_name, audio, video, declared):
        decoded = _pcm_ends(path, subject, declared)
    else:
        decoded = _streamed_duration(streamed, format_name, audio, video)
        if decoded is None:
            decoded = _decoded_duration(path, subject, bool(audio), bool(video))
    if decoded is None or decoded < MIN_DURATION:
        raise MediaError(N_("no playable audio or video in this file (it lasts less than "
                            "{minimum} s)"), subject, code="media.too-short", field="file",
                         minimum=f"{MIN_DURATION:g}")
    if declared and decoded < declared - max(0.5, 0.02 * declared):
        raise MediaError(
            N_("the file is truncated: it plays {played} s of the {declared} s its header "
               "announces"), subject, code="media.truncated", field="file",
            played=f"{decoded:.1f}", declared=f"{declared:.1f}")
    a = audio[0] if audio else {}
    v = video[0] if video else {}
    return Probe(
        medium=medium,
        format=format_name.split(",")[0],
        duration=round(decoded, 3),
        channels=int(a.get("channels") or 0),
        sample_rate=int(a.get("sample_rate") or 0),
        audio_codec=a.get("codec_name"),
        video_codec=v.get("codec_name"),
        width=v.get("width"),
        height=v.get("height"),
        rotation=_rotation(v),
    )


def _decoded_duration(path: Path, subject, has_audio: bool, has_video: bool) -> float | None:
    """Read every packet, decoding the audio; any decode error refuses the file.

    Video packets are copied, not decoded: demuxing them finds a cut file
    (ffmpeg reports 'partial file') at a fraction of a full decode's cost.
    """
    maps = (["-map", "0:a:0"] if has_audio else []) + (["-map", "0:v:0"] if has_video else [])
    proc = ffmpeg.run(
        ["-v", "error", "-i", path, *maps, "-c:v", "copy", "-f", "null", "-",
         "-progress", "pipe:1", "-nostats"],
        subject=subject, what=N_("the file cannot be decoded to the end"),
        code="media.undecodable",
    )
    errors = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    if errors:
        raise MediaError(N_("the file is damaged or truncated ({error})"), subject,
                         code="media.damaged", field="file",
                         error=ffmpeg.first_error(proc.stderr))
    return _out_time(proc.stdout)


def _out_time(progress: str) -> float | None:
    """The last time ffmpeg's ``-progress`` lines reached, in seconds."""
    best = None
    for line in progress.splitlines():
        if line.startswith("out_time_us="):
            value = line.split("=", 1)[1].strip()
            if value.lstrip("-").isdigit():
                best = int(value) / 1_000_000
    return best


# Containers ffmpeg decodes from a pipe as it decodes them from the file, with
# the same errors and the same end: their decode can run while they arrive.
STREAMED_FORMATS = frozenset({"mp3", "flac", "ogg"})


def streamable(head: bytes) -> bool:
    """Whether a file beginning with ``head`` (4 bytes or more) may be in one of
    ``STREAMED_FORMATS``, so worth a ``StreamCheck``. ``probe`` still judges it."""
    if head[:3] == b"ID3" or head[:4] in (b"fLaC", b"OggS"):
        return True
    # An MPEG audio frame: 11 sync bits, then a layer that is not 00 (that is ADTS AAC).
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 != 0


class StreamCheck:
    """The decode ``probe`` runs on a recording, run on its bytes as they arrive.

    Given the whole file in order (``feed``, then ``end(whole=True)``), a clean
    decode stands in for decoding the stored file again. Anything else (an
    error, a cut, ``cancel``) and ``probe`` decodes the file itself, so every
    refusal reads exactly as before. ``feed`` and ``end`` belong to one thread;
    ``cancel`` and ``duration`` may be called from others.
    """

    def __init__(self) -> None:
        self._ffmpeg = ffmpeg.Piped(["-v", "error", "-i", "pipe:0", "-map", "0:a:0",
                                     "-f", "null", "-"])
        self._taking = True
        self._done = threading.Event()
        self._duration: float | None = None

    def feed(self, data: bytes | memoryview) -> bool:
        """Decode more of the file; False once ffmpeg takes no more (the check failed)."""
        if self._taking:
            self._taking = self._ffmpeg.write(data)
        return self._taking

    def end(self, *, whole: bool) -> None:
        """No more bytes; ``whole``: the file was given to its last byte."""
        try:
            returncode, progress, log = self._ffmpeg.close()
            if whole and self._taking and returncode == 0 and not log.strip():
                self._duration = _out_time(progress)
        finally:
            self._done.set()

    def cancel(self) -> None:
        """Stop decoding (the upload was refused or abandoned)."""
        self._taking = False
        self._ffmpeg.kill()

    def duration(self) -> float | None:
        """How long the clean decode of the whole file lasted, once it is over;
        None if it was not clean or not whole."""
        self._done.wait()
        return self._duration


def _streamed_duration(streamed: StreamCheck | None, format_name: str, audio: list[dict],
                       video: list[dict]) -> float | None:
    """The duration a ``StreamCheck`` decoded, if it stands for decoding the file:
    a format it decodes as the file would be, one audio stream and no video."""
    if streamed is None:
        return None
    if format_name not in STREAMED_FORMATS or len(audio) != 1 or video:
        streamed.cancel()  # the file will be decoded: this one's work is for nothing
        return None
    return streamed.duration()


PCM_ENDS = 2.0  # seconds decoded at each end of a plain PCM WAV


def _plain_pcm_wav(format_name: str, audio: list[dict], video: list[dict],
                   declared: float | None) -> bool:
    """A WAV holding one PCM stream and nothing else: every byte is a valid sample.

    Decoding such a file from end to end cannot find damage (PCM has no
    bitstream to break), only a cut, and ``_check_riff`` has already compared
    the data chunk's announced size with the file's. So its head and tail are
    decoded (``_pcm_ends``) instead of all of it: a 1 GB upload is not read a
    second time, and the refusals stay the same.
    """
    return (format_name == "wav" and not video and len(audio) == 1
            and str(audio[0].get("codec_name", "")).startswith("pcm_")
            and declared is not None and declared > 0)


def _pcm_ends(path: Path, subject, declared: float) -> float:
    """Decode the first and last ``PCM_ENDS`` seconds; any error refuses the file.

    One ffmpeg reads the file twice as two inputs, one per end: starting
    ffmpeg costs more than decoding a few seconds of PCM. Returns the declared
    duration, which for PCM in a checked RIFF is exact (the data chunk's size
    over the byte rate).
    """
    proc = ffmpeg.run(["-v", "error", "-t", f"{PCM_ENDS:g}", "-i", path,
                       "-ss", f"{max(0.0, declared - PCM_ENDS):.3f}", "-i", path,
                       "-map", "0:a:0", "-f", "null", "-", "-map", "1:a:0", "-f", "null", "-"],
                      subject=subject, what=N_("the file cannot be decoded to the end"),
                      code="media.undecodable")
    if proc.stderr.strip():
        raise MediaError(N_("the file is damaged or truncated ({error})"), subject,
                         code="media.damaged", field="file",
                         error=ffmpeg.first_error(proc.stderr))
    return declared


def _check_riff(path: Path, size: int, subject) -> bool:
    """A WAV whose header promises more data than the file holds is truncated.

    ffmpeg plays such a file to its end without complaint when the cut falls on a
    sample boundary, so the chunk sizes are checked here. Returns whether the
    file is a RIFF WAV whose data chunk has a real size, now checked.
    """
    with open(path, "rb") as fh:
        head = fh.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return False
        offset, found_data = 12, False
        while offset + 8 <= size:
            fh.seek(offset)
            chunk_id, chunk_size = struct.unpack("<4sI", fh.read(8))
            if chunk_id == b"data":
                found_data = True
                if chunk_size == 0:
                    raise MediaError(N_("the WAV file has no audio data"), subject,
                                     code="media.wav-no-data", field="file")
                if chunk_size != 0xFFFFFFFF and offset + 8 + chunk_size > size:
                    raise MediaError(
                        N_("the WAV file is truncated: its header announces {announced} bytes "
                           "of audio, the file holds {held}"), subject,
                        code="media.wav-truncated", field="file", announced=chunk_size,
                        held=size - offset - 8)
                return chunk_size != 0xFFFFFFFF
            offset += 8 + chunk_size + (chunk_size & 1)
        if not found_data:
            raise MediaError(N_("the WAV file has no audio data"), subject,
                             code="media.wav-no-data", field="file")
    return False


def _rotation(stream: dict) -> int:
    for side in stream.get("side_data_list", []) or []:
        if "rotation" in side:
            return int(side["rotation"]) % 360
    tag = (stream.get("tags") or {}).get("rotate")
    return int(tag) % 360 if tag and tag.lstrip("-").isdigit() else 0


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


