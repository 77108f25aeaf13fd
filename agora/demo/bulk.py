"""Generated data for benchmarks (`agora demo --size N`): N posts with five comments each.

Written in bulk for speed; counters and the search index are set to match the rows.
"""

import random

from django.db import connection, transaction
from django.db.models import F

from agora.accounts.models import User
from agora.communities.models import Community
from agora.communities.services import consent_to_charter
from agora.conversations import search
from agora.conversations.models import Comment, Post
from agora.core.clock import now
from agora.core.markdown import render_markdown

WORDS = [
    "café",
    "torréfaction",
    "arôme",
    "mouture",
    "filtre",
    "espresso",
    "grain",
    "origine",
    "dégustation",
    "crème",
    "acidité",
    "douceur",
    "chocolat",
    "noisette",
    "fruité",
    "Éthiopie",
    "Brésil",
    "Colombie",
    "tasse",
    "matin",
]


def _sentence(rng, n=18):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


@transaction.atomic
def generate(*, community: Community, posts: int, comments_per_post: int = 5, seed: int = 7):
    rng = random.Random(seed)  # noqa: S311 - repeatable filler text, not security
    members = list(User.objects.filter(memberships__community=community).order_by("pk")[:50])
    # A few more members so participation is spread.
    base = User.objects.count()
    extra = []
    for i in range(20):
        extra.append(
            User(
                email=f"bench{base + i}@demo.agora.local",
                handle=f"bench{base + i}",
                display_name=f"Membre {base + i}",
                email_verified_at=now(),
                password="!",  # unusable: these accounts never log in  # noqa: S106
            )
        )
    User.objects.bulk_create(extra)
    version = community.charter_versions.order_by("-number").first()
    for user in User.objects.filter(handle__startswith="bench").exclude(
        memberships__community=community
    ):
        consent_to_charter(community=community, user=user, version_number=version.number)
    members = list(User.objects.filter(memberships__community=community))
    moment = now()
    new_posts = []
    for i in range(posts):
        body = _sentence(rng, 40)
        new_posts.append(
            Post(
                community=community,
                author=rng.choice(members),
                kind="question" if i % 7 == 0 else "post",
                title=_sentence(rng, 6),
                body=body,
                body_html=render_markdown(body),
                created_at=moment,
                comment_count=comments_per_post,
            )
        )
    Post.objects.bulk_create(new_posts, batch_size=500)
    created = list(Post.objects.filter(community=community).order_by("-pk")[:posts])
    new_comments = []
    for post in created:
        for _ in range(comments_per_post):
            body = _sentence(rng, 20)
            new_comments.append(
                Comment(
                    post=post,
                    author=rng.choice(members),
                    body=body,
                    body_html=render_markdown(body),
                    created_at=moment,
                )
            )
    Comment.objects.bulk_create(new_comments, batch_size=1000)
    with connection.cursor() as cursor:
        # path = own id, zero-padded, for top-level comments.
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE conversations_comment SET path = lpad(id::text, 10, '0') WHERE path = ''"
            )
        else:
            cursor.execute(
                "UPDATE conversations_comment SET path = substr('0000000000' || id, -10, 10) "
                "WHERE path = ''"
            )
    for post in created:
        search.index_post(post)
    Community.objects.filter(pk=community.pk).update(post_count=F("post_count") + posts)
    return len(created)
