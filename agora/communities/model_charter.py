"""A model charter a new community can start from and adapt: a few articles most brand and
fan communities write, in the steward's language. Only a starting point: nothing is
published until the steward reads, edits and publishes it."""

MODEL_ARTICLES = {
    "fr": [
        ("Bienveillance", "On critique les idées, jamais les personnes. Pas d’insulte, pas de "
         "moquerie, pas de harcèlement, ici ou en message privé."),
        ("Rester dans le sujet", "On parle de ce qui réunit la communauté. Pour le reste, il y a "
         "d’autres lieux, et c’est très bien."),
        ("Pas de publicité", "Pas de vente, de parrainage ni de lien promotionnel sans l’accord "
         "des animateurs. Partager une bonne adresse sans intérêt personnel reste bienvenu."),
        ("Vie privée", "On ne publie ni l’adresse, ni le téléphone, ni la photo de quelqu’un sans "
         "son accord. Ce qui se dit en message privé y reste."),
        ("Modération par les membres", "Un contenu signalé contre cette charte est jugé par un "
         "jury de membres tirés au sort. Chaque décision est publique et cite l’article en "
         "cause ; on peut faire appel."),
    ],
    "en": [
        ("Kindness", "We criticise ideas, never people. No insults, no mockery, no harassment, "
         "here or in private messages."),
        ("Stay on topic", "We talk about what brings this community together. Other subjects "
         "have other places, and that is fine."),
        ("No advertising", "No selling, referral codes or promotional links without the "
         "stewards' agreement. Sharing a good find with nothing in it for you is welcome."),
        ("Privacy", "Never post someone's address, phone number or photo without their consent. "
         "What is said in private stays private."),
        ("Moderation by members", "Content reported against this charter is judged by a jury "
         "of members drawn at random. Every decision is public and cites the article at "
         "stake; it can be appealed."),
    ],
}  # fmt: skip


def model_articles(language: str) -> list[dict]:
    """The model's articles as the charter form's initial rows, in `language` (else
    English)."""
    articles = MODEL_ARTICLES.get((language or "en")[:2], MODEL_ARTICLES["en"])
    return [{"title": title, "body": body} for title, body in articles]
