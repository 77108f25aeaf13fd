"""The demo community, written in French: a coffee roaster's fan community.

Everything is created through the services, so the demo shows exactly what a real
community would hold (consents, counters, notifications, search index).
"""

import contextlib
from datetime import timedelta

from django.db import transaction

from agora.accounts.models import User
from agora.accounts.services import create_verified_account
from agora.communities.models import Community, Membership
from agora.communities.services import charter as charter_services
from agora.communities.services import communities as communities_services
from agora.communities.services import identity as identity_services
from agora.communities.services import launch as launch_services
from agora.communities.services import mandates as mandates_services
from agora.communities.services import membership as membership_services
from agora.conversations import services as conversations
from agora.core.clock import now

DEMO_PASSWORD = "demo-agora-2026"  # noqa: S105 - printed to the operator on purpose

PEOPLE = [
    # handle, name, role
    ("camille", "Camille Martin", "steward"),
    ("yanis", "Yanis Benali", "steward"),
    ("michu", "Madame Michu", "member"),
    ("lea", "Léa Dubois", "member"),
    ("karim", "Karim Haddad", "member"),
    ("sophie", "Sophie Laurent", "member"),
    ("theo", "Théo Moreau", "member"),
]

CHARTER = [
    (
        "Bienveillance",
        "On s'adresse aux autres comme on aimerait qu'on s'adresse à nous. Les critiques "
        "visent les idées et les cafés, jamais les personnes.",
    ),
    (
        "Pas de harcèlement ni de discrimination",
        "Aucune attaque, insulte ou discrimination fondée sur l'origine, le genre, "
        "l'orientation, la religion, le handicap ou l'âge.",
    ),
    (
        "Pas de publicité déguisée",
        "Les liens commerciaux sont permis s'ils sont annoncés comme tels et en rapport avec "
        "le café. Les nouveaux membres attendent une semaine avant de partager des liens.",
    ),
    (
        "Vie privée",
        "On ne publie ni adresse, ni numéro, ni photo d'une personne sans son accord.",
    ),
    (
        "Modération par la communauté",
        "Chaque membre peut signaler un contenu en citant un article. Un jury de membres "
        "tirés au sort décide ; la décision et ses raisons sont publiées au journal.",
    ),
    (
        "Le rôle des animateurs",
        "Les animatrices et animateurs guident et répondent ; ils ne règnent pas. Toute "
        "action urgente de leur part cite un article et peut être revue par un jury.",
    ),
]

MINDSET = [
    "Personne ici ne domine personne : on partage un goût, pas une hiérarchie.",
    "Une question sans réponse est une question qu'on n'a pas encore assez bien accueillie.",
    "On préfère expliquer que sanctionner.",
    "La marque écoute : vos retours changent vraiment nos cafés.",
]

IDENTITY = {
    "address_form": "vous",
    "emoji_policy": "sparing",
    "tone": ["chaleureux", "précis", "curieux"],
    "preferred_terms": [
        {"term": "clients", "replacement": "membres"},
        {"term": "SAV", "replacement": "l'équipe"},
    ],
    "banned_terms": ["interdit", "obligatoire", "immédiatement"],
    "signature": "— Camille, pour la Brûlerie",
    "signature_required": False,
    "preferred_length": 600,
}


# Automatic rules carried by articles (by number).
RULES = {
    1: [{"kind": "shouting", "action": "flag"}],
    2: [{"kind": "terms", "action": "reject", "terms": ["connard", "abruti", "sale race"]}],
    3: [
        {"kind": "links", "action": "hold", "limit": 7},
        {"kind": "pattern", "action": "hold", "pattern": r"code\s*promo\s*\w+"},
    ],
}


def _person(handle):
    return User.objects.get(handle=handle)


def _moderation_story(brulerie, people):
    """A flagged post with a jury that includes Madame Michu (a demo login), an urgent action
    waiting for jurors, a refused message in the journal, and an open vote on a mandate."""
    from agora.governance.services import proposals as governance
    from agora.moderation.services import cases
    from agora.moderation.services.screening import RuleRejected

    camille, yanis, michu, lea, karim, sophie, theo = people
    # The demo's history started a month ago: everyone may sit on a jury.
    Membership.objects.filter(community=brulerie).update(joined_at=now() - timedelta(days=30))
    heated = conversations.write_post(
        community=brulerie,
        author=theo,
        title="Le décaféiné, c'est pour les faibles",
        body="Franchement, ceux qui boivent du déca ne connaissent rien au café. Point.",
    )
    for flagger, note in ((karim, "Moqueur envers une partie des membres."), (sophie, ""),
                          (lea, "Ça vise les personnes, pas les cafés.")):  # fmt: skip
        cases.flag_item(member=flagger, post=heated, article_number=1, note=note)
    spam = conversations.write_comment(
        post=heated, author=karim, body="Pour finir la discussion, mon numéro : 06 12 34 56 78"
    )
    cases.hide_urgently(
        steward=yanis,
        comment=spam,
        article_number=4,
        reason="Un numéro de téléphone personnel publié en clair (article 4, vie privée).",
    )
    # Refused, citing article 2, and recorded in the journal: that is the demo.
    with contextlib.suppress(RuleRejected):
        conversations.write_comment(post=heated, author=theo, body="Quel abruti ce Karim.")
    governance.propose_mandate(
        community=brulerie,
        by=michu,
        candidate=lea,
        reason="Léa répond à toutes les questions sur les méthodes douces, avec patience.",
    )


