"""The voice coach, kind by kind, with positives and negatives in both languages."""

import pytest

from agora.voice import Identity, VoiceError, analyse

# The coach's models load once per process (7 to 10 s): one xdist worker runs every test
# that needs them (`--dist loadgroup`), instead of each worker loading its own.
pytestmark = pytest.mark.xdist_group("voice-models")

VOUS = Identity(address_form="vous")
TU = Identity(address_form="tu")
NEUTRAL = Identity()


def spans(text, identity=NEUTRAL, kind=None, **kwargs):
    return [
        (f.kind, text[f.start : f.end])
        for f in analyse(text, identity, **kwargs)
        if kind is None or f.kind == kind
    ]


# --- ego -----------------------------------------------------------------------------------


def test_canonical_ego_example_is_caught():
    text = "J'ai du pouvoir moi, je dirige des milliers de personnes sur ma page fan !"
    found = spans(text, VOUS, "ego")
    assert found and found[0][1].startswith("J'ai du pouvoir")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sans moi cette page ne serait rien.", "fr"),
        ("Ma page, mes règles.", "fr"),
        ("Je suis le patron ici, point.", "fr"),
        ("I run this community, I have thousands of people under me.", "en"),
        ("My page, my rules.", "en"),
        ("You're lucky I even answer.", "en"),
    ],
)
def test_ego_positives(text, lang):
    assert spans(text, kind="ego", lang=lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Je suis désolée pour ce retard, je transmets à l'équipe.", "fr"),
        ("Notre communauté compte 10 000 membres, merci à vous !", "fr"),
        ("I'll check with the team and come back to you.", "en"),
        ("I'm proud of what you all built together.", "en"),
    ],
)
def test_ego_negatives(text, lang):
    assert spans(text, kind="ego", lang=lang) == []


# --- boss ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Supprimez ce commentaire ou vous serez banni", "fr"),
        ("Dernier avertissement.", "fr"),
        ("Je ne veux plus voir ce genre de message.", "fr"),
        ("Stop complaining", "en"),
        ("Last warning.", "en"),
        ("Any more of this and you're out.", "en"),
    ],
)
def test_boss_positives(text, lang):
    assert spans(text, kind="boss", lang=lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Partagez vos photos !", "fr"),
        ("Nous avons retiré ce message car il ne respectait pas l'article 3.", "fr"),
        ("N'hésitez pas à nous dire ce que vous en pensez.", "fr"),
        ("Il arrête de pleuvoir, venez samedi.", "fr"),
        ("Share your ideas!", "en"),
        ("We removed this post because it broke article 2; you can appeal.", "en"),
        ("Restart the app and try again.", "en"),
    ],
)
def test_boss_negatives(text, lang):
    assert spans(text, kind="boss", lang=lang) == []


# --- form of address ------------------------------------------------------------------------


def test_tu_in_a_vous_community_with_suggestions():
    text = "Tu viens samedi ? Prends ton temps."
    found = analyse(text, VOUS, lang="fr")
    assert [(f.kind, text[f.start : f.end], f.suggestion) for f in found] == [
        ("address_form", "Tu", "Vous"),
        ("address_form", "Prends", None),
        ("address_form", "ton", "votre"),
    ]


def test_vous_in_a_tu_community():
    assert spans("Merci pour votre message, revenez vite.", TU, "address_form") == [
        ("address_form", "votre"),
        ("address_form", "revenez"),
    ]


@pytest.mark.parametrize(
    "text",
    ["Il s'est tu pendant la réunion.", "Merci à toutes et à tous !", "Rendez-vous chez nous."],
)
def test_address_form_negatives_with_vous_identity(text):
    assert spans(text, VOUS, "address_form") == []


def test_neutral_identity_and_english_never_check_address():
    assert spans("Tu viens ? Vous venez ?", NEUTRAL, "address_form") == []
    assert spans("You come, thou art", VOUS, "address_form", lang="en") == []


# --- shouting, terms, emoji, signature, length, repetition -----------------------------------


@pytest.mark.parametrize(
    "text",
    ["NE FAITES PAS ÇA", "Venez samedi!!!", "STOP THE SPAM NOW please", "Quoi ?!!"],
)
def test_shouting_positives(text):
    assert spans(text, kind="shouting")


