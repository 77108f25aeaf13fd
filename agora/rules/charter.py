"""A charter version's automatic rules, compiled once and applied to one message at a time.

Pure Python (no Django import): moderation reads the rules of a charter version from the
database, builds `CompiledRules` once per version (`screening.compiled_rules`) and calls
`check()` for every new or edited post and comment; the steward's tester and
`bench/rules.py` call it the same way.

Kinds of rule (each on one article, each with an action):
- `terms`: watched terms and phrases, whole words, without case or accents;
- `pattern`: one RE2 pattern (linear time), on the same folded text;
- `links`: a link from a member who joined fewer than `limit` days ago;
- `rate`: more than `limit` posts and comments in the last hour by the same member;
- `shouting`: a message mostly in capitals, or a run of capitalised words.
Actions, strongest first: `reject` (refused, with the article cited), `hold` (kept out of
sight until a jury decides), `flag` (published, and a case opens).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import re2

from .matching import Match, Matcher, RuleError, compile_pattern, normalise_term

KINDS = ("terms", "pattern", "links", "rate", "shouting")
ACTIONS = ("reject", "hold", "flag")  # strongest first
MAX_TERMS_PER_RULE = 10_000


def _re2(pattern: str):
    options = re2.Options()
    options.log_errors = False
    return re2.compile(pattern, options)


# RE2 here too: linear time on any text, and Unicode classes (\p{Lu}: any capital letter).
LINK_RE = _re2(
    r"(?i)(?:\bhttps?://|\bwww\.)[^\s<>\"]+"
    r"|\b[a-z0-9-]+\.(?:com|fr|net|org|io|ly|gg|shop)/[^\s<>\"]*"
)
# Three words of 3+ capitals in a row, apart only by spaces or light punctuation, and a
# single capital with an apostrophe ("C'EST N'IMPORTE QUOI").
_CAPS = r"\p{Lu}{3,}"
_GAP = r"[\s,;:'’\-!]+(?:\p{Lu}['’])?"
CAPS_RUN_RE = _re2(
    rf"(?:^|[^\p{{L}}\p{{N}}_]){_CAPS}(?:{_GAP}{_CAPS}){{2}}(?:$|[^\p{{L}}\p{{N}}_])"
)
ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


@dataclass(frozen=True)
class RuleSpec:
    """One rule as stored on an article of a charter version."""

    id: int
    article: int  # the article's number in its charter version
    kind: str
    action: str
    terms: tuple[str, ...] = ()
    pattern: str = ""
    limit: int = 0  # days for `links`, messages per hour for `rate`

    def validate(self) -> None:
        """RuleError with a message a steward can act on, before anything is saved."""
        if self.kind not in KINDS:
            raise RuleError(f"Unknown kind of rule {self.kind!r}.")
        if self.action not in ACTIONS:
            raise RuleError(f"Unknown action {self.action!r}: reject, hold or flag.")
        if self.kind == "terms":
            if not any(normalise_term(t) for t in self.terms):
                raise RuleError(f"Article {self.article}: a term rule needs at least one term.")
            if len(self.terms) > MAX_TERMS_PER_RULE:
                raise RuleError(f"A term rule holds at most {MAX_TERMS_PER_RULE} terms.")
        elif self.kind == "pattern":
            compile_pattern(self.pattern)
        elif self.kind in ("links", "rate") and not 1 <= self.limit <= 10_000:
            unit = "days" if self.kind == "links" else "messages per hour"
            raise RuleError(f"Article {self.article}: the limit is between 1 and 10000 {unit}.")


@dataclass(frozen=True)
class Hit:
    """A rule that fired on a message, with what it saw."""

    rule: RuleSpec
    matches: tuple[Match, ...] = ()
    count: float | None = None  # what was counted: days of membership, messages this hour

    @property
    def action(self) -> str:
        return self.rule.action


@dataclass
class Verdict:
    hits: list[Hit] = field(default_factory=list)

    @property
    def action(self) -> str | None:
        """The strongest action among the hits (reject > hold > flag), or None."""
        for action in ACTIONS:
            if any(hit.action == action for hit in self.hits):
                return action
        return None

    @property
    def articles(self) -> list[int]:
        return sorted({hit.rule.article for hit in self.hits})


def is_shouting(text: str) -> bool:
    """Mostly capitals (70 % of at least 12 letters), or three capitalised words in a row."""
    if CAPS_RUN_RE.search(text):
        return True
    # Cheap upper bound first: counting ASCII lower-case letters is done in C on bytes.
    raw = text.encode("utf-8", "ignore")
    lower_ascii = len(raw) - len(raw.translate(None, ASCII_LOWER))
    if lower_ascii > 0.3 * len(text):
        return False
    letters = sum(map(str.isalpha, text))
    return letters >= 12 and sum(map(str.isupper, text)) >= 0.7 * letters


class CompiledRules:
    """Every rule of one charter version: one matcher for all terms and patterns."""

    def __init__(self, specs: Iterable[RuleSpec]):
        self.specs = list(specs)
        for spec in self.specs:
            spec.validate()
        self._by_term: dict[str, list[RuleSpec]] = {}
        self._by_pattern: dict[str, list[RuleSpec]] = {}
        terms: list[str] = []
        patterns: list[str] = []
        for spec in self.specs:
            if spec.kind == "terms":
                for term in spec.terms:
                    key = normalise_term(term)
                    if key:
                        if key not in self._by_term:
                            terms.append(term)
                        self._by_term.setdefault(key, []).append(spec)
            elif spec.kind == "pattern":
                if spec.pattern not in self._by_pattern:
                    patterns.append(spec.pattern)
                self._by_pattern.setdefault(spec.pattern, []).append(spec)
        self.matcher = Matcher(terms, patterns)
        self._links = [s for s in self.specs if s.kind == "links"]
        self._rate = [s for s in self.specs if s.kind == "rate"]
        self._shouting = [s for s in self.specs if s.kind == "shouting"]

    @property
    def needs_rate(self) -> bool:
        """Whether check() needs the author's count of messages in the last hour."""
        return bool(self._rate)

    def check(self, text: str, *, member_days: float = 1e9, last_hour: int = 0) -> Verdict:
        """Apply every rule to one message. `member_days`: how long the author has been a
        member; `last_hour`: their posts and comments in the last hour, this one excluded."""
        verdict = Verdict()
        if self.matcher:
            grouped: dict[int, list[Match]] = {}
            specs: dict[int, RuleSpec] = {}
            for match in self.matcher.find(text):
                owners = (
                    self._by_term.get(normalise_term(match.value), [])
                    if match.kind == "term"
                    else self._by_pattern.get(match.value, [])
                )
                for spec in owners:
                    grouped.setdefault(spec.id, []).append(match)
                    specs[spec.id] = spec
            for spec_id, matches in grouped.items():
                verdict.hits.append(Hit(specs[spec_id], tuple(matches)))
        if self._links and member_days < max(s.limit for s in self._links):
            link = LINK_RE.search(text)
            if link:
                for spec in self._links:
                    if member_days < spec.limit:
                        span = Match("link", link.group(0), link.start(), link.end())
                        verdict.hits.append(Hit(spec, (span,), member_days))
        for spec in self._rate:
            if last_hour + 1 > spec.limit:
                verdict.hits.append(Hit(spec, (), last_hour + 1))
        if self._shouting and is_shouting(text):
            for spec in self._shouting:
                verdict.hits.append(Hit(spec, ()))
        verdict.hits.sort(key=lambda hit: (ACTIONS.index(hit.action), hit.rule.article))
        return verdict
