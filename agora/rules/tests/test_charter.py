"""A charter version's rules applied to one message: what fires, with which action."""

import pytest

from agora.rules.charter import CompiledRules, RuleSpec, is_shouting
from agora.rules.matching import RuleError

TERMS = RuleSpec(1, 3, "terms", "reject", terms=("con", "abruti"))
PATTERN = RuleSpec(2, 4, "pattern", "hold", pattern=r"\bvi[a@]gra\b")
LINKS = RuleSpec(3, 5, "links", "hold", limit=7)
RATE = RuleSpec(4, 6, "rate", "flag", limit=5)
SHOUTING = RuleSpec(5, 2, "shouting", "flag")
ALL = CompiledRules([TERMS, PATTERN, LINKS, RATE, SHOUTING])


def test_a_clean_message_passes():
    verdict = ALL.check("Merci pour la torréfaction de mardi, le contenu était parfait.")
    assert verdict.hits == [] and verdict.action is None


def test_terms_and_patterns_cite_their_article_and_the_strongest_action_wins():
    text = "Quel CON, achète du VI@GRA"
    verdict = ALL.check(text)
    assert [(h.rule.article, h.action) for h in verdict.hits] == [(3, "reject"), (4, "hold")]
    assert verdict.action == "reject"
    assert [text[m.start : m.end] for m in verdict.hits[0].matches] == ["CON"]
    assert verdict.articles == [3, 4]


def test_links_only_from_members_younger_than_the_limit():
    text = "Mon site : https://exemple.fr/promo?x=1 à voir"
    young = ALL.check(text, member_days=2)
    assert [h.rule.kind for h in young.hits] == ["links"]
    assert text[young.hits[0].matches[0].start : young.hits[0].matches[0].end] == (
        "https://exemple.fr/promo?x=1"
    )
    assert ALL.check(text, member_days=30).hits == []
    assert ALL.check("boutique.fr/soldes", member_days=1).action == "hold"


def test_rate_counts_this_message_too():
    assert ALL.check("encore moi", last_hour=4).hits == []  # the fifth this hour
    verdict = ALL.check("encore moi", last_hour=5)  # the sixth
    assert verdict.action == "flag" and verdict.hits[0].count == 6
    assert ALL.needs_rate and not CompiledRules([TERMS]).needs_rate


@pytest.mark.parametrize(
    ("text", "shouting"),
    [
        ("ARRÊTEZ DE SPAMMER LE GROUPE", True),
        ("Franchement, C'EST N'IMPORTE QUOI ce retard", True),
        ("Le SAV et la FAQ sont en ligne, voir le PDF.", False),
        ("Un seul mot en CAPITALES ici.", False),
        ("OK", False),
        ("привет как дела у вас всех", False),  # lower-case Cyrillic is not capitals
        ("Καλημέρα σας φίλοι μου", False),
        ("ПРИВЕТ КАК ДЕЛА ВСЕМ", True),
    ],
)
def test_shouting(text, shouting):
    assert is_shouting(text) is shouting


def test_the_same_term_on_two_articles_fires_both():
    rules = CompiledRules([TERMS, RuleSpec(9, 8, "terms", "flag", terms=("Abruti",))])
    verdict = rules.check("espèce d'abruti")
    assert sorted(h.rule.article for h in verdict.hits) == [3, 8]
    assert verdict.action == "reject"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (RuleSpec(1, 1, "terms", "reject", terms=(" ",)), "needs at least one term"),
        (RuleSpec(1, 1, "pattern", "hold", pattern="(?<=a)b"), "cannot be used"),
        (RuleSpec(1, 1, "links", "hold", limit=0), "between 1 and 10000 days"),
        (RuleSpec(1, 1, "rate", "hold", limit=0), "messages per hour"),
        (RuleSpec(1, 1, "shouting", "ban"), "Unknown action"),
        (RuleSpec(1, 1, "vibes", "flag"), "Unknown kind"),
    ],
)
def test_invalid_rules_are_refused_with_a_reason(spec, message):
    with pytest.raises(RuleError, match=message):
        CompiledRules([spec])
