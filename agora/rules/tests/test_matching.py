"""The charter matcher: whole words without case or accents, RE2 patterns, original offsets."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agora.core.text import fold_text, is_word_char
from agora.rules.matching import Matcher, RuleError, normalise_term


def found(matcher, text):
    return [(m.kind, m.value, text[m.start : m.end]) for m in matcher.find(text)]


def test_whole_words_without_case_or_accents():
    matcher = Matcher(["con", "défaite"])
    assert found(matcher, "Le contenu est CON ! Quelle DEFAITE.") == [
        ("term", "con", "CON"),
        ("term", "défaite", "DEFAITE"),
    ]
    assert found(matcher, "contenu, déconfit, défaites") == []


def test_phrases_apostrophes_and_overlaps():
    matcher = Matcher(["gros con", "con", "mot  de passe"])
    text = "Espèce de gros con, l’con ! Ton mot de passe ?"
    assert found(matcher, text) == [
        ("term", "gros con", "gros con"),
        ("term", "con", "con"),
        ("term", "con", "con"),
        ("term", "mot de passe", "mot de passe"),
    ]


def test_offsets_point_into_texts_with_emoji_and_decomposed_accents():
    matcher = Matcher(["arnaque"], ["remb[o0]urs\\w*"])
    text = "🎉🎉 C’est une ARNAQUE 😡, je veux un rembo\u0301ursement"
    assert found(matcher, text) == [
        ("term", "arnaque", "ARNAQUE"),
        ("pattern", "remb[o0]urs\\w*", "rembo\u0301ursement"),
    ]


def test_patterns_ignore_case_and_accents_written_in_them():
    matcher = Matcher([], ["achète[sz]?", r"\bvi[a@]gra\b"])
    assert found(matcher, "ACHETEZ du VI@GRA, acheter") == [
        ("pattern", "achète[sz]?", "ACHETEZ"),
        ("pattern", r"\bvi[a@]gra\b", "VI@GRA"),
        ("pattern", "achète[sz]?", "achete"),
    ]


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("a(", "missing )"),
        (r"(a)\1", "invalid escape"),
        ("(?=x)", "invalid perl operator"),
        ("a*", "matches an empty text"),
        ("", "cannot be empty"),
        ("x" * 501, "at most 500"),
    ],
)
def test_patterns_re2_cannot_use_are_refused_with_a_reason(pattern, reason):
    with pytest.raises(RuleError, match=re.escape(reason)):
        Matcher([], [pattern])


def test_a_hostile_pattern_runs_in_linear_time():
    matcher = Matcher([], ["(a+)+$"])  # catastrophic for backtracking engines
    assert matcher.find("a" * 30_000 + "!") == []


def test_empty_things():
    assert Matcher().find("anything") == []
    assert Matcher(["  ", ""]).find("") == []
    assert not Matcher(["  "])


# --- property: agrees with a plain reference implementation -------------------------------


def reference(terms, text):
    """One term at a time: every occurrence in the folded text bounded by non-word chars."""
    folded = fold_text(text)
    spans = set()
    for term in terms:
        key = normalise_term(term)
        if not key:
            continue
        start = folded.find(key)
        while start != -1:
            end = start + len(key)
            before = folded[start - 1] if start else " "
            after = folded[end] if end < len(folded) else " "
            if not is_word_char(before) and not is_word_char(after):
                spans.add((key, start, end))
            start = folded.find(key, start + 1)
    return spans


ALPHABET = st.sampled_from(list("aeiouconéÉèçÇœ ’'-.,!?_1\u0301") + ["ﬁ", "ß"])
WORDS = st.text(alphabet=ALPHABET, min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(terms=st.lists(WORDS, min_size=1, max_size=6), text=st.text(alphabet=ALPHABET, max_size=60))
def test_term_matching_agrees_with_the_reference(terms, text):
    matcher = Matcher(terms)
    folded = fold_text(text)
    ours = set()
    for match in matcher.find(text):
        assert match.kind == "term"
        key = normalise_term(match.value)
        # The original span folds back to the term it matched.
        assert fold_text(text[match.start : match.end]) == key
        ours.add(key)
    assert ours == {key for key, _, _ in reference(terms, text)}
    assert len(matcher.find(text)) == len(reference(terms, text))
    assert isinstance(folded, str)
