"""Folding: accents and case go, offsets come back to the writer's characters."""

from hypothesis import given
from hypothesis import strategies as st

from agora.core.text import fold, fold_char, fold_text, whole_word


def test_accents_case_and_apostrophes_fold():
    assert fold_text("Élève À L’ÉCOLE") == "eleve a l'ecole"
    assert fold_text("ﬁn STRASSE straße") == "fin strasse strasse"


def test_a_span_in_the_folded_text_maps_back_to_the_original_word():
    original = "Straße 🎉 « Défaite » ﬁnale"
    folded = fold(original)
    start = folded.text.index("defaite")
    s, e = folded.span(start, start + len("defaite"))
    assert original[s:e] == "Défaite"
    start = folded.text.index("finale")
    s, e = folded.span(start, start + len("finale"))
    assert original[s:e] == "ﬁnale"
    start = folded.text.index("strasse")
    assert folded.span(start, start + 7) == (0, 6)


def test_whole_word_boundaries():
    text = fold_text("Le contenu, CON ! et l'con")
    assert not whole_word(text, 3, 6)  # "con" inside "contenu"
    assert whole_word(text, 12, 15)
    assert whole_word(text, 23, 26)  # after an apostrophe


@given(st.text(max_size=80))
def test_folding_is_character_by_character(text):
    assert fold_text(text) == "".join(fold_char(char) for char in text)


@given(st.text(max_size=80))
def test_every_folded_character_comes_from_its_mapped_original(text):
    folded = fold(text)
    assert len(folded.origin) == len(folded.text)
    assert folded.origin == sorted(folded.origin)
    for index, char in enumerate(folded.text):
        assert char in fold_char(text[folded.origin[index]])
