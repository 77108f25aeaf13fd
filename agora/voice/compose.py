"""Compositional cues for boss and ego wording, sentence by sentence.

Fixed phrases catch what someone already wrote; these rules catch the shape of it. A sentence
is bossy when it aims a sanction at members under a condition ("…, or you'll be banned",
"anyone who … gets blocked"), or opens with a restrictive order ("Stop …", "Retirez …").
It is ego when the writer puts themself above the community: owning it ("my page"),
ranking above it ("better than any of you"), or counting their own audience.
Everything runs on folded text (no accents, lower case).
"""

import re

from .lexicons import compose_en, compose_fr


def _words(pattern_list) -> str:
    return "(?:" + "|".join(pattern_list) + ")"


def _sentences(folded: str):
    start = 0
    for match in re.finditer(r"[.!?;\n]+|$", folded):
        end = match.end()
        if folded[start:end].strip():
            yield start, end
        start = end
        if match.start() == len(folded):
            break


class Rules:
    def __init__(self, lexicon):
        L = lexicon
        self.target = re.compile(r"\b" + _words(L.TARGETS) + r"\b")
        self.sanction = re.compile(r"\b" + _words(L.SANCTIONS))
        self.condition = re.compile(r"\b" + _words(L.CONDITIONS) + r"\b")
        self.order = re.compile(
            r"(?:^|[:,]\s*|\b(?:" + "|".join(L.OPENERS) + r")\s+)" + _words(L.RESTRICTIVE) + r"\b"
        )
        self.closing = re.compile(r"\b" + _words(L.CLOSING))
        self.first = re.compile(r"\b" + _words(L.FIRST_PERSON) + r"\b")
        self.own = re.compile(r"\b" + _words(L.OWNERSHIP) + r"\b")
        self.rank = re.compile(r"\b" + _words(L.RANKING))
        self.power = re.compile(r"\b" + _words(L.POWER))
        self.humble = re.compile(r"\b" + _words(L.HUMBLE))
        self.negation = re.compile(r"\b" + _words(L.NEGATION))
        self.universal = re.compile(r"\b" + _words(L.UNIVERSAL) + r"\b")

    def boss(self, sentence: str):
        if self.closing.search(sentence):
            return self.closing.search(sentence)
        sanction = self.sanction.search(sentence)
        if sanction and (
            self.universal.search(sentence)
            or (self.target.search(sentence) and self.condition.search(sentence))
        ):
            return sanction
        return self.order.search(sentence.strip())

    def ego(self, sentence: str):
        if self.humble.search(sentence) or self.negation.search(sentence):
            return None
        for rule in (self.own, self.rank):
            found = rule.search(sentence)
            if found:
                return found
        if self.first.search(sentence):
            return self.power.search(sentence)
        return None


_RULES = {}


def rules(lang: str) -> Rules:
    if lang not in _RULES:
        _RULES[lang] = Rules(compose_fr if lang == "fr" else compose_en)
    return _RULES[lang]


def find(folded: str, lang: str, kind: str):
    """Yield (sentence_start, sentence_end, start, end) in the folded text, one per sentence."""
    check = getattr(rules(lang), kind)
    for start, end in _sentences(folded):
        sentence = folded[start:end]
        match = check(sentence)
        if match and match.end() > match.start():
            yield start, end, start + match.start(), start + match.end()
