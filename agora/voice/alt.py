"""Image descriptions (alt text): is there one, and does it say anything?

A description is for people who cannot see the picture: a screen reader reads it aloud in
the picture's place. A missing one leaves a hole; a file name ("IMG_2041.jpg") or a word
like "image" or "photo" is read out and tells nothing. No Django here: the coach, the
composer and the publishing services all ask `assess`.
"""

from __future__ import annotations

import re

from .text import fold

MISSING, FILE_NAME, GENERIC = "alt_missing", "alt_file_name", "alt_generic"

# What cameras, phones and screenshots call their files, with or without an extension.
FILE_NAME_RE = re.compile(
    r"^(?:img|dsc|dscn|dscf|pxl|photo|image|screenshot|capture|whatsapp image|signal|"
    r"p|mvimg|gopr|sam|cimg|imag|wp|dji|video|scan)[\s_-]*[\d\s_.\-:at]+"
    r"(?:\.(?:jpe?g|png|gif|webp|heic|heif|avif|tiff?|bmp))?$"
    r"|^[\w\s.\-()]+\.(?:jpe?g|png|gif|webp|heic|heif|avif|tiff?|bmp)$"
)
# Words that only say "there is a picture here", alone or with "a"/"my"/"une"/"ma"...
GENERIC_WORDS = {
    "image", "images", "img", "photo", "photos", "picture", "pictures", "pic", "pics", "pix",
    "graphic", "illustration", "screenshot", "capture", "capture d'ecran", "alt", "alt text",
    "description", "untitled", "sans titre", "placeholder", "logo", "avatar", "cover",
    "visuel", "cliche", "selfie", "banner", "banniere", "thumbnail", "vignette", "gif",
    "jpeg", "jpg", "png", "file", "fichier", "test", "todo", "a faire", "-", "...", "?",
}  # fmt: skip
FILLERS_RE = re.compile(
    r"^(?:(?:a|an|the|my|our|this|une?|la|le|les|ma|mon|mes|notre|nos|cette|ce|des)\s+)+"
)

MESSAGES = {
    "en": {
        MISSING: "This image has no description. People who cannot see it hear nothing in "
        "its place: say in a sentence what it shows.",
        FILE_NAME: "“{alt}” is a file name: a screen reader reads it aloud and it tells "
        "nothing. Say what the picture shows.",
        GENERIC: "“{alt}” only says there is a picture. Say what it shows: who, what, where.",
    },
    "fr": {
        MISSING: "Cette image n'a pas de description. Qui ne la voit pas n'entend rien à sa "
        "place : dites en une phrase ce qu'elle montre.",
        FILE_NAME: "« {alt} » est un nom de fichier : un lecteur d'écran le lit à voix haute "
        "et il ne dit rien. Dites ce que montre l'image.",
        GENERIC: "« {alt} » dit seulement qu'il y a une image. Dites ce qu'elle montre : "
        "qui, quoi, où.",
    },
}


def assess(alt: str | None) -> str | None:
    """None when the description says something; else why not (MISSING, FILE_NAME, GENERIC)."""
    text = " ".join((alt or "").split())
    if not text:
        return MISSING
    folded = fold(text).text.lower().strip(" .!?:;,")
    if FILE_NAME_RE.match(folded):
        return FILE_NAME
    bare = FILLERS_RE.sub("", folded).strip()
    if bare in GENERIC_WORDS or not re.search(r"[^\W\d_]{2}", bare):
        return GENERIC
    return None


def advice(alt: str | None, lang: str = "en") -> str | None:
    """The sentence the coach says about a description, in `lang`; None when it is fine."""
    reason = assess(alt)
    if reason is None:
        return None
    messages = MESSAGES.get(lang, MESSAGES["en"])
    return messages[reason].format(alt=" ".join((alt or "").split())[:60])
