"""Why each finding matters, in the user's language (French or English).

The voice coach explains in the spirit of the product: a community manager guides, they do
not rule. Kept here (not in gettext) so the engine runs without Django.
"""

MESSAGES = {
    "en": {
        "address_form_tu": "The community says “vous”; this says “tu”. Keep one form of address so every member feels spoken to the same way.",
        "address_form_vous": "The community says “tu”; this says “vous”. Keep one form of address so every member feels spoken to the same way.",
        "banned_term": "“{term}” is on the community's list of terms to avoid.",
        "preferred_term": "The community says “{replacement}” rather than “{term}”.",
        "emoji_none": "The community's voice uses no emoji.",
        "emoji_sparing": "The community's voice uses emoji sparingly: one or two are enough.",
        "signature": "Statuses end with the community's signature: “{signature}”.",
        "shouting_caps": "Capitals read as shouting. A calm voice is heard better.",
        "shouting_marks": "A run of exclamation marks reads as shouting. One is enough.",
        "boss": "This reads as an order or a threat aimed at members. A community manager guides, they do not rule: explain what the charter asks and why, and what the person can do next.",
        "ego": "This claims power or ownership over the community. A steward is one member among others who knows the brand better; the community belongs to its members.",
        "repetition": "This is very close to an earlier reply (“{earlier}”). Members notice copy-paste: say it in words that fit this person.",
        "length": "This is far longer than the community's usual length ({limit} characters). Shorter posts get read.",
    },
    "fr": {
        "address_form_tu": "La communauté vouvoie ; ce texte tutoie. Gardez une seule forme d'adresse pour que chaque membre se sente traité de la même façon.",
        "address_form_vous": "La communauté tutoie ; ce texte vouvoie. Gardez une seule forme d'adresse pour que chaque membre se sente traité de la même façon.",
        "banned_term": "« {term} » fait partie des termes que la communauté évite.",
        "preferred_term": "La communauté dit « {replacement} » plutôt que « {term} ».",
        "emoji_none": "La voix de la communauté n'utilise pas d'emoji.",
        "emoji_sparing": "La voix de la communauté utilise les emoji avec parcimonie : un ou deux suffisent.",
        "signature": "Les statuts se terminent par la signature de la communauté : « {signature} ».",
        "shouting_caps": "Les majuscules se lisent comme des cris. Une voix calme s'entend mieux.",
        "shouting_marks": "Une rafale de points d'exclamation se lit comme un cri. Un seul suffit.",
        "boss": "Cela se lit comme un ordre ou une menace adressés aux membres. Un animateur guide, il ne règne pas : expliquez ce que demande la charte, pourquoi, et ce que la personne peut faire ensuite.",
        "ego": "Cela revendique un pouvoir ou une propriété sur la communauté. Un animateur est un membre parmi d'autres qui connaît mieux la marque ; la communauté appartient à ses membres.",
        "repetition": "C'est très proche d'une réponse précédente (« {earlier} »). Les membres repèrent le copier-coller : dites-le avec des mots qui conviennent à cette personne.",
        "length": "C'est bien plus long que la longueur habituelle de la communauté ({limit} caractères). Les textes courts sont lus.",
    },
}


def message(lang: str, key: str, **values) -> str:
    table = MESSAGES.get(lang, MESSAGES["en"])
    return table[key].format(**values)
