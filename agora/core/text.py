"""Accent- and case-folded text with a map back to the writer's own characters.

Matching (charter rules, the voice coach) runs on a folded copy so « Interdit » matches
"interdit" and « CON » matches "con"; every span found there maps back to the original.
Folding is character by character (a cached table applied with `str.translate`), so the
folded text is exactly the concatenation of each character's fold and the map back is
computed only when something matched. Pure Python: no Django import.
"""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "’‘ʼ"
NON_ASCII_RE = re.compile(r"([^\x00-\x7f]+)")


def fold_char(char: str) -> str:
    """One character without accents, case-folded (typographic apostrophes become ')."""
    if char in APOSTROPHES:
        return "'"
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class _FoldTable(dict):
    """`str.translate` table filled on first sight of each character."""

    def __missing__(self, codepoint: int) -> str:
        folded = fold_char(chr(codepoint))
        self[codepoint] = folded
        if len(folded) != 1:
            _UNEVEN.add(codepoint)
        return folded


_TABLE = _FoldTable()
_UNEVEN: set[int] = set()  # characters that fold to zero or several characters


def fold_text(text: str) -> str:
    """The folded copy alone (the fast path: no offsets).

    ASCII runs are lower-cased in C; only the non-ASCII runs go through the table, which
    gives exactly the concatenation of each character's fold.
    """
    if text.isascii():
        return text.lower()
    parts = NON_ASCII_RE.split(text)
    parts[0::2] = [part.lower() for part in parts[0::2]]
    parts[1::2] = [part.translate(_TABLE) for part in parts[1::2]]
    return "".join(parts)


def folds_evenly(text: str) -> bool:
    """True when every character folds to exactly one: offsets are then unchanged."""
    if text.isascii():
        return True
    for run in NON_ASCII_RE.findall(text):
        for char in run:
            if ord(char) in _UNEVEN or len(_TABLE[ord(char)]) != 1:
                return False
    return True


class Folded:
    """A folded copy of `original`; `span()` maps folded offsets back to original ones."""

    __slots__ = ("original", "text", "_origin", "_even")

    def __init__(self, original: str, text: str | None = None):
        self.original = original
        self.text = fold_text(original) if text is None else text
        self._origin: list[int] | None = None
        self._even: bool | None = None

    @property
    def even(self) -> bool:
        if self._even is None:
            self._even = folds_evenly(self.original)
        return self._even

    @property
    def origin(self) -> list[int]:
        """origin[i] = index in the original text of folded character i (built on demand)."""
        if self._origin is None:
            if self.even:
                self._origin = list(range(len(self.original)))
            else:
                origin: list[int] = []
                for index, char in enumerate(self.original):
                    origin.extend([index] * (1 if char.isascii() else len(_TABLE[ord(char)])))
                self._origin = origin
        return self._origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of folded [start, end)."""
        if self.even:
            return start, max(start, end)
        origin = self.origin
        if start >= len(origin):
            last = origin[-1] + 1 if origin else 0
            return last, last
        original_start = origin[start]
        original_end = origin[end - 1] + 1 if end > start else original_start
        return original_start, original_end


def fold(text: str) -> Folded:
    """Strip accents and fold case, keeping where each character came from."""
    return Folded(text)


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def whole_word(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is neither preceded nor followed by a letter or digit."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not is_word_char(before) and not is_word_char(after)
