"""A small linear model beside the lexicons, for boss and ego wording.

The lexicons and the compositional rules catch what they were written for; a new writer says
the same thing in words nobody listed (each fresh held-out set showed it: precision held,
recall fell to about 0.6). A logistic regression over character and word n-grams of the
folded text catches many of those paraphrases. It is trained from the labelled tuning sets in
`evaluation/` once per process, at first use (about a second, deterministic: nothing is
downloaded or unpickled), and is only ever a second opinion:

- a draft the lexicons did not flag is flagged when the model gives the whole draft at least
  THRESHOLDS, or one of its sentences at least SENTENCE_THRESHOLDS (so that one bossy line in a
  long, friendly announcement is not diluted away); the finding points at the sentence the
  model finds likeliest;
- a lexicon hit stands only when the model gives the draft or one of its sentences at least
  CONFIRM, which removes the lexicons' false alarms on turns of phrase they were not written
  for.

The figures were chosen on out-of-set predictions (each tuning set predicted by a model
trained on the others), never on the held-out set.
"""

from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass

KINDS = ("boss", "ego")
THRESHOLDS = {"boss": 0.7, "ego": 0.75}
SENTENCE_THRESHOLDS = {"boss": 0.9, "ego": 0.9}  # one sentence of a longer draft, alone
CONFIRM = 0.25
C = 10.0  # inverse regularisation, chosen with the thresholds

SENTENCE_END_RE = re.compile(r"[.!?;\n]+|$")


def _features():
    """Character and word n-grams of the folded text; unsupervised, shared by both kinds."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            sublinear_tf=True,
            token_pattern=r"(?u)\b\w+\b",  # noqa: S106 (a regex, not a secret)
        ),
    )


def training_examples(leave_out: str = "") -> tuple[list[str], dict[str, list[bool]]]:
    """Folded texts of the tuning sets (but the file named `leave_out`) and their labels."""
    from .sets import load_set
    from .text import fold

    items = [item for item in load_set("tuning") if item["_file"] != leave_out]
    texts = [fold(item["text"]).text for item in items]
    labels = {kind: [kind in (item.get("labels") or []) for item in items] for kind in KINDS}
    return texts, labels


@dataclass(frozen=True)
class Models:
    features: object  # the fitted n-gram vectoriser
    heads: dict  # kind -> fitted LogisticRegression


@functools.cache
def _trained(leave_out: str = "") -> Models:
    from sklearn.linear_model import LogisticRegression

    texts, labels = training_examples(leave_out)
    features = _features()
    matrix = features.fit_transform(texts)
    heads = {
        kind: LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit(
            matrix, labels[kind]
        )
        for kind in KINDS
    }
    return Models(features, heads)


_leave_out = ""


def models() -> Models:
    """The fitted vectoriser and one head per kind, trained once per process."""
    return _trained(_leave_out)


@contextlib.contextmanager
def trained_without(file_name: str):
    """Within the block, use models that never saw one tuning set (out-of-set evaluation)."""
    global _leave_out
    previous, _leave_out = _leave_out, file_name
    try:
        yield
    finally:
        _leave_out = previous


@dataclass(frozen=True)
class Opinion:
    """The model's view of one draft for one kind."""

    draft: float  # probability for the whole draft
    sentence: float  # the highest probability of one of its sentences (0 for one sentence)
    span: tuple[int, int]  # that sentence, or the whole draft

    @property
    def confirms(self) -> bool:
        return max(self.draft, self.sentence) >= CONFIRM

    def flags(self, kind: str) -> bool:
        return self.draft >= THRESHOLDS[kind] or self.sentence >= SENTENCE_THRESHOLDS[kind]


def opinions(folded_text: str) -> dict[str, Opinion]:
    """Score the whole (folded) draft and each of its sentences of five words or more."""
    if folded_text in _prepared:
        return _prepared[folded_text]
    return _opinions_of([folded_text])[folded_text]


# Opinions computed ahead, in one batch, for the drafts of a `prepared` block.
_prepared: dict[str, dict[str, Opinion]] = {}


@contextlib.contextmanager
def prepared(folded_texts: list[str]):
    """Within the block, `opinions` of these drafts come from one batch: vectorising and
    scoring a thousand drafts at once costs about an eighth of doing it one by one (what the
    evaluation of a whole set needs; a single check is unchanged)."""
    global _prepared
    previous, _prepared = _prepared, _opinions_of(list(dict.fromkeys(folded_texts)))
    try:
        yield
    finally:
        _prepared = previous


def _opinions_of(folded_texts: list[str]) -> dict[str, dict[str, Opinion]]:
    rows, groups = [], []
    for text in folded_texts:
        spans = [(s, e) for s, e in sentences(text) if len(text[s:e].split()) >= 5]
        if len(spans) < 2:
            spans = []
        groups.append((text, spans, len(rows)))
        rows += [text] + [text[s:e] for s, e in spans]
    if not rows:
        return {}
    trained = models()
    matrix = trained.features.transform(rows)
    scores = {kind: head.predict_proba(matrix)[:, 1] for kind, head in trained.heads.items()}
    result = {}
    for text, spans, first in groups:
        result[text] = {}
        for kind, column in scores.items():
            own = column[first : first + 1 + len(spans)]
            best = int(own[1:].argmax()) if spans else -1
            result[text][kind] = Opinion(
                draft=float(own[0]),
                sentence=float(own[1 + best]) if spans else 0.0,
                span=spans[best] if spans else (0, len(text)),
            )
    return result


def sentences(folded_text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in SENTENCE_END_RE.finditer(folded_text):
        end = match.end()
        if folded_text[start:end].strip():
            spans.append((start, end))
        start = end
        if match.start() == len(folded_text):
            break
    return spans
