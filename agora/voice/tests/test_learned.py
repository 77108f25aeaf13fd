"""The linear model beside the lexicons: a second opinion on boss and ego, never the only one."""

import pytest

from agora.voice import Identity, analyse, learned
from agora.voice.text import fold

# The coach's models load once per process (7 to 10 s): one xdist worker runs every test
# that needs them (`--dist loadgroup`), instead of each worker loading its own.
pytestmark = pytest.mark.xdist_group("voice-models")

VOUS = Identity(address_form="vous")


def kinds(text, lang="fr"):
    return [(f.kind, text[f.start : f.end]) for f in analyse(text, VOUS, lang=lang)]


def test_the_model_adds_a_finding_the_lexicons_did_not_make(monkeypatch):
    # A claim of superiority over the members, in words no lexicon lists.
    text = "Cette page, c'est moi qui l'ai construite et personne ici ne m'arrive à la cheville."
    assert ("ego", text[:-1]) in kinds(text)

    monkeypatch.setitem(learned.THRESHOLDS, "ego", 1.01)  # the model never speaks alone
    assert "ego" not in [kind for kind, _ in kinds(text)]


def test_a_model_finding_points_at_the_likeliest_sentence():
    text = (
        "Merci pour vos retours sur la torréfaction de mardi, ils nous aident beaucoup. "
        "Cette page, c'est moi qui l'ai construite et personne ici ne m'arrive à la cheville."
    )
    ego = [span for kind, span in kinds(text) if kind == "ego"]
    assert ego == [
        "Cette page, c'est moi qui l'ai construite et personne ici ne m'arrive à la cheville"
    ]


def test_a_lexicon_hit_stands_only_when_the_model_confirms_it(monkeypatch):
    text = "Supprimez ce commentaire ou vous serez banni."
    assert "boss" in [kind for kind, _ in kinds(text)]

    monkeypatch.setattr(learned, "CONFIRM", 1.01)  # the model doubts everything
    assert "boss" not in [kind for kind, _ in kinds(text)]


def test_inviting_and_grateful_drafts_stay_clean_in_both_languages():
    assert kinds("Partagez vos photos de latte art, on en choisit une vendredi !") == []
    assert kinds("Sans vous cette page ne serait rien : merci pour ces dix ans.") == []
    assert kinds("Tell us your favourite roast in the comments!", "en") == []


def test_trained_once_per_process_from_the_tuning_sets():
    assert learned.models() is learned.models()
    texts, labels = learned.training_examples()
    assert len(texts) >= 1500
    assert sum(labels["boss"]) >= 200 and sum(labels["ego"]) >= 200
    opinions = learned.opinions(fold("Stop complaining or leave.").text)
    assert set(opinions) == {"boss", "ego"}
    assert all(0.0 <= o.draft <= 1.0 for o in opinions.values())
