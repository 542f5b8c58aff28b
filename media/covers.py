"""Cover art with Pillow: check what a librarian gives, make what apps and pages need.

Podcast apps want a square picture of 1400 to 3000 px in sRGB, and some refuse
files over 512 KB; pages want small ones. ``check`` refuses an unusable picture
at ingest; ``render`` makes the feed size (the source's, clamped to 1400-3000)
and the page sizes as JPEG, lowering the quality step by step until a file fits
512 KB; ``generate`` draws one for a series that has none.
"""

from __future__ import annotations

import functools
import hashlib
import io
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from .errors import N_, MediaError

FEED_MIN, FEED_MAX = 1400, 3000
PAGE_SIZES = (600, 300)
MAX_BYTES = 512 * 1024
QUALITIES = (90, 85, 80, 75, 70, 65, 60, 55, 50)
SQUARE_TOLERANCE = 0.01
COVERS_VERSION = 1  # bump when rendering changes: every cover gets a new name
# Solid backgrounds for generated covers, dark enough for white type (WCAG AA).
PALETTE = ("#1d4e89", "#7a1f5c", "#1e6b52", "#8a3b12", "#4b3f8c", "#005f73", "#9b2226",
           "#3a5a40", "#6a040f", "#264653")


@dataclass(frozen=True)
class CoverInfo:
    width: int
    height: int
    format: str


def check(path: Path) -> CoverInfo:
    """Refuse an unreadable, non-square or too small picture, naming ``path``."""
    with _open(path) as img:
        width, height = img.size
        info = CoverInfo(width, height, img.format or "")
    if abs(width - height) > SQUARE_TOLERANCE * max(width, height):
        raise MediaError(N_("the cover is not square ({width}×{height} px); podcast apps need "
                            "a square picture"), path, code="cover.not-square", field="cover",
                         width=width, height=height)
    if min(width, height) < FEED_MIN:
        raise MediaError(N_("the cover is too small ({width}×{height} px); podcast apps need "
                            "at least {minimum}×{minimum} px"), path, code="cover.too-small",
                         field="cover", width=width, height=height, minimum=FEED_MIN)
    return info


def content_key(source_sha: str) -> str:
    """The name stem of a cover made from the picture whose sha256 is ``source_sha``."""
    return hashlib.sha256(f"{source_sha}:{COVERS_VERSION}".encode()).hexdigest()[:16]


def render(src: Path, folder: Path, stem: str, *,
           write: Callable[[Path, bytes], object]) -> dict[int, Path]:
    """Write ``<stem>-<width>.jpg`` in ``folder`` for the feed size and the page sizes.

    The feed size is the source's, clamped to 1400-3000 px, and lowered toward
    1400 if even the lowest quality does not fit 512 KB. Files already there are
    kept (their names are keyed by content, so they are right). ``write(path,
    data)`` is the caller's atomic writer. Returns width -> path.
    """
    done = _existing(folder, stem)
    if done:
        return done
    with _open(src) as opened:
        size = max(FEED_MIN, min(FEED_MAX, min(opened.size)))
        img = _srgb(ImageOps.exif_transpose(opened))
    square = ImageOps.fit(img, (size, size), Image.Resampling.LANCZOS)
    data = jpeg(square)
    if len(data) > MAX_BYTES and size > FEED_MIN:
        # Find the largest size that fits at the lowest quality, then the best quality there.
        while size > FEED_MIN:
            size = max(FEED_MIN, int(size * 0.85))
            if len(jpeg(square.resize((size, size)), QUALITIES[-1:])) <= MAX_BYTES:
                break
        data = jpeg(square.resize((size, size), Image.Resampling.LANCZOS))
    made = {size: folder / f"{stem}-{size}.jpg"}
    write(made[size], data)
    for width in PAGE_SIZES:
        made[width] = folder / f"{stem}-{width}.jpg"
        write(made[width], jpeg(square.resize((width, width), Image.Resampling.LANCZOS)))
    return made


