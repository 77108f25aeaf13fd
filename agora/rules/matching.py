"""The charter's term and pattern matcher: compiled once per rule set, reused per message.

Pure Python (no Django import), shared by the rules that run on every post and comment, the
steward's rule tester and `agora rules check`.

- Terms and phrases match whole words, ignoring case and accents: « con » matches « CON ! »
  and « l'con », never « contenu ». One Aho-Corasick automaton (pyahocorasick) holds every
  term of a rule set and runs once over the folded text.
- Patterns are RE2 (google-re2): matching time is linear in the text whatever the pattern,
  so a hostile pattern cannot stall the server. They read the same folded text (lower case,
  no accents) and ignore case; accented letters written in a pattern are folded too. One
  RE2 set answers "does any pattern match?" in one pass; only the patterns that do are run
  again for their offsets.

Every offset is into the original text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
import re2

from agora.core.text import fold, fold_text, is_word_char

MAX_TERMS = 20_000
MAX_TERM_LENGTH = 200
MAX_PATTERNS = 100
MAX_PATTERN_LENGTH = 500
RE2_MAX_MEM = 64 << 20


class RuleError(ValueError):
    """A term list or pattern that cannot be used; the message says why, for a person."""


@dataclass(frozen=True, slots=True)
class Match:
    kind: str  # "term" or "pattern"
    value: str  # the term or the pattern as written
    start: int  # offsets into the original text
    end: int

    def as_dict(self) -> dict:
        return {self.kind: self.value, "start": self.start, "end": self.end}


def normalise_term(term: str) -> str:
    """The folded form a term is matched in: no accents, lower case, single spaces."""
    return fold_text(" ".join(term.split()))


def _options():
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = RE2_MAX_MEM
    return options


def _fold_pattern(pattern: str) -> str:
    """Fold the accented letters a steward wrote, leave the ASCII syntax alone ("\\D" stays)."""
    if pattern.isascii():
        return pattern
    return "".join(c if c.isascii() else fold_text(c) for c in pattern)


def compile_pattern(pattern: str):
    """An RE2 pattern, or RuleError with a message a steward can act on."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise RuleError("A pattern cannot be empty.")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise RuleError(f"A pattern has at most {MAX_PATTERN_LENGTH} characters.")
    try:
        compiled = re2.compile(_fold_pattern(pattern), _options())
    except re2.error as error:
        reason = error.args[0] if error.args else ""
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise RuleError(
            f"The pattern {pattern!r} cannot be used: {reason or 'invalid syntax'}. Patterns "
            "use RE2 syntax (no back-references or look-arounds)."
        ) from None
    if compiled.search("") is not None:
        raise RuleError(
            f"The pattern {pattern!r} matches an empty text, so it would match every message."
        )
    return compiled


class Matcher:
    """Every term and pattern of one rule set, compiled once."""

    def __init__(self, terms: Iterable[str] = (), patterns: Iterable[str] = ()):
        self.terms: list[str] = []
        self._automaton = ahocorasick.Automaton()
        seen = set()
        for term in terms:
            if not isinstance(term, str):
                raise RuleError("Terms are text.")
            if len(term) > MAX_TERM_LENGTH:
                raise RuleError(f"A term has at most {MAX_TERM_LENGTH} characters: {term[:40]!r}…")
            key = normalise_term(term)
            if not key or key in seen:
                continue
            seen.add(key)
            written = " ".join(term.split())
            self.terms.append(written)
            self._automaton.add_word(key, (written, len(key)))
        if len(self.terms) > MAX_TERMS:
            raise RuleError(f"A rule set holds at most {MAX_TERMS} terms.")
        if self.terms:
            self._automaton.make_automaton()
        self.patterns: list[str] = []
        self._compiled = []
        for pattern in patterns:
            compiled = compile_pattern(pattern)
            self.patterns.append(pattern)
            self._compiled.append(compiled)
        if len(self.patterns) > MAX_PATTERNS:
            raise RuleError(f"A rule set holds at most {MAX_PATTERNS} patterns.")
        self._set = None
        if self._compiled:
            self._set = re2.Set.SearchSet(_options())
            for pattern in self.patterns:
                self._set.Add(_fold_pattern(pattern))
            self._set.Compile()

    def __bool__(self) -> bool:
        return bool(self.terms or self.patterns)

    def find(self, text: str) -> list[Match]:
        """Every term and pattern match, sorted by position, with original offsets."""
        if not self or not text:
            return []
        folded_text = fold_text(text)
        raw: list[tuple[str, str, int, int]] = []
        if self.terms:
            for end_index, (written, length) in self._automaton.iter(folded_text):
                start = end_index - length + 1
                end = end_index + 1
                before = folded_text[start - 1] if start else " "
                after = folded_text[end] if end < len(folded_text) else " "
                if not is_word_char(before) and not is_word_char(after):
                    raw.append(("term", written, start, end))
        if self._set is not None:
            for index in self._set.Match(folded_text) or ():
                for match in self._compiled[index].finditer(folded_text):
                    if match.end() > match.start():
                        raw.append(("pattern", self.patterns[index], match.start(), match.end()))
        if not raw:
            return []
        folded = fold(text) if not text.isascii() else None
        matches = []
        for kind, value, start, end in raw:
            if folded is not None:
                start, end = folded.span(start, end)
            matches.append(Match(kind, value, start, end))
        matches.sort(key=lambda m: (m.start, m.end, m.kind, m.value))
        return matches
