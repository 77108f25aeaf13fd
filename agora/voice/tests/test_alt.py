"""Image descriptions: missing, a file name, or a word that only says "picture"."""

import pytest

from agora.voice import alt


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", alt.MISSING),
        ("   ", alt.MISSING),
        (None, alt.MISSING),
        ("IMG_2041.jpg", alt.FILE_NAME),
        ("PXL_20261207_101010.jpg", alt.FILE_NAME),
        ("DSC01234", alt.FILE_NAME),
        ("Screenshot 2026-12-07 at 10.10.10", alt.FILE_NAME),
        ("mon_chat.png", alt.FILE_NAME),
        ("image", alt.GENERIC),
        ("Photo", alt.GENERIC),
        ("Une photo", alt.GENERIC),
        ("my picture.", alt.GENERIC),
        ("Capture d’écran", alt.GENERIC),
        ("12345", alt.GENERIC),
        ("Latte art en forme de cœur sur un cappuccino", None),
        ("A barista pours milk into a cup", None),
        ("Photo of the roastery's open day, a queue in the rain", None),
        ("\u200b", alt.MISSING),
        ("image 2 of 4", alt.GENERIC),
        ("Pic of the day", alt.GENERIC),
        ("14 mars 2026", alt.GENERIC),
        ("Photo by @marie_dubois", alt.GENERIC),
        ("IMG-20260402-WA0017", alt.FILE_NAME),
        ("DSC_0042.NEF", alt.FILE_NAME),
        ("IMG_2041.jpg – latte art", None),
        ("sourdough_loaf_crumb.jpg", None),
        ("Croissants", None),
    ],
)
def test_assess(text, reason):
    assert alt.assess(text) == reason


def test_advice_says_why_in_the_writers_language():
    assert "screen reader" in alt.advice("IMG_2041.jpg", "en")
    assert "« IMG_2041.jpg »" in alt.advice("IMG_2041.jpg", "fr")
    assert "Dites-le en quelques mots" in alt.advice("photo", "fr")
    assert alt.advice("Two cups on a bar", "en") is None