@transaction.atomic
def _workbench_story(brulerie, camille, yanis, michu, theo):
    """The stewards' preparation: settings, an objective, a ritual, a planned week, facts,
    saved replies, and a question still waiting in the inbox."""
    from datetime import time, timedelta

    from agora.core import zones
    from agora.core.clock import now
    from agora.workbench.services import calendar, facts, objectives, replies, rituals
    from agora.workbench.services import settings as workbench_settings

    workbench_settings.update_workbench_settings(
        community=brulerie,
        by=camille,
        time_zone="Europe/Paris",
        pillars=["Dégustations", "Coulisses", "Vos questions", "Rendez-vous"],
        approval_required=False,
        response_target_hours=4,
        fact_review_days=180,
        saved_reply_repeat=3,
    )
    today = now().date()
    goal = objectives.set_objective(
        community=brulerie,
        by=camille,
        title="Répondre vite et bien",
        description="Que chaque question trouve une réponse, de l'équipe ou des membres.",
        starts_on=today.replace(day=1),
        ends_on=today.replace(day=1) + timedelta(days=89),
        indicators=[
            ("Questions avec une première réponse en moins de 4 heures", "90 %"),
            ("Part des réponses données par les membres", "50 %"),
        ],
    )
    rituals.create_ritual(
        community=brulerie,
        by=camille,
        title="La question du lundi",
        body="Cette semaine : quelle est votre méthode douce préférée, et pourquoi ?",
        frequency="weekly",
        weekday=0,
        time=time(9, 0),
        weeks_ahead=4,
        pillar="Vos questions",
    )
    plans = [
        (2, time(18, 0), "Dégustation du Kenya AA", "Notes de cassis et de pamplemousse : "
         "qui l'a goûté en filtre ?", "Dégustations"),
        (4, time(12, 30), "Dans l'atelier", "Une matinée avec Yanis au torréfacteur, en photos.",
         "Coulisses"),
    ]  # fmt: skip
    for days, at, title, body, pillar in plans:
        day = today + timedelta(days=days)
        planned = calendar.plan_status(
            community=brulerie, by=camille, title=title, body=body, pillar=pillar,
            objective_id=goal.pk, publish_at=zones.to_utc(day, at, "Europe/Paris"),
        )  # fmt: skip
        calendar.mark_ready(planned=planned, by=camille)
        calendar.schedule(planned=planned, by=camille)
    facts.save_fact(
        community=brulerie, by=camille, question="Livrez-vous hors de France ?",
        answer="Oui : en Belgique et en Suisse, en 3 à 5 jours ouvrés.",
        tags=["livraison"], source="Conditions de vente, article 4", is_public=True,
    )  # fmt: skip
    facts.save_fact(
        community=brulerie, by=camille, question="Quelle mouture pour une cafetière italienne ?",
        answer="Un peu plus grosse que pour un espresso, comme du sel fin ; sans tasser.",
        tags=["mouture", "méthodes"], source="Fiche atelier", is_public=True,
    )  # fmt: skip
    facts.save_fact(
        community=brulerie, by=yanis, question="Prix de revient du lot Honduras",
        answer="Interne : ne pas communiquer avant janvier.", tags=["interne"],
        reviewed_on=today - timedelta(days=200),
    )  # fmt: skip
    replies.save_reply(
        community=brulerie, by=camille, title="Merci pour la question",
        body="Merci pour votre question ! Je regarde et je reviens vers vous aujourd'hui.",
    )  # fmt: skip
    conversations.write_post(
        community=brulerie,
        author=michu,
        title="Livraison en Belgique ?",
        body="Ma sœur habite à Liège : est-ce que vous livrez là-bas, et en combien de temps ?",
        is_question=True,
    )


