"""Pictures (photos, posters, scans): probed by content, published as clean new files.

The one adapter to Pillow for the archive's own pictures (covers have theirs in
``media/covers.py``). ``probe_image`` accepts a file only if Pillow recognises
it as one of the formats a librarian brings (JPEG, PNG, TIFF, WebP, and HEIC
from phones through pillow-heif) and decodes it to the last pixel: a text file
named ``.jpg`` or a cut JPEG is refused with one line and never stored.

``public_copies`` makes what the site shows. Photos of pupils are the most
sensitive thing the archive holds, and a phone photo carries its GPS position,
the camera's serial number, XMP and IPTC blocks and a thumbnail of the
uncropped picture. Nothing of it is carried over: the copies are new images
built from decoded pixels only (``_bare``), turned upright first (EXIF
orientation), converted to sRGB through the embedded ICC profile, resized, and
written with no metadata block at all. The original stays byte for byte.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import pillow_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .errors import N_, MediaError
from .probe import require_file

pillow_heif.register_heif_opener()

# Pillow's format name -> the name the catalogue keeps. MPO is how Pillow reads the
# JPEG of many phones (a main picture plus a depth or preview frame).
FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "TIFF": "tiff", "WEBP": "webp",
           "HEIF": "heic"}
MAX_PIXELS = 120_000_000  # a 120-megapixel scan; more is a mistake or a decompression bomb
# Widths of the public copies (CSS px at 1x and 2x of the gallery and photo pages).
WIDTHS = (320, 640, 1024, 1600)
# The public formats: a modern one first, the JPEG every browser reads as fallback.
PUBLIC_FORMATS = (("webp", "image/webp"), ("jpg", "image/jpeg"))
VERSION = 1  # bump when the copies change, so every build remakes them
_JPEG_QUALITY = 84
_WEBP_QUALITY = 80


@dataclass(frozen=True)
class ImageProbe:
    format: str  # jpeg | png | tiff | webp | heic
    width: int  # as shown, orientation applied
    height: int


@dataclass(frozen=True)
class PublicCopy:
    width: int
    height: int
    ext: str  # webp | jpg
    mime: str
    data: bytes


def probe_image(path: Path, *, name: str | Path | None = None) -> ImageProbe:
    """What the picture at ``path`` is, or MediaError naming ``name`` and the reason."""
    path = Path(path)
    subject = name if name is not None else path
    require_file(path, subject)
    with _opened(path, subject) as im:
        fmt = FORMATS.get(im.format or "")
        if fmt is None:
            raise MediaError(N_("{format} pictures are not taken; use JPEG, PNG, TIFF, WebP "
                                "or HEIC"), subject, code="image.format", field="file",
                             format=im.format or "?")
        width, height = im.size
        _decode(im, subject)
        orientation = im.getexif().get(0x0112, 1)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return ImageProbe(fmt, width, height)


def public_copies(path: Path, *, subject: str | Path, widths: tuple[int, ...] = WIDTHS
                  ) -> list[PublicCopy]:
    """The site's copies of one picture: every width up to its own, in each public format."""
    with _opened(Path(path), subject) as im:
        biggest = max(widths)
        im.draft("RGB", (biggest, biggest))  # a big JPEG decodes at a fraction of its size
        _decode(im, subject)
        clean = _bare(_srgb(ImageOps.exif_transpose(im)))
    sizes = sorted({min(w, clean.width) for w in widths})
    copies = []
    for width in sizes:
        height = max(1, round(clean.height * width / clean.width))
        scaled = clean if width == clean.width else clean.resize((width, height),
                                                                  Image.Resampling.LANCZOS)
        for ext, mime in PUBLIC_FORMATS:
            copies.append(PublicCopy(width, height, ext, mime, _encode(scaled, ext)))
    return copies


def image_of(data: bytes) -> Image.Image:
    """A decoded picture from bytes (a PDF page rendered by media.documents, say)."""
    return Image.open(io.BytesIO(data))


def encode_clean(im: Image.Image, width: int) -> list[PublicCopy]:
    """Public copies of a picture made here (a document's thumbnail), at one width."""
    clean = _bare(_srgb(im))
    height = max(1, round(clean.height * width / clean.width))
    scaled = clean.resize((width, height), Image.Resampling.LANCZOS)
    return [PublicCopy(width, height, ext, mime, _encode(scaled, ext))
            for ext, mime in PUBLIC_FORMATS]


class _opened:
    """Open a picture, turning Pillow's refusals into one clear line."""

    def __init__(self, path: Path, subject) -> None:
        self.path, self.subject = path, subject

    def __enter__(self) -> Image.Image:
        with open(self.path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"%PDF-"):
            raise MediaError(N_("this is a PDF document, not a picture; add it to a document "
                                "series (clea series add SLUG --medium document)"),
                             self.subject, code="image.is-pdf", field="file")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                self.image = Image.open(self.path)
        except (UnidentifiedImageError, Image.DecompressionBombError,
                Image.DecompressionBombWarning, OSError, ValueError, SyntaxError):
            raise MediaError(N_("not a picture (JPEG, PNG, TIFF, WebP or HEIC) or too damaged "
                                "to be read"), self.subject, code="image.unreadable",
                             field="file") from None
        width, height = self.image.size
        if width * height > MAX_PIXELS or not width or not height:
            self.image.close()
            raise MediaError(N_("the picture is {width} × {height} pixels; the limit is "
                                "{limit} million pixels"), self.subject, code="image.too-big",
                             field="file", width=width, height=height,
                             limit=MAX_PIXELS // 1_000_000)
        return self.image

    def __exit__(self, *exc: object) -> None:
        self.image.close()


def _decode(im: Image.Image, subject) -> None:
    """Decode every pixel: a cut file fails here, not halfway through a build."""
    try:
        im.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise MediaError(N_("the picture is damaged or truncated ({error})"), subject,
                         code="image.damaged", field="file", error=str(exc) or "?") from None


def _srgb(im: Image.Image) -> Image.Image:
    """RGB in sRGB: converted through the picture's own ICC profile when it has one
    (a print shop's CMYK poster, a camera's Adobe RGB), else by Pillow's formulas."""
    alpha = None
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        alpha = rgba.getchannel("A")
        im = rgba.convert("RGB")
    icc = im.info.get("icc_profile")
    out = None
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out = ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"),
                                            outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            out = None  # a broken profile: the plain conversion below
    if out is None:
        out = im.convert("RGB") if im.mode != "RGB" else im
    if alpha is not None:
        # Transparent parts on white, as the page's background; JPEG has no alpha.
        white = Image.new("RGB", out.size, (255, 255, 255))
        white.paste(out, mask=alpha)
        out = white
    return out


def _bare(im: Image.Image) -> Image.Image:
    """A new image holding the pixels and nothing else: no info, no EXIF, no profile."""
    return Image.frombytes("RGB", im.size, im.convert("RGB").tobytes())


def _encode(im: Image.Image, ext: str) -> bytes:
    buf = io.BytesIO()
    if ext == "jpg":
        im.save(buf, "JPEG", quality=_JPEG_QUALITY, optimize=True, progressive=True)
    else:
        im.save(buf, "WEBP", quality=_WEBP_QUALITY, method=4)
    return buf.getvalue()
