"""Image descriptions (alt text): is there one, and does it say anything?

A description is for people who cannot see the picture: a screen reader reads it aloud in
the picture's place. A missing one leaves a hole; a file name ("IMG_2041.jpg") is read out
and tells nothing; neither do words that only say there is a picture ("photo du jour",
"see pic", "image 2 of 4"), a date, a credit or a reaction ("Trop beau !"). A description
says something when, once those words are set aside, a word about the picture remains.
No Django here: the coach, the composer and the publishing services all ask `assess`.
"""

from __future__ import annotations

import re
import unicodedata

from .text import fold

MISSING, FILE_NAME, GENERIC = "alt_missing", "alt_file_name", "alt_generic"

EXTENSIONS = (
    r"jpe?g|jfif|png|gif|webp|heic|heif|avif|tiff?|bmp|svg|raw|dng|cr2|cr3|nef|arw|raf|orf|rw2"
    r"|mp|mp4|mov|pdf"
)
EXTENSION_RE = re.compile(rf"\.(?:{EXTENSIONS})(?:\.(?:{EXTENSIONS}))*$")
# What cameras, phones, apps and screen captures call their files.
CAMERA_RE = re.compile(
    r"^(?:img|img_e|dsc|dscn|dscf|_mg|_dsc|pxl|mvimg|gopr|gp|dji|cimg|imag|sam|wp|p|pict|"
    r"vid|fb_img|received|signal|telegram|snapchat|scan|numerisation|camscanner|"
    r"screenshot|screen shot|capture d'ecran|capture|whatsapp image|copie de|copy of|"
    r"untitled design|sans titre)"
    r"[\s_\-.]*[\d(]"
)
# Word characters of a file name that only number it: digits, dates, "wa0003", "mp".
NUMBERING_RE = re.compile(r"^(?:\d+|wa\d+|mp|portrait|final|edit|copy|copie|v\d+|[a-z]\d+)$")

# Words that say nothing about what a picture shows: the picture itself, pointing at it,
# sharing it, reacting to it, dating and crediting it, and the little words around them.
_EMPTY = """
    image images img photo photos foto picture pictures pic pics pix snap shot cliche visuel
    visuels illustration illustrations graphic graphique screenshot capture ecran screen logo
    avatar banner banniere cover couverture affiche poster thumbnail vignette gif jpeg jpg png
    selfie alt text texte alternatif description untitled sans titre placeholder file fichier
    test todo faire attached attachment jointe joint ci dessous dessus below above here voici
    voila see voir look regarde regardez cf check pj inside prise pris taken took take shoot
    shooting hier soir matin today aujourd'hui yesterday tonight c s t qu aujourd hui ce cette
    this that these those my mine our ours your mon ma mes notre nos votre vos son sa ses le la
    les l un une des de du d a an the of for pour par by with avec and et ou or in dans on sur
    at au aux en is est are sont it c'est it's its just juste only seulement encore again new
    nouvelle nouveau nouvelles nouveaux i je j me moi we nous you tu vous he she il elle they
    ils elles day jour jours of-the-day du-jour week semaine month mois year annee trop tres so
    very too really vraiment beau belle beaux belles magnifique superbe top genial geniale cool
    nice great good bien beautiful amazing awesome wow waouh ouah lol mdr haha ahah love adore
    j'adore enjoy profitez sharing share partage partager partagee not to pas without comment
    commentaire comments commentaires mots words thousand mille vaut worth quand meme anyway
    credit credits photographer photographe courtesy via source copyright janvier fevrier mars
    avril mai juin juillet aout septembre octobre novembre decembre january february march
    april may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday
    wednesday thursday friday saturday sunday h am pm
"""
EMPTY_WORDS = frozenset(_EMPTY.split())
CREDIT_RE = re.compile(
    r"^(?:photo\s+by|pic\s+by|picture\s+by|shot\s+by|credit(?:\s+photo)?|photo\s+credit|"
    r"©|\(c\))\s*:?\s*(?P<who>.+)$"
)
WORD_RE = re.compile(r"[^\W\d_]+")

MESSAGES = {
    "en": {
        MISSING: "This image has no description. People who cannot see it hear nothing in "
        "its place: say in a sentence what it shows.",
        FILE_NAME: "“{alt}” is a file name: a screen reader reads it aloud and it tells "
        "nothing. Say what the picture shows.",
        GENERIC: "“{alt}” does not say what the picture shows. Say it in a few words: who, "
        "what, where.",
    },
    "fr": {
        MISSING: "Cette image n'a pas de description. Qui ne la voit pas n'entend rien à sa "
        "place : dites en une phrase ce qu'elle montre.",
        FILE_NAME: "« {alt} » est un nom de fichier : un lecteur d'écran le lit à voix haute "
        "et il ne dit rien. Dites ce que montre l'image.",
        GENERIC: "« {alt} » ne dit pas ce que montre l'image. Dites-le en quelques mots : "
        "qui, quoi, où.",
    },
}


def visible(text: str | None) -> str:
    """The text without invisible characters (zero-width, direction marks, blank braille)
    and with its spaces folded."""
    kept = "".join(
        char
        for char in (text or "")
        if unicodedata.category(char) not in ("Cf", "Cc", "Co", "Cn")
        and char not in "\u2800\u3164\u115f\u1160\uffa0"
    )
    return " ".join(kept.split())


def _content_words(text: str) -> list[str]:
    return [word for word in WORD_RE.findall(text) if word not in EMPTY_WORDS]


def _looks_like_a_file(folded: str) -> bool:
    if EXTENSION_RE.search(folded):
        return True
    if " " not in folded.strip() and "_" in folded and re.search(r"\d{3}", folded):
        return True  # DSC_0042, IMG-20260402-WA0017 without their extension
    rest = CAMERA_RE.sub("", folded)
    return bool(CAMERA_RE.match(folded)) and not [w for w in _content_words(rest) if len(w) > 2]


def assess(alt: str | None) -> str | None:
    """None when the description says something; else why not (MISSING, FILE_NAME, GENERIC)."""
    text = visible(alt)
    if not text:
        return MISSING
    folded = fold(text).text.lower().strip(" .!?:;,")
    if _looks_like_a_file(folded):
        stem = EXTENSION_RE.sub("", folded)
        words = [w for w in re.split(r"[\s_\-.()]+", stem) if w and not NUMBERING_RE.match(w)]
        described = [w for w in words if w.isalpha() and w not in EMPTY_WORDS and len(w) > 2]
        if len(described) >= 2 and not CAMERA_RE.match(folded):
            return None  # a file named for what it shows ("sourdough_loaf_crumb.jpg")
        rest = EXTENSION_RE.split(folded)
        if len(rest) > 1 and _content_words(rest[-1]):
            return None
        return FILE_NAME
    credit = CREDIT_RE.match(folded)
    if credit and len(_content_words(credit.group("who"))) <= 2:
        return GENERIC  # a credit alone: who took it, not what it shows
    return None if _content_words(folded) else GENERIC


def advice(alt: str | None, lang: str = "en") -> str | None:
    """The sentence the coach says about a description, in `lang`; None when it is fine."""
    reason = assess(alt)
    if reason is None:
        return None
    messages = MESSAGES.get(lang, MESSAGES["en"])
    return messages[reason].format(alt=visible(alt)[:60])