def _health_story(brulerie, people):
    """Two months of life before today, so the health dashboard has something to say: members
    answering each other, Camille answering in the evening, a question left without an answer,
    then the first snapshots and a weekly digest."""
    import random
    from datetime import time

    from django.db.models import F

    from agora.communities.models import StewardMandate
    from agora.conversations import search
    from agora.conversations.models import Comment, Post
    from agora.core import zones
    from agora.health.models import HealthSettings
    from agora.health.services import digests, snapshots

    camille, yanis, michu, lea, karim, sophie, theo = people
    members = [michu, lea, karim, sophie, theo]
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data
    moment = now()
    Community.objects.filter(pk=brulerie.pk).update(created_at=moment - timedelta(days=120))
    StewardMandate.objects.filter(community=brulerie).update(starts_at=moment - timedelta(days=120))
    today = zones.local(moment, "Europe/Paris").date()
    topics = ["la mouture", "le Kenya AA", "l'eau filtrée", "le V60", "la cafetière italienne",
              "le décaféiné", "le moulin manuel", "le cold brew"]  # fmt: skip

    def at(day, hour, minute=0):
        return zones.to_utc(day, time(hour, minute), "Europe/Paris")

    def post(author, kind, when, title, body):
        row = Post.objects.create(community=brulerie, author=author, kind=kind, title=title,
                                  body=body, body_html=f"<p>{body}</p>", created_at=when)  # fmt: skip
        search.index_post(row)
        return row

    def comment(on, author, when, body):
        Post.objects.filter(pk=on.pk).update(comment_count=F("comment_count") + 1)
        return Comment.objects.create(post=on, author=author, body=body,
                                      body_html=f"<p>{body}</p>", created_at=when)  # fmt: skip

    count = 0
    for back in range(60, 0, -1):
        day = today - timedelta(days=back)
        if back % 3 == 0:
            steward = camille if back % 2 else yanis
            post(steward, "status", at(day, 10), f"Le point du jour : {rng.choice(topics)}",
                 "Qu'en pensez-vous ? Racontez-nous vos essais.")  # fmt: skip
            count += 1
        asker = rng.choice(members)
        subject = rng.choice(topics)
        asked = at(day, rng.randint(8, 20), rng.choice((0, 15, 30, 45)))
        question = post(asker, "question", asked, f"Une question sur {subject}",
                        f"Comment vous y prenez-vous avec {subject} ?")  # fmt: skip
        count += 1
        roll = rng.random()
        if back == 9 or back == 4:
            continue  # left without an answer
        if roll < 0.6:
            helper = rng.choice([m for m in members if m != asker])
            comment(question, helper, asked + timedelta(minutes=rng.randint(20, 200)),
                    "Chez moi, ça marche très bien en y allant doucement.")  # fmt: skip
        else:
            # Camille answers, often in the evening: the dashboard will say so, kindly.
            when = at(day, 21, 30) if day.weekday() < 5 and asked < at(day, 21) else asked
            comment(question, camille, when + timedelta(minutes=rng.randint(10, 400)),
                    "Bonne question ! Je vous conseille d'essayer pas à pas.")  # fmt: skip
        for _ in range(rng.randint(0, 3)):
            comment(question, rng.choice(members),
                    asked + timedelta(hours=rng.randint(3, 30)), "Merci, je note !")  # fmt: skip
        if back % 2:
            author = rng.choice(members)
            shared = post(author, "post", at(day, rng.randint(9, 22)),
                          f"Mon essai avec {rng.choice(topics)}", "Résultat très doux.")  # fmt: skip
            count += 1
            for _ in range(rng.randint(1, 4)):
                comment(shared, rng.choice(members), shared.created_at
                        + timedelta(hours=rng.randint(1, 20)), "Bravo, ça donne envie !")  # fmt: skip
    Community.objects.filter(pk=brulerie.pk).update(post_count=F("post_count") + count)
    HealthSettings.objects.update_or_create(community=brulerie, defaults={"public_summary": True})
    brulerie.refresh_from_db()
    snapshots.refresh(brulerie)
    digests.send_digest(brulerie)


