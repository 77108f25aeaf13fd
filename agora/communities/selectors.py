"""Reads for communities. Functions that take a user also enforce what that user may see."""

import difflib
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agora.core.clock import now
from agora.core.errors import NotFound

from .models import (
    Article,
    CharterVersion,
    Community,
    Consent,
    Invitation,
    Membership,
    StewardMandate,
)


def filter_communities_visible_to(user):
    """Public communities, and private ones the user is a member of."""
    visible = Q(visibility="public")
    if user is not None and user.is_authenticated:
        visible |= Q(memberships__user=user)
    return Community.objects.filter(visible).distinct()


def access_community(user, slug: str) -> Community:
    """The community at this address, if the user may see it; NotFound (404) otherwise.

    A private community answers exactly as a community that does not exist.
    """
    community = Community.objects.filter(slug=slug).first()
    if community is None or not can_see(user, community):
        raise NotFound()
    return community


def can_see_member(viewer, person) -> bool:
    """A member's page is visible to themselves and to whoever can see one of their communities.

    Someone who belongs only to private communities is as invisible as those communities.
    """
    if viewer is not None and viewer.is_authenticated and viewer.pk == person.pk:
        return True
    visible = filter_communities_visible_to(viewer).values("pk")
    return Membership.objects.filter(user=person, community__in=visible).exists()


def can_see(user, community) -> bool:
    return not community.is_private or is_member(user, community)


def is_member(user, community) -> bool:
    if user is None or not user.is_authenticated:
        return False
    cache = _user_cache(user)
    key = ("member", community.pk)
    if key not in cache:
        cache[key] = Membership.objects.filter(community=community, user=user).exists()
    return cache[key]


def is_steward(user, community) -> bool:
    """Holds a stewardship mandate that has started and not ended."""
    if user is None or not user.is_authenticated:
        return False
    cache = _user_cache(user)
    key = ("steward", community.pk)
    if key not in cache:
        moment = now()
        cache[key] = (
            StewardMandate.objects.filter(community=community, user=user, starts_at__lte=moment)
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=moment))
            .exists()
        )
    return cache[key]


def _user_cache(user) -> dict:
    # Per-request memo on the user object: pages ask "member? steward?" many times.
    if not hasattr(user, "_agora_access"):
        user._agora_access = {}
    return user._agora_access


def forget_access(user) -> None:
    if hasattr(user, "_agora_access"):
        del user._agora_access


def stewards_of(community):
    moment = now()
    return (
        StewardMandate.objects.filter(community=community, starts_at__lte=moment)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=moment))
        .select_related("user")
        .order_by("starts_at")
    )


def current_charter(community) -> CharterVersion | None:
    return (
        CharterVersion.objects.filter(community=community)
        .prefetch_related(
            Prefetch(
                "articles", queryset=Article.objects.order_by("number").prefetch_related("rules")
            )
        )
        .order_by("-number")
        .first()
    )


def charter_version(community, number: int) -> CharterVersion:
    version = (
        CharterVersion.objects.filter(community=community, number=number)
        .prefetch_related("articles", "articles__rules")
        .first()
    )
    if version is None:
        raise NotFound()
    return version


def charter_versions(community):
    return CharterVersion.objects.filter(community=community).order_by("-number")


def has_consented_to_current(user, community) -> bool:
    latest = CharterVersion.objects.filter(community=community).order_by("-number")[:1]
    return Consent.objects.filter(user=user, charter_version__in=latest).exists()


def last_consented_version(user, community) -> CharterVersion | None:
    consent = (
        Consent.objects.filter(user=user, charter_version__community=community)
        .select_related("charter_version")
        .order_by("-charter_version__number")
        .first()
    )
    return consent.charter_version if consent else None


@dataclass(frozen=True)
class MissingFoundation:
    key: str
    label: str
    url: str


def missing_foundations(community) -> list[MissingFoundation]:
    """What the community still lacks before it may speak: charter, identity, mindset."""
    from .models import Identity, Mindset

    missing = []
    if not Article.objects.filter(charter_version__community=community).exists():
        missing.append(
            MissingFoundation(
                "charter",
                _("a charter"),
                reverse("communities:setup_charter", args=[community.slug]),
            )
        )
    if not Identity.objects.filter(community=community).exists():
        missing.append(
            MissingFoundation(
                "identity",
                _("an identity (the community's voice)"),
                reverse("communities:setup_identity", args=[community.slug]),
            )
        )
    if not Mindset.objects.filter(community=community).exclude(values=[]).exists():
        missing.append(
            MissingFoundation(
                "mindset",
                _("a mindset (its values)"),
                reverse("communities:setup_mindset", args=[community.slug]),
            )
        )
    return missing