@pytest.mark.parametrize(
    "text",
    ["Contactez le SAV pour le RGPD.", "Venez samedi !", "Chez IKEA, la FAQ est en PDF."],
)
def test_shouting_negatives(text):
    assert spans(text, kind="shouting") == []


def test_terms_are_accent_and_case_insensitive_whole_words():
    identity = Identity(banned_terms=("interdit",), preferred_terms=(("clients", "membres"),))
    text = (
        "C'est INTERDÎT pour nos Clients, pas pour les interdits-de-séjour ni nos clientsfidèles."
    )
    found = analyse(text, identity)
    assert [(f.kind, text[f.start : f.end], f.suggestion) for f in found] == [
        ("banned_term", "INTERDÎT", None),
        ("preferred_term", "Clients", "membres"),
    ]


def test_offsets_point_at_the_right_words_after_accents_and_emoji():
    identity = Identity(banned_terms=("bêtise",), emoji_policy="none")
    text = "Éléonore 🎉👍🏽 a dit : quelle bêtise !"
    found = analyse(text, identity)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [
        ("emoji", "🎉"),
        ("emoji", "👍🏽"),
        ("banned_term", "bêtise"),
    ]


def test_emoji_sparing_allows_two():
    sparing = Identity(emoji_policy="sparing")
    assert spans("Merci 🙏 à vous 🎉", sparing, "emoji") == []
    assert spans("Merci 🙏 à vous 🎉 vraiment ☕", sparing, "emoji") == [("emoji", "☕")]


def test_signature_required():
    identity = Identity(signature="— Camille", signature_required=True)
    missing = analyse("Bonne journée à tous", identity)
    assert [(f.kind, f.start, f.suggestion) for f in missing] == [("signature", 20, "\n— Camille")]
    assert analyse("Bonne journée à tous\n— Camille  ", identity) == []


def test_length_far_over_the_preferred_length():
    identity = Identity(preferred_length=100)
    assert spans("a" * 150, identity) == []
    found = analyse("mot " * 60, identity)
    assert [f.kind for f in found] == ["length"]


def test_repetition_cites_the_closest_earlier_reply():
    earlier = [
        "Merci pour votre patience, notre équipe revient vers vous sous 48 heures.",
        "Bonne nouvelle : la boutique rouvre samedi.",
    ]
    draft = "Merci pour votre patience, notre équipe revient vers vous sous 24 heures."
    found = analyse(draft, VOUS, history=earlier)
    assert [f.kind for f in found] == ["repetition"]
    assert "48 heures" in found[0].message
    fresh = "Nous avons bien reçu votre photo : elle est superbe, merci !"
    assert analyse(fresh, VOUS, history=earlier) == []


def test_saved_replies_count_as_earlier_text():
    saved = ["Thanks for reaching out! We'll get back to you within two business days."]
    draft = "Thanks for reaching out! We will get back to you within two business days."
    found = analyse(draft, NEUTRAL, lang="en", saved_replies=saved)
    assert [f.kind for f in found] == ["repetition"]


# --- messages and bad input --------------------------------------------------------------------


def test_messages_follow_the_interface_language_and_say_why():
    text = "Stop complaining"
    english = analyse(text, lang="en")[0].message
    french = analyse(text, lang="en", ui_lang="fr")[0].message
    assert "guides, they do not rule" in english
    assert "guide, il ne règne pas" in french


def test_bad_input_is_a_clear_error_or_empty():
    assert analyse("", VOUS) == []
    assert analyse("   \n ", VOUS) == []
    with pytest.raises(VoiceError, match="at most"):
        analyse("x" * 100_000, VOUS)
    with pytest.raises(VoiceError, match="fr or en"):
        analyse("Hallo", VOUS, lang="de")
    with pytest.raises(VoiceError):
        Identity.from_dict({"address_form": "thou"})


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02",
        "\ud800 lone surrogate",
        "🎉" * 500,
        "!" * 19_000,
        "_" * 19_000,
        ":)" * 9_000,
        "a-" * 9_000,
        "É" * 19_000,
        "t'" * 300,
    ],
)
def test_odd_strings_never_crash(text):
    for lang in ("fr", "en"):
        for finding in analyse(text, Identity(address_form="vous", emoji_policy="none"), lang=lang):
            assert 0 <= finding.start <= finding.end <= len(text)