def seed_story() -> Community | None:
    """Create the demo community once; return None when it already exists."""
    if Community.objects.filter(slug="brulerie").exists():
        return None
    for handle, name, _role in PEOPLE:
        create_verified_account(
            email=f"{handle}@demo.agora.local",
            handle=handle,
            display_name=name,
            password=DEMO_PASSWORD,
            language="fr",
        )
    camille, yanis = _person("camille"), _person("yanis")
    brulerie = communities_services.create_community(
        founder=camille,
        name="Les Amis de la Brûlerie",
        slug="brulerie",
        description=(
            "La communauté des amateurs de café de la Brûlerie du Canal : dégustations, "
            "méthodes douces, questions et coulisses de la torréfaction."
        ),
        visibility="public",
    )
    charter_services.publish_charter_version(
        community=brulerie,
        by=camille,
        articles=[
            {"title": t, "body": b, "rules": RULES.get(n, [])}
            for n, (t, b) in enumerate(CHARTER, start=1)
        ],
    )
    identity_services.set_identity(community=brulerie, by=camille, **IDENTITY)
    identity_services.set_mindset(community=brulerie, by=camille, values=MINDSET)
    mandates_services.grant_stewardship(
        community=brulerie, user=yanis, reason="bénévole depuis 2024"
    )
    for handle, _name, _role in PEOPLE[1:]:
        membership_services.consent_to_charter(
            community=brulerie, user=_person(handle), version_number=1
        )

    michu, lea, karim, sophie, theo = (
        _person(h) for h in ("michu", "lea", "karim", "sophie", "theo")
    )
    welcome = conversations.publish_status(
        community=brulerie,
        by=camille,
        title="Bienvenue aux Amis de la Brûlerie",
        body=(
            "Bonjour à toutes et à tous ! Ici, vous partagez vos dégustations, vos questions "
            "et vos découvertes. Avant tout, prenez deux minutes pour lire la **charte** : "
            "c'est elle qui nous réunit.\n\nQuel café buvez-vous ce matin ?"
        ),
    )
    conversations.pin_post(post=welcome, by=camille)  # the welcome newcomers see first
    c1 = conversations.write_comment(
        post=welcome, author=michu, body="Un éthiopien en filtre, comme tous les dimanches !"
    )
    conversations.write_comment(
        post=welcome,
        author=lea,
        parent=c1,
        body="@michu le Yirgacheffe ? Il est superbe cette année.",
    )
    conversations.write_comment(
        post=welcome, author=karim, body="Espresso du Brésil, sans hésiter."
    )
    for user, kind in ((michu, "love"), (lea, "like"), (karim, "like"), (theo, "thanks")):
        conversations.toggle_reaction(user=user, kind=kind, post=welcome)

    question = conversations.write_post(
        community=brulerie,
        author=michu,
        title="Quelle mouture pour une cafetière italienne ?",
        body=(
            "Bonjour, ma petite-fille m'a offert une cafetière italienne. Je dois moudre "
            "fin comme pour un espresso, ou plus gros ? Merci d'avance !"
        ),
        is_question=True,
    )
    answer = conversations.write_comment(
        post=question,
        author=sophie,
        body=(
            "Un peu plus gros que pour un espresso : comme du sel fin. Et surtout, ne tassez "
            "pas le café dans le filtre."
        ),
    )
    conversations.write_comment(
        post=question,
        author=yanis,
        body="Sophie a tout dit. Sortez la cafetière du feu dès que le café commence à chanter.",
    )
    conversations.accept_answer(post=question, comment=answer, by=michu)

    conversations.write_post(
        community=brulerie,
        author=theo,
        title="Atelier latte art à Lyon ?",
        body="Quelqu'un serait partant pour un atelier latte art à Lyon en décembre ? @sophie tu viendrais ?",
    )
    conversations.write_post(
        community=brulerie,
        author=karim,
        title="Mon premier V60",
        body="Ratio 1:16, eau à 93 °C, 3 minutes. Le résultat est bien plus doux que ma machine à dosettes.",
    )
    conversations.publish_status(
        community=brulerie,
        by=yanis,
        title="Visite de la torréfaction",
        body=(
            "Nous ouvrons les portes de l'atelier le samedi 12 décembre. Vous voulez voir "
            "une torréfaction de près ? Dites-le en commentaire, nous avons vingt places."
        ),
    )

    _moderation_story(brulerie, [camille, yanis, michu, lea, karim, sophie, theo])
    _workbench_story(brulerie, camille, yanis, michu, theo)
    _health_story(brulerie, [camille, yanis, michu, lea, karim, sophie, theo])
    # La Brûlerie has long launched; Coulisses, just opened, shows Camille its checklist.
    launch_services.dismiss_launch(community=brulerie, by=camille)

    coulisses = communities_services.create_community(
        founder=camille,
        name="Coulisses de la Brûlerie",
        slug="coulisses",
        description="L'espace privé des ambassadeurs : dégustations en avant-première.",
        visibility="private",
    )
    charter_services.publish_charter_version(
        community=coulisses,
        by=camille,
        articles=[
            {
                "title": "Confidentialité",
                "body": "Ce qui se goûte ici reste ici jusqu'à la sortie.",
            },
        ],
    )
    identity_services.set_identity(community=coulisses, by=camille, **IDENTITY)
    identity_services.set_mindset(community=coulisses, by=camille, values=MINDSET[:2])
    membership_services.consent_to_charter(community=coulisses, user=lea, version_number=1)
    conversations.publish_status(
        community=coulisses,
        by=camille,
        title="Avant-première : le Honduras lavé",
        body="Votre avis sur le nouveau lot avant sa sortie en janvier ?",
    )
    return brulerie