def _existing(folder: Path, stem: str) -> dict[int, Path] | None:
    """The sizes an earlier build made for ``stem``, if they are all there."""
    found = {}
    for path in folder.glob(f"{stem}-*.jpg"):
        width = path.stem.rsplit("-", 1)[1]
        if width.isdigit():
            found[int(width)] = path
    feed = [w for w in found if w >= FEED_MIN]
    if len(feed) != 1 or any(w not in found for w in PAGE_SIZES):
        return None
    return {w: found[w] for w in (feed[0], *PAGE_SIZES)}


def jpeg(img: Image.Image, qualities: tuple[int, ...] = QUALITIES) -> bytes:
    """Progressive JPEG at the best quality that fits MAX_BYTES (or the lowest tried)."""
    data = b""
    for quality in qualities:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
        data = buf.getvalue()
        if len(data) <= MAX_BYTES:
            break
    return data


def generate(title: str, seed: str, size: int = FEED_MIN) -> Image.Image:
    """A square cover: the title in large white type on a colour chosen from ``seed``."""
    colour = PALETTE[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(PALETTE)]
    img = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(img)
    margin = size // 10
    for font_size in range(size // 8, size // 30, -size // 100):
        face = font(font_size)
        chars = max(6, int((size - 2 * margin) / (font_size * 0.55)))
        text = "\n".join(textwrap.wrap(title, width=chars, break_long_words=False)[:6]) or " "
        box = draw.multiline_textbbox((0, 0), text, font=face, spacing=font_size // 4)
        if box[2] - box[0] <= size - 2 * margin and box[3] - box[1] <= size - 2 * margin:
            break
    x = (size - (box[2] - box[0])) / 2 - box[0]
    y = (size - (box[3] - box[1])) / 2 - box[1]
    draw.multiline_text((x, y), text, font=face, fill="white", spacing=font_size // 4,
                        align="center")
    return img


def generated_key(title: str, seed: str) -> str:
    """Changes with the title, the seed, the rendering and the font in use."""
    blob = f"generated:{seed}:{title}:{COVERS_VERSION}:{Path(_font_file() or 'pillow').name}"
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


@functools.cache
def _font_file() -> str | None:
    """A bold sans-serif with French accents: DejaVu (Debian's fonts-dejavu-core).

    Pillow's bundled font lacks accented letters, so it is only the last resort.
    """
    if shutil.which("fc-match"):
        proc = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans:bold"],
                              capture_output=True, text=True)
        if proc.returncode == 0 and proc.stdout.lower().endswith((".ttf", ".otf")) \
                and Path(proc.stdout).is_file():
            return proc.stdout
    fallback = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    return str(fallback) if fallback.is_file() else None


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_file()
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def render_generated(title: str, seed: str, folder: Path, stem: str, *,
                     write: Callable[[Path, bytes], object]) -> dict[int, Path]:
    """Like ``render``, for a cover drawn by ``generate`` (always 1400 px)."""
    done = _existing(folder, stem)
    if done:
        return done
    img = generate(title, seed)
    made = {}
    for width in (FEED_MIN, *PAGE_SIZES):
        made[width] = folder / f"{stem}-{width}.jpg"
        scaled = img if width == FEED_MIN else img.resize((width, width), Image.Resampling.LANCZOS)
        write(made[width], jpeg(scaled))
    return made


def _open(path: Path) -> Image.Image:
    try:
        img = Image.open(path)
        img.load()
    except FileNotFoundError as exc:
        raise MediaError(N_("no such file"), path, code="file.missing", field="cover") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise MediaError(N_("not a readable picture (use a JPEG or PNG file)"), path,
                         code="cover.unreadable", field="cover") from exc
    return img


def _srgb(img: Image.Image) -> Image.Image:
    """RGB in sRGB: embedded colour profiles converted, transparency flattened on white."""
    profile = img.info.get("icc_profile")
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        img = flat
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            img = ImageCms.profileToProfile(img.convert("RGB") if img.mode not in ("RGB", "CMYK")
                                            else img, source, ImageCms.createProfile("sRGB"),
                                            outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: the pixels are still usable as they are
    return img.convert("RGB") if img.mode != "RGB" else img
