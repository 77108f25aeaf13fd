"""The pipeline on real bytes: what it refuses, and what is left of what it accepts."""

import io

import pytest
from PIL import ExifTags, Image

from agora.media import pipeline
from agora.testing import images


@pytest.mark.parametrize("name", sorted(images.HOSTILE))
def test_every_hostile_upload_is_refused_with_its_reason(name):
    make, code = images.HOSTILE[name]
    with pytest.raises(pipeline.Refused) as refused:
        pipeline.inspect(make())
    assert refused.value.code == code


def test_a_bomb_is_refused_from_its_header_before_any_pixel_is_decoded():
    data = images.decompression_bomb()
    assert len(data) < 200_000  # a few kilobytes that claim 400 megapixels
    with pytest.raises(pipeline.Refused) as refused:
        pipeline.inspect(data, pipeline.Limits(max_pixels=10_000_000))
    assert refused.value.params == {"limit": 10_000_000}


def test_limits_are_the_callers():
    data = images.jpeg(800, 600)
    pipeline.inspect(data, pipeline.Limits(max_pixels=480_000))
    with pytest.raises(pipeline.Refused) as refused:
        pipeline.inspect(data, pipeline.Limits(max_pixels=479_999))
    assert refused.value.code == "too_many_pixels"
    with pytest.raises(pipeline.Refused) as refused:
        pipeline.inspect(data, pipeline.Limits(max_bytes=len(data) - 1))
    assert refused.value.code == "too_many_bytes"


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (images.jpeg, "JPEG"),
        (images.png, "PNG"),
        (images.webp, "WEBP"),
        (images.animated_gif, "GIF"),
    ],
)
def test_the_type_comes_from_the_content(make, kind):
    probe = pipeline.inspect(make())
    assert probe.format == kind


def test_a_png_named_by_the_browser_as_a_jpeg_is_still_a_png():
    # The name and the declared type never reach the pipeline: only bytes do.
    assert pipeline.sniff(images.png()) == "PNG"
    assert pipeline.sniff(b"GIF89a" + b"\0" * 10) == "GIF"
    assert pipeline.sniff(b"<svg") is None


def test_gps_exif_xmp_comment_and_profile_are_gone_and_the_photo_stands_upright():
    data = images.jpeg_with_secrets(800, 600, orientation=6)
    original = Image.open(io.BytesIO(data))
    # What the phone wrote is really there before.
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"Camille Secret" in data and b"rue des Lilas" in data
    probe = pipeline.inspect(data)
    assert (probe.shown_width, probe.shown_height) == (600, 800)

    processed = pipeline.process(data)

    assert (processed.width, processed.height) == (600, 800)  # turned as the tag says
    for rendition in processed.renditions:
        assert b"Camille" not in rendition.data and b"Lilas" not in rendition.data
        assert b"Agora Phone" not in rendition.data and b"xmpmeta" not in rendition.data
        out = Image.open(io.BytesIO(rendition.data))
        assert not out.getexif()
        assert not out.info.get("icc_profile") and not out.info.get("xmp")
        assert "comment" not in out.info and "exif" not in out.info
        assert out.size == (rendition.width, rendition.height)
        assert out.width <= out.height  # upright


def test_sizes_are_never_enlarged_and_each_comes_in_webp_with_one_jpeg():
    large = pipeline.process(images.jpeg(3000, 2000))
    assert [(r.width, r.format) for r in large.renditions] == [
        (320, "webp"),
        (640, "webp"),
        (1280, "webp"),
        (2048, "webp"),
        (1280, "jpeg"),
    ]
    small = pipeline.process(images.png(500, 400))
    assert [(r.width, r.height, r.format) for r in small.renditions] == [
        (320, 256, "webp"),
        (500, 400, "webp"),
        (500, 400, "jpeg"),
    ]


def test_an_animated_gif_keeps_its_first_frame():
    processed = pipeline.process(images.animated_gif(200, 150, frames=3))
    webp = Image.open(io.BytesIO(processed.renditions[-2].data))
    assert getattr(webp, "n_frames", 1) == 1
    red = Image.new("RGB", webp.size, images.FRAME_COLOURS[0])
    assert _close(webp.convert("RGB"), red)


def test_transparency_is_kept_in_webp_and_flattened_in_jpeg():
    data = images.png(300, 200, mode="RGBA")
    processed = pipeline.process(data)
    webp = Image.open(io.BytesIO(processed.renditions[0].data))
    assert webp.mode == "RGBA" and webp.getextrema()[3][0] < 30  # some of it see-through
    assert Image.open(io.BytesIO(processed.renditions[-1].data)).mode == "RGB"


def test_near_identical_pictures_have_near_identical_perceptual_hashes():
    photo = images.scene(800, 600, seed=3)
    again = images.encoded(photo.resize((640, 480)), "JPEG", quality=60)
    other = images.encoded(images.scene(800, 600, seed=9), "JPEG")
    first = int(pipeline.process(images.encoded(photo, "PNG")).phash, 16)
    second = int(pipeline.process(again).phash, 16)
    third = int(pipeline.process(other).phash, 16)
    assert bin(first ^ second).count("1") <= 6
    assert bin(first ^ third).count("1") > 12


def _close(a: Image.Image, b: Image.Image) -> bool:
    diff = sum(abs(x - y) for x, y in zip(a.tobytes(), b.tobytes(), strict=True))
    return diff / len(a.tobytes()) < 12
