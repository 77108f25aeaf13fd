"""Text normalisation with a map back to the original offsets.

Matching runs on a folded copy (accents stripped, case folded) so « Interdit » matches
"interdit"; every span found there is mapped back to the writer's own characters.
"""

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Folded:
    text: str  # folded text
    origin: list[int]  # origin[i] = index in the original text of folded character i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of folded [start, end)."""
        if start >= len(self.origin):
            last = self.origin[-1] + 1 if self.origin else 0
            return last, last
        original_start = self.origin[start]
        original_end = self.origin[end - 1] + 1 if end > start else original_start
        return original_start, original_end


def fold(text: str) -> Folded:
    """Strip accents and fold case, keeping where each character came from."""
    if text.isascii():
        return Folded(text.lower(), list(range(len(text))))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        decomposed = unicodedata.normalize("NFKD", char)
        kept = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        if char in "’‘ʼ":
            kept = "'"
        for out in kept:
            chars.append(out)
            origin.append(index)
    return Folded("".join(chars), origin)


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not is_word_char(before) and not is_word_char(after)
