"""The charter's automatic rules on every new and edited post and comment."""

import pytest

from agora.communities.services import charter as charter_services
from agora.conversations import selectors as conversation_selectors
from agora.conversations import services as conversations
from agora.conversations.models import Comment, Post
from agora.core.errors import InvalidInput
from agora.moderation.models import Case, EntryKind, JournalEntry, Notice
from agora.moderation.services.screening import RuleRejected, compiled_rules

RULES = [
    {
        "title": "Respect",
        "body": "No insults.",
        "rules": [{"kind": "terms", "action": "reject", "terms": ["con", "abruti"]}],
    },
    {
        "title": "No spam",
        "body": "No selling.",
        "rules": [
            {"kind": "pattern", "action": "hold", "pattern": r"\bvi[a@]gra\b"},
            {"kind": "links", "action": "hold", "limit": 7},
        ],
    },
    {
        "title": "Calm",
        "body": "No shouting.",
        "rules": [
            {"kind": "shouting", "action": "flag"},
            {"kind": "rate", "action": "hold", "limit": 3},
        ],
    },
]


@pytest.fixture
def ruled(jury_community, camille, join):
    charter_services.publish_charter_version(community=jury_community, by=camille, articles=RULES)
    for member in jury_community.members:
        join(member, jury_community)
    return jury_community


def write(community, author, body, title="Titre"):
    return conversations.write_post(community=community, author=author, title=title, body=body)


def test_a_rejecting_rule_refuses_citing_the_article_and_records_a_notice(ruled):
    author = ruled.members[0]
    with pytest.raises(RuleRejected) as refused:
        write(ruled, author, "Quel CON ce vendeur.")
    message = str(refused.value.message)
    assert "article 1" in message and "Respect" in message and "«\u00a0CON\u00a0»" in message
    assert not Post.objects.filter(author=author).exists()  # nothing half-written
    entry = JournalEntry.objects.get(kind=EntryKind.REJECTED)
    assert entry.automated and entry.article_number == 1 and entry.post_ref is None
    assert Notice.objects.filter(recipient=author, entry=entry).exists()


def test_whole_words_only(ruled):
    post = write(ruled, ruled.members[0], "Le contenu de la box est parfait.")
    assert post.moderation_state == "visible"


def test_a_holding_rule_keeps_the_post_out_of_sight_and_opens_a_case(ruled):
    author, reader = ruled.members[0], ruled.members[1]
    post = write(ruled, author, "Promo VI@GRA ici")
    assert post.moderation_state == "held"
    case = Case.objects.get(post=post)
    assert case.origin == "rule" and case.automated and case.article.number == 2
    assert "VI@GRA" in case.facts
    assert JournalEntry.objects.filter(case=case, kind=EntryKind.HELD).exists()
    assert Notice.objects.filter(recipient=author, entry__kind=EntryKind.HELD).exists()
    feed = conversation_selectors.community_feed(ruled).items
    assert post not in feed
    ruled.refresh_from_db()
    assert ruled.post_count == 0  # a held post is not counted
    assert author.pk not in {j.user_id for j in case.jurors.all()}
    assert post.pk not in [p.pk for p in conversation_selectors.member_posts(author, reader).items]


def test_links_from_new_members_are_held_but_not_from_older_ones(ruled, make_user, join, clock):
    newcomer = join(make_user("newcomer"), ruled)
    held = write(ruled, newcomer, "Voyez https://boutique.example/soldes")
    assert held.moderation_state == "held"
    older = write(ruled, ruled.members[1], "Voyez https://boutique.example/soldes")
    assert older.moderation_state == "visible"
    clock.advance(days=8)
    later = write(ruled, newcomer, "Et maintenant https://boutique.example/soldes")
    assert later.moderation_state == "visible"


def test_shouting_publishes_and_flags_for_a_jury(ruled):
    post = write(ruled, ruled.members[0], "C'EST VRAIMENT TROP BON CE CAFÉ")
    assert post.moderation_state == "visible"
    case = Case.objects.get(post=post)
    assert case.origin == "rule" and case.article.number == 3
    assert JournalEntry.objects.filter(case=case, kind=EntryKind.FLAGGED).exists()
    assert not Notice.objects.filter(entry__case=case).exists()  # no restriction, no notice


def test_the_rate_rule_counts_posts_and_comments_of_the_last_hour(ruled):
    author = ruled.members[0]
    post = write(ruled, author, "Un")
    conversations.write_comment(post=post, author=author, body="Deux")
    conversations.write_comment(post=post, author=author, body="Trois")
    fourth = conversations.write_comment(post=post, author=author, body="Quatre")
    assert fourth.moderation_state == "held"
    assert Comment.objects.filter(post=post, moderation_state="visible").count() == 2


def test_edits_are_screened_like_new_texts(ruled):
    author = ruled.members[0]
    post = write(ruled, author, "Bonjour")
    with pytest.raises(RuleRejected):
        conversations.edit_post(post=post, by=author, title="Titre", body="espèce d'abruti")
    post.refresh_from_db()
    assert post.body == "Bonjour"
    comment = conversations.write_comment(post=post, author=ruled.members[1], body="Merci")
    conversations.edit_comment(comment=comment, by=ruled.members[1], body="achetez du viagra")
    comment.refresh_from_db()
    assert comment.moderation_state == "held"
    assert Case.objects.filter(comment=comment, state="open").count() == 1


def test_rules_are_compiled_once_per_charter_version(ruled):
    version = ruled.charter_versions.order_by("-number").first()
    first, _ = compiled_rules(version)
    again, articles = compiled_rules(version)
    assert first is again
    assert sorted(articles) == [1, 2, 3]


def test_a_pattern_re2_cannot_compile_is_refused_when_the_charter_is_saved(ruled, camille):
    broken = [{**RULES[0], "rules": [{"kind": "pattern", "action": "hold", "pattern": "(a)\\1"}]}]
    with pytest.raises(InvalidInput, match="Article 1: The pattern"):
        charter_services.publish_charter_version(community=ruled, by=camille, articles=broken)
