"""A small community whose figures are worked out by hand in the tests.

The week under study is Monday 23 to Sunday 29 March 2026 in Europe/Paris, the week clocks
go forward (Sunday 29, 01:00 UTC: CET +1 becomes CEST +2). The previous week is 16–22 March.
"""

from datetime import UTC, datetime

import pytest

from agora.communities.models import Article, StewardMandate
from agora.conversations.models import Comment, Post
from agora.moderation.models import Case


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


MOMENT = utc(2026, 3, 30, 12, 0)  # "now" for the week's figures: Monday 30 March, 14:00


@pytest.fixture
def week(the_community, camille, make_user, join):
    """The rows of the week, named so tests can refer to them."""
    c = the_community
    # Camille has been a steward since January (the fixture's mandate starts today).
    StewardMandate.objects.filter(community=c, user=camille).update(starts_at=utc(2026, 1, 1))
    michu, olga, lea, bob = (join(make_user(h), c) for h in ("michu", "olga", "lea", "bob"))

    def post(author, kind, at, title=""):
        return Post.objects.create(
            community=c, author=author, kind=kind, title=title, body="texte",
            body_html="<p>texte</p>", created_at=at,
        )  # fmt: skip

    def comment(on, author, at):
        return Comment.objects.create(post=on, author=author, body="oui", body_html="<p>oui</p>",
                                      created_at=at)  # fmt: skip

    rows = {}
    # The previous week: Michu's post, Bob's comment.
    rows["p0"] = post(michu, "post", utc(2026, 3, 18, 10), "P0")
    comment(rows["p0"], bob, utc(2026, 3, 19, 10))
    # Monday 23 (local): Michu's comment at 00:30 local, though still the 22nd in UTC.
    comment(rows["p0"], michu, utc(2026, 3, 22, 23, 30))
    rows["s1"] = post(camille, "status", utc(2026, 3, 23, 9), "S1")  # 10:00 local
    rows["q1"] = post(michu, "question", utc(2026, 3, 23, 8), "Q1")  # 09:00 local
    comment(rows["q1"], olga, utc(2026, 3, 23, 9))  # first answer, a member, after 1 h
    comment(rows["q1"], camille, utc(2026, 3, 23, 9, 30))
    # Tuesday 24: Léa asks, Camille answers at 20:00 local (7 h), Léa accepts it.
    rows["q2"] = post(lea, "question", utc(2026, 3, 24, 12), "Q2")
    answer = comment(rows["q2"], camille, utc(2026, 3, 24, 19))
    Post.objects.filter(pk=rows["q2"].pk).update(accepted_answer=answer)
    # Wednesday 25: Michu's post; Friday 27: Camille comments at 19:30 local.
    rows["p1"] = post(michu, "post", utc(2026, 3, 25, 10), "P1")
    comment(rows["p1"], camille, utc(2026, 3, 27, 18, 30))
    # Saturday 28: Olga asks; nobody answers.
    rows["q3"] = post(olga, "question", utc(2026, 3, 28, 10), "Q3")
    # Sunday 29 (clocks went forward): 23:30 local is in the week; 00:15 on Monday is not.
    comment(rows["p1"], olga, utc(2026, 3, 29, 21, 30))
    comment(rows["p0"], lea, utc(2026, 3, 29, 22, 15))

    # Moderation: a removal by flags (appealed, restored), an urgent action, a rule's case.
    first, second = Article.objects.filter(charter_version__community=c).order_by("number")[:2]

    def case(item, origin, article, opened, decided=None, decision="", **extra):
        return Case.objects.create(
            community=c, post=item, author=item.author, origin=origin, article=article,
            opened_at=opened, deadline=opened, jury_size=5,
            state="decided" if decided else "open", decided_at=decided, decision=decision,
            **extra,
        )  # fmt: skip

    rows["c1"] = case(rows["p1"], "flags", first, utc(2026, 3, 25, 12), utc(2026, 3, 26, 12),
                      "remove")  # fmt: skip
    rows["c2"] = case(rows["q3"], "steward", second, utc(2026, 3, 28, 12), utc(2026, 3, 29),
                      "keep", opened_by=camille)  # fmt: skip
    rows["c3"] = case(rows["q1"], "rule", first, utc(2026, 3, 26))
    rows["a1"] = case(rows["p1"], "flags", first, utc(2026, 3, 27), utc(2026, 3, 28), "keep",
                      appeal_of=rows["c1"])  # fmt: skip
    rows.update(community=c, camille=camille, michu=michu, olga=olga, lea=lea, bob=bob)
    rows["articles"] = (first, second)
    return rows
