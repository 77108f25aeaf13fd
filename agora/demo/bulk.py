"""Generated data for benchmarks (`agora demo --size N`): a year of life in a community.

N posts spread over the last `days` days (a question every seventh), each with
`comments_per_post` comments written a few minutes to a few days after it (never in the
future), by members chosen at random (the stewards are members, so some are theirs).
Written in bulk for speed, oldest first so ids follow time as in a real community; the
thread paths, counters and the search index are set to match the rows.
"""

import math
import random
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F

from agora.accounts.models import User
from agora.communities.models import Community
from agora.communities.services.membership import consent_to_charter
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

CHUNK = 2000  # posts written (with their comments) per round, to bound memory
# A comment comes this long after its post: log-uniform, so most within hours, some days later.
FIRST_REPLY = math.log(2 * 60)
LAST_REPLY = math.log(3 * 24 * 3600)


def _sentence(rng, n=18):
    return " ".join(rng.choices(WORDS, k=n)).capitalize() + "."


def _reply_times(rng, posted, moment, count):
    """`count` moments after `posted`, oldest first, none after `moment`."""
    times = []
    for _ in range(count):
        when = posted + timedelta(seconds=math.exp(rng.uniform(FIRST_REPLY, LAST_REPLY)))
        if when > moment:  # a recent post: its comments came between it and now
            when = posted + (moment - posted) * rng.random()
        times.append(when)
    times.sort()
    return times


def _reserve_ids(model, count: int) -> list[int]:
    """PostgreSQL: `count` ids from the table's sequence, so a comment's thread path can be
    written with the row instead of by a second pass over the table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _created(objs, model, **filters):
    """The rows `bulk_create` just wrote, with their ids (re-read where the database cannot
    return them from the insert)."""
    if all(obj.pk is not None for obj in objs):
        return objs
    return list(model.objects.filter(**filters).order_by("-pk")[: len(objs)])[::-1]


@transaction.atomic
def generate(
    *,
    community: Community,
    posts: int,
    comments_per_post: int = 5,
    days: int = 365,
    seed: int = 7,
):
    rng = random.Random(seed)  # noqa: S311 - repeatable filler text, not security
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
    members = list(
        User.objects.filter(memberships__community=community)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    moment = now()
    span = timedelta(days=days)
    # When each post was written, oldest first.
    moments = sorted(moment - span * rng.random() for _ in range(posts))
    written = 0
    for first in range(0, posts, CHUNK):
        new_posts = []
        for i in range(first, min(first + CHUNK, posts)):
            body = _sentence(rng, 40)
            new_posts.append(
                Post(
                    community=community,
                    author_id=rng.choice(members),
                    kind="question" if i % 7 == 0 else "post",
                    title=_sentence(rng, 6),
                    body=body,
                    body_html=render_markdown(body),
                    created_at=moments[i],
                    comment_count=comments_per_post,
                )
            )
        Post.objects.bulk_create(new_posts, batch_size=500)
        created = _created(new_posts, Post, community=community)
        new_comments = []
        for post in created:
            for when in _reply_times(rng, post.created_at, moment, comments_per_post):
                body = _sentence(rng, 20)
                new_comments.append(
                    Comment(
                        post_id=post.pk,
                        author_id=rng.choice(members),
                        body=body,
                        body_html=render_markdown(body),
                        created_at=when,
                    )
                )
        if new_comments and connection.vendor == "postgresql":
            # path = own id, zero-padded, for top-level comments (as write_comment does).
            for comment, pk in zip(
                new_comments, _reserve_ids(Comment, len(new_comments)), strict=True
            ):
                comment.pk, comment.path = pk, f"{pk:010d}"
        Comment.objects.bulk_create(new_comments, batch_size=1000)
        for post in created:
            search.index_post(post)
        written += len(created)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            # path = own id, zero-padded, for top-level comments.
            cursor.execute(
                "UPDATE conversations_comment SET path = substr('0000000000' || id, -10, 10) "
                "WHERE path = ''"
            )
    Community.objects.filter(pk=community.pk).update(post_count=F("post_count") + posts)
    return written
