"""Images for tests, built in memory: good ones, and every shape of bad upload we refuse.

Nothing here is a fixture file on disk: each function says what it builds, so a test reads
as what it sends.
"""

from __future__ import annotations

import io
import random
import zipfile

from PIL import ExifTags, Image

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (48.0, 51.0, 24.12),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (2.0, 21.0, 7.99),
}
SECRET_COMMENT = "Taken at 12 rue des Lilas, ask for Camille. " * 120  # 5,000+ characters
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'dc:creator="Camille Secret"/></rdf:RDF></x:xmpmeta>'
)


def picture(width=800, height=600, *, seed=1, mode="RGB") -> Image.Image:
    """A photo-like picture: noise over gradients, so encoders have real work to do."""
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    base = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 40 + rng.randint(0, 20))
    red = Image.blend(base, noise, 0.3)
    green = base.rotate(90 * rng.randint(0, 3)).resize((width, height))
    blue = noise
    image = Image.merge("RGB", (red, green, blue))
    return image.convert(mode) if mode != "RGB" else image


def scene(width=800, height=600, *, seed=1) -> Image.Image:
    """Shapes on a background, drawn from `seed`: what a perceptual hash recognises."""
    from PIL import ImageDraw

    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    image = Image.new("RGB", (width, height), tuple(rng.randint(0, 255) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randint(0, width), rng.randint(0, height)
        w, h = rng.randint(width // 10, width // 2), rng.randint(height // 10, height // 2)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x - w // 2, y - h // 2, x + w // 2, y + h // 2), fill=colour)
    return image


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg(width=800, height=600, *, seed=1, **options) -> bytes:
    return encoded(picture(width, height, seed=seed), "JPEG", quality=85, **options)


def png(width=800, height=600, *, seed=1, mode="RGB") -> bytes:
    image = picture(width, height, seed=seed, mode=mode)
    if mode == "RGBA":  # really transparent: fading out from left to right
        image.putalpha(Image.linear_gradient("L").rotate(90).resize((width, height)))
    return encoded(image, "PNG")


def webp(width=800, height=600, *, seed=1) -> bytes:
    return encoded(picture(width, height, seed=seed), "WEBP", quality=80)


FRAME_COLOURS = ((200, 30, 30), (30, 30, 200), (30, 200, 30))


def animated_gif(width=200, height=150, frames=3) -> bytes:
    """Frames of one colour each: red, then blue, then green."""
    images = [Image.new("RGB", (width, height), FRAME_COLOURS[n % 3]) for n in range(frames)]
    return encoded(images[0], "GIF", save_all=True, append_images=images[1:], duration=100)


def jpeg_with_secrets(width=800, height=600, *, orientation=6) -> bytes:
    """A phone photo that betrays its author: GPS, a camera and owner, XMP, a long comment,
    and an orientation tag (6: the pixels are stored turned; shown, it stands upright)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Agora Phone"
    exif[ExifTags.Base.Artist] = "Camille Secret"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = GPS
    return encoded(
        picture(width, height),
        "JPEG",
        quality=85,
        exif=exif,
        xmp=XMP,
        comment=SECRET_COMMENT,
    )


def pdf_named_jpg() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def html_named_jpg() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def svg(*, script: bool) -> bytes:
    inner = "<script>alert(document.domain)</script>" if script else ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<rect width="10" height="10" fill="red"/>{inner}</svg>'
    ).encode()


def truncated_jpeg() -> bytes:
    data = jpeg(800, 600)
    return data[: len(data) // 2]


def strip_png() -> bytes:
    """1 x 100,000 pixels: tiny in bytes and pixels, no photo."""
    return encoded(Image.new("L", (1, 100_000), 128), "PNG")


def decompression_bomb() -> bytes:
    """A few kilobytes that would take 400 megapixels (1.6 GB in RGBA) once decoded."""
    return encoded(Image.new("1", (20_000, 20_000)), "PNG", optimize=True)


def oversized(size=50 * 1024 * 1024) -> bytes:
    """A JPEG's first bytes, then `size` bytes in all."""
    head = jpeg(64, 64)
    return head + bytes(size - len(head))


def polyglot_jpeg_zip() -> bytes:
    """A JPEG that is also a ZIP archive (a zip reader finds its directory at the end)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", html_named_jpg())
    return jpeg(320, 240) + archive.getvalue()


def zero_bytes() -> bytes:
    return b""


# Every bad upload the issue lists, by name: what each is, and the refusal code it must get.
HOSTILE = {
    "pdf renamed .jpg": (pdf_named_jpg, "not_an_image"),
    "html renamed .jpg": (html_named_jpg, "not_an_image"),
    "svg without script": (lambda: svg(script=False), "not_an_image"),
    "svg with script": (lambda: svg(script=True), "not_an_image"),
    "truncated jpeg": (truncated_jpeg, "damaged"),
    "1 x 100,000 png": (strip_png, "odd_shape"),
    "decompression bomb": (decompression_bomb, "too_many_pixels"),
    "50 MB file": (oversized, "too_many_bytes"),
    "polyglot jpeg/zip": (polyglot_jpeg_zip, "hidden_content"),
    "zero bytes": (zero_bytes, "empty"),
}
