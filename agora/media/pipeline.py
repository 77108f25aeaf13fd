"""What happens to an uploaded image's bytes: read, judged, stripped, re-encoded. No Django.

Two steps, so the request stays quick and the worker does the slow part:

- `inspect(data, limits)` (in the request): the real type from the content (magic bytes,
  then Pillow limited to the formats we accept), the size from the header *before* any
  pixel is decoded (a decompression bomb is refused here), then one decode to prove the
  file is whole (JPEGs at a reduced scale: fast). Anything else is `Refused`, with a code
  the caller turns into a sentence.
- `process(data)` (in the worker): orientation applied, colours converted to sRGB, every
  piece of metadata left behind (only pixels are re-encoded: EXIF, GPS, XMP, comments and
  profiles never reach the output), then the sizes pages need, in WebP, and one JPEG for
  the browsers without WebP. Animated GIFs keep their first frame (decision 0009).
"""

from __future__ import annotations

import hashlib
import io
import warnings
import zipfile
from dataclasses import dataclass, field

import imagehash
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# The widths pages ask for (the feed's column, a phone's full width, the gallery, a large
# screen); an image is never enlarged, so a small one has fewer sizes.
WIDTHS = (320, 640, 1280, 2048)
FALLBACK_WIDTH = 1280  # the JPEG for browsers without WebP
WEBP_QUALITY = 80
ORIENTATION = 0x0112  # the EXIF tag
JPEG_QUALITY = 82

# Pillow's name for each format we accept, and the MIME type we announce.
FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "AVIF": "image/avif",
}


@dataclass(frozen=True)
class Limits:
    """How big an upload may be. Defaults are safe; a community may lower or raise them."""

    max_bytes: int = 15 * 1024 * 1024
    max_pixels: int = 50_000_000
    # The longest side, and how long and thin an image may be: a 1 x 100,000 strip is no
    # photo, and it would make every page that shows it misbehave.
    max_side: int = 12_000
    max_aspect: float = 20.0


class Refused(Exception):
    """The upload is not an image we take. `code` names why; `params` fill the sentence."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code, params)


@dataclass(frozen=True)
class Probe:
    """What the request learnt of an upload, without keeping any of its metadata."""

    format: str  # a key of FORMATS
    width: int  # as the pixels are stored (before orientation)
    height: int
    pixels: int
    sha256: str
    turned: bool = False  # its orientation tag turns it a quarter: shown, width is height
    phash: str = ""  # its perceptual hash, known before it is prepared (re-uploads)

    @property
    def mime(self) -> str:
        return FORMATS[self.format]

    @property
    def shown_width(self) -> int:
        return self.height if self.turned else self.width

    @property
    def shown_height(self) -> int:
        return self.width if self.turned else self.height


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # "webp" or "jpeg"
    data: bytes = field(repr=False)

    @property
    def digest(self) -> str:
        """A short hash of the bytes, for a file name that changes when the bytes do."""
        return hashlib.sha256(self.data).hexdigest()[:16]


@dataclass(frozen=True)
class Processed:
    width: int  # as shown (orientation applied)
    height: int
    phash: str  # 64-bit perceptual hash, 16 hex digits
    renditions: list[Rendition]


def sniff(data: bytes) -> str | None:
    """The format the first bytes announce, whatever the file's name or the browser said."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return "AVIF"
    return None


def inspect(data: bytes, limits: Limits | None = None) -> Probe:
    """Judge an upload from its content: its type, its size, that it decodes; nothing kept."""
    limits = limits or Limits()
    if not data:
        raise Refused("empty")
    if len(data) > limits.max_bytes:
        raise Refused("too_many_bytes", limit=limits.max_bytes, size=len(data))
    kind = sniff(data)
    if kind is None:
        raise Refused("not_an_image")
    if zipfile.is_zipfile(io.BytesIO(data)):
        # A picture that is also an archive (a polyglot): whatever it hides, not here.
        raise Refused("hidden_content")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
            width, height = image.size  # read from the header: nothing is decoded yet
            _check_size(width, height, limits)
            turned = image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)
            _decode(image, kind)
            phash = _phash(ImageOps.exif_transpose(image))
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused("too_many_pixels", limit=limits.max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise Refused("damaged") from None
    sha256 = hashlib.sha256(data).hexdigest()
    return Probe(kind, width, height, width * height, sha256, turned, phash)


def _check_size(width: int, height: int, limits: Limits) -> None:
    if width < 1 or height < 1:
        raise Refused("damaged")
    if width * height > limits.max_pixels:
        raise Refused("too_many_pixels", limit=limits.max_pixels)
    longest, shortest = max(width, height), min(width, height)
    if longest > limits.max_side or longest / shortest > limits.max_aspect:
        raise Refused("odd_shape", width=width, height=height)


def _decode(image: Image.Image, kind: str) -> None:
    """Decode once, so a truncated or corrupt file is refused now, not in the worker."""
    if kind == "JPEG":
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
    image.load()


def process(data: bytes, *, widths: tuple[int, ...] = WIDTHS) -> Processed:
    """Strip, orient and re-encode an image `inspect` accepted into the sizes pages need."""
    with Image.open(io.BytesIO(data), formats=list(FORMATS)) as source:
        source.seek(0)  # an animation: its first frame
        if source.format == "JPEG":
            # Decoded at the smallest scale (1/2, 1/4, 1/8) still as large as the largest
            # size asked, give or take 7 %: a 4000-pixel photo decodes at 2000, 4 times
            # fewer pixels to decode and resize (the largest size is then 2000 wide).
            wanted = round(max(widths) * 0.93)
            side = wanted * source.height // max(1, source.width)
            source.draft("RGB", (wanted, side))
        image = _srgb(ImageOps.exif_transpose(source), source)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.info.clear()  # nothing of the original travels with the pixels
    width, height = image.size
    renditions = []
    for target in _widths_for(width, widths):
        sized = image if target == width else _resized(image, target)
        renditions.append(_encode(sized, "webp"))
    fallback = min(width, FALLBACK_WIDTH)
    flat = image.convert("RGB") if has_alpha else image
    renditions.append(_encode(flat if fallback == width else _resized(flat, fallback), "jpeg"))
    phash = _phash(image)
    return Processed(width=width, height=height, phash=phash, renditions=renditions)


def _phash(image: Image.Image) -> str:
    """64 bits that change little when a picture is resized, re-encoded or slightly edited."""
    return str(imagehash.phash(image.convert("RGB")))


def distance(first: str, second: str) -> int:
    """How many of the 64 bits of two perceptual hashes differ (0: the same picture)."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


def _srgb(image: Image.Image, source: Image.Image) -> Image.Image:
    """Colours as the file meant them, in sRGB; the profile itself is dropped."""
    profile = source.info.get("icc_profile")
    if image.mode == "CMYK" and not profile:
        return image.convert("RGB")
    if not profile:
        return image
    try:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        mode = "RGBA" if "A" in image.mode else "RGB"
        if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
            image = image.convert(mode)
        return ImageCms.profileToProfile(
            image, source_profile, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert("RGB") if image.mode == "CMYK" else image


def _widths_for(width: int, widths: tuple[int, ...]) -> list[int]:
    chosen = [w for w in widths if w < width]
    if width <= max(widths):
        chosen.append(width)  # its own width: never enlarged
    return chosen


def _resized(image: Image.Image, target: int) -> Image.Image:
    height = max(1, round(image.height * target / image.width))
    return image.resize((target, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, kind: str) -> Rendition:
    out = io.BytesIO()
    if kind == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return Rendition(image.width, image.height, kind, out.getvalue())