def test_the_parser_reads_runs_of_signs_short_and_long_runs_blank_with_the_writer_s_offsets():
    from agora.voice.nlp import tamed

    # spaCy's tokenizer is quadratic on a run without spaces (20,000 "!" took 30 s).
    assert tamed("Super !!!!!! Tu viens ?") == "Super !!!    Tu viens ?"
    assert tamed("Bof… 🎉🎉🎉🎉🎉") == "Bof… 🎉🎉🎉  "
    link = "https://exemple.fr/" + "tu/" * 20
    assert tamed(f"Lisez {link} merci") == f"Lisez {' ' * len(link)} merci"
    assert tamed("a-" * 40) == " " * 80
    text = "Vous venez ? Tu viens" + "!" * 19_000
    (finding,) = [f for f in analyse(text, VOUS) if f.kind == "address_form"]
    assert text[finding.start : finding.end] == "Tu"


def test_english_identity_rules():
    identity = Identity(
        banned_terms=("cheap",),
        preferred_terms=(("customers", "members"),),
        emoji_policy="none",
        signature="— The Crew",
        signature_required=True,
    )
    text = "Our customers love it 😍, nothing cheap here, no cheapskates either"
    found = analyse(text, identity, lang="en")
    assert [(f.kind, text[f.start : f.end], f.suggestion) for f in found] == [
        ("preferred_term", "customers", "members"),
        ("emoji", "😍", ""),
        ("banned_term", "cheap", None),
        ("signature", "", "\n— The Crew"),
    ]
    signed = "Thanks everyone for coming!\n— The Crew"
    assert analyse(signed, identity, lang="en") == []


def test_english_shouting_negatives_and_length():
    assert spans("Check the FAQ or the PDF guide on the USB stick.", lang="en") == []
    assert spans("Did you see that save?! Unreal.", lang="en") == []
    found = analyse("word " * 300, Identity(preferred_length=200), lang="en")
    assert [f.kind for f in found] == ["length"]


def test_the_french_model_loads_once_per_process():
    from agora.voice import nlp

    analyse("Tu viens ?", VOUS)
    loads = nlp.french.cache_info().misses
    for _ in range(3):
        analyse("Vous venez ? Tu viens ?", VOUS)
    assert nlp.french.cache_info().misses == loads == 1
    assert nlp.french().pipe_names == ["tok2vec", "morphologizer", "attribute_ruler"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Quoting a complaint we got: 'Stop posting cakes at 9am, I'm on a diet.' We hear you.",
            "en",
        ),
        (
            "Un membre a écrit « je suis le roi de ce forum, vous n'êtes rien » : c'est retiré.",
            "fr",
        ),
    ],
)
def test_quoted_words_of_someone_else_are_not_the_writers_boss_or_ego(text, lang):
    assert [k for k, _ in spans(text, NEUTRAL, lang=lang) if k in ("boss", "ego")] == []


def test_two_short_shouted_words_are_shouting_but_two_acronyms_are_not():
    text = "NON, le tram ne sera PAS gratuit le 1er janvier."
    assert ("shouting", "NON") in spans(text, VOUS, "shouting")
    assert spans("Le SAV et la FAQ sont en ligne.", VOUS, "shouting") == []


def test_a_prepared_batch_finds_exactly_what_one_by_one_finds():
    from agora.voice import learned, nlp
    from agora.voice.engine import prepared
    from agora.voice.sets import load_set

    items = load_set("tuning")[:120] + [
        {"text": "Vous DEVEZ lire ceci.\ud800 Tu viens ?", "lang": "fr"},
        {"text": "I run this place. Read the rules now!", "lang": "en"},
    ]
    one_by_one = [analyse(item["text"], TU, lang=item["lang"]) for item in items]
    with prepared([(item["text"], item["lang"]) for item in items]):
        assert len(learned._prepared) > 100 and len(nlp._prepared) > 50  # the batch is used
        batched = [analyse(item["text"], TU, lang=item["lang"]) for item in items]
    assert batched == one_by_one
    assert learned._prepared == {} and nlp._prepared == {}  # nothing outlives the block