@dataclass
class ArticleChange:
    number: int
    title: str
    change: str  # "added", "removed", "changed", "same"
    old_title: str = ""
    words: list | None = None  # [(op, text)] with op in "same", "added", "removed"
    rules_changed: bool = False  # the article's automatic rules differ


def _rule_keys(article) -> list[tuple]:
    return sorted(
        (r.kind, r.action, tuple(r.terms or ()), r.pattern, r.limit) for r in article.rules.all()
    )


def charter_diff(old: CharterVersion | None, new: CharterVersion) -> list[ArticleChange]:
    """Compare two versions article by article (matched by number), word by word."""
    old_articles = {a.number: a for a in (old.articles.all() if old else [])}
    new_articles = {a.number: a for a in new.articles.all()}
    changes = []
    for number in sorted(set(old_articles) | set(new_articles)):
        before, after = old_articles.get(number), new_articles.get(number)
        if before is None:
            changes.append(
                ArticleChange(number, after.title, "added", words=[("added", after.body)])
            )
        elif after is None:
            changes.append(
                ArticleChange(number, before.title, "removed", words=[("removed", before.body)])
            )
        elif (before.title, before.body) == (after.title, after.body):
            if _rule_keys(before) == _rule_keys(after):
                changes.append(ArticleChange(number, after.title, "same"))
            else:
                changes.append(
                    ArticleChange(
                        number, after.title, "changed", words=[("same", after.body)],
                        rules_changed=True,
                    )
                )  # fmt: skip
        else:
            changes.append(
                ArticleChange(
                    number,
                    after.title,
                    "changed",
                    old_title=before.title if before.title != after.title else "",
                    words=_word_diff(before.body, after.body),
                    rules_changed=_rule_keys(before) != _rule_keys(after),
                )
            )
    return changes


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(" "), new.split(" ")
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("same", " ".join(a[i1:i2])))
        if tag in ("delete", "replace"):
            ops.append(("removed", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append(("added", " ".join(b[j1:j2])))
    return ops


def member_emails(community, addresses) -> list[str]:
    """Which of these (lower-cased) addresses already belong to members."""
    from django.db.models.functions import Lower

    return list(
        Membership.objects.filter(community=community)
        .annotate(address=Lower("user__email"))
        .filter(address__in=list(addresses))
        .values_list("address", flat=True)
    )


def invitation_by_secret(secret: str):
    """The invitation this secret opens (any state), or None: a forged link finds nothing."""
    if not secret or len(secret) > 64:
        return None
    return (
        Invitation.objects.filter(secret_hash=Invitation.hash(secret))
        .select_related("community", "created_by")
        .first()
    )


def pending_requests(community):
    """Requests to join waiting for a steward, oldest first."""
    from .models import JoinRequest

    return (
        JoinRequest.objects.filter(community=community, state=JoinRequest.State.PENDING)
        .select_related("user", "invitation__created_by")
        .order_by("created_at", "id")
    )


def has_pending_request(user, community) -> bool:
    from .models import JoinRequest

    return (
        user.is_authenticated
        and JoinRequest.objects.filter(
            community=community, user=user, state=JoinRequest.State.PENDING
        ).exists()
    )


def invitations_of(community, *, by=None):
    """The community's invitations, newest first, with who came in through each; `by`
    narrows them to one inviter's (a member sees their own)."""
    rows = Invitation.objects.filter(community=community)
    if by is not None:
        rows = rows.filter(created_by=by)
    return (
        rows.select_related("created_by")
        .prefetch_related("uses__user")
        .order_by("-created_at", "-id")
    )


def people_invited(community) -> int:
    """Addresses invited by e-mail, and arrivals through links."""
    from django.db.models import Sum

    emails = Invitation.objects.filter(community=community, kind="email").count()
    arrivals = (
        Invitation.objects.filter(community=community, kind="link").aggregate(n=Sum("use_count"))[
            "n"
        ]
        or 0
    )
    return emails + arrivals
