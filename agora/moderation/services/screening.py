"""The charter's automatic rules on every new and edited post and comment, and mutes.

Registered with `conversations.screening` at start-up. The rules of a charter version are
compiled once per process and cached by version (a published version never changes).
"""

from __future__ import annotations

import functools
from datetime import timedelta

from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from agora.communities import selectors as community_selectors
from agora.communities.models import ArticleRule, Membership
from agora.conversations import screening
from agora.conversations.models import Comment, Post
from agora.conversations.screening import Screening
from agora.core.clock import now
from agora.core.errors import InvalidInput, NotAllowed
from agora.media.pipeline import distance
from agora.rules import CompiledRules, RuleSpec, Verdict

from .. import notify, selectors
from ..models import CaseOrigin, EntryKind, RemovedImage
from .journal import record


class RuleRejected(InvalidInput):
    """A charter rule refused the text; the message cites the article."""


class Muted(NotAllowed):
    """The member is muted in this community until a date the message gives."""


@functools.lru_cache(maxsize=256)
def _compiled(version_id: int, published_at: str) -> tuple[CompiledRules, dict]:
    rules = list(
        ArticleRule.objects.filter(article__charter_version_id=version_id).select_related(
            "article", "article__charter_version"
        )
    )
    specs = [
        RuleSpec(
            id=rule.pk,
            article=rule.article.number,
            kind=rule.kind,
            action=rule.action,
            terms=tuple(rule.terms or ()),
            pattern=rule.pattern,
            limit=rule.limit,
        )
        for rule in rules
    ]
    articles = {rule.article.number: rule.article for rule in rules}
    return CompiledRules(specs), articles


def compiled_rules(version) -> tuple[CompiledRules, dict]:
    """The version's compiled rules and its articles by number, built once per process."""
    # The publication moment is part of the key: a test database may reuse an id.
    return _compiled(version.pk, version.published_at.isoformat())


def describe(verdict: Verdict, text: str, language: str = "fr") -> str:
    """The facts a rule relied on, for the journal, in the community's language: what matched
    (a few words) or what was counted, never the text itself."""
    parts = []
    with translation.override(language):
        for hit in verdict.hits:
            kind = hit.rule.kind
            if kind in ("terms", "pattern"):
                seen = sorted({text[m.start : m.end][:40] for m in hit.matches})[:5]
                label = _("watched term") if kind == "terms" else _("pattern")
                parts.append(
                    _("%(label)s: %(items)s")
                    % {"label": label, "items": ", ".join(f"«\u00a0{s}\u00a0»" for s in seen)}
                )
            elif kind == "links":
                parts.append(
                    _("a link from a member of %(days)d days") % {"days": int(hit.count or 0)}
                )
            elif kind == "rate":
                parts.append(
                    _("%(count)d messages in the last hour") % {"count": int(hit.count or 0)}
                )
            else:
                parts.append(_("a message mostly in capitals"))
    return "; ".join(parts)


def _last_hour(author, community) -> int:
    since = now() - timedelta(hours=1)
    return (
        Post.objects.filter(author=author, community=community, created_at__gte=since).count()
        + Comment.objects.filter(
            author=author, post__community=community, created_at__gte=since
        ).count()
    )


# Perceptual hashes this close (bits out of 64) are the same picture, resized, re-encoded
# or lightly edited; unrelated photos differ by about 32.
NEAR_IDENTICAL_BITS = 8


def screen_contribution(*, community, author, text: str, post=None, comment=None, images=()):
    """Mutes first, then images a jury removed before, then the current charter's rules.
    Raises Muted or RuleRejected (after recording the rejection and the author's notice),
    or returns a Screening."""
    key = (community.pk, getattr(author, "pk", None))
    mute = screening.memo(("mute", key), lambda: selectors.active_mute(author, community))
    if mute is not None:
        raise Muted(
            _(
                "You are muted in this community until %(until)s, after repeated removals "
                "decided by juries (the charter sets this). You can still read and vote."
            )
            % {"until": formats.date_format(mute.ends_at, "DATETIME_FORMAT")},
            link="/moderation/notices/",
            link_text=_("Your notices"),
        )
    earlier = _removed_before(community, images)
    if earlier is not None:
        return _hold_reupload(community, author, earlier)
    version = screening.memo(
        ("charter", community.pk), lambda: community_selectors.current_charter(community)
    )
    if version is None:
        return None
    rules, articles = compiled_rules(version)
    if not rules.specs:
        return None
    membership = screening.memo(
        ("membership", key),
        lambda: Membership.objects.filter(community=community, user=author).first(),
    )
    member_days = (now() - membership.joined_at).total_seconds() / 86400 if membership else 0.0
    last_hour = _last_hour(author, community) if rules.needs_rate else 0
    verdict = rules.check(text, member_days=member_days, last_hour=last_hour)
    if verdict.action is None:
        return None
    first = next(hit for hit in verdict.hits if hit.action == verdict.action)
    article = articles[first.rule.article]
    language = getattr(getattr(community, "identity", None), "language", None) or "fr"
    facts = describe(verdict, text, language)
    if verdict.action == "reject":
        with transaction.atomic():
            entry = record(
                community=community,
                kind=EntryKind.REJECTED,
                recipient=author,
                article=article,
                facts=facts,
                automated=True,
                post=post,
                comment=comment,
            )
            notify.notice_sent(entry=entry, recipient=author)
        raise RuleRejected(
            _(
                "Not published: this breaks article %(number)d « %(title)s » of the charter "
                "(%(facts)s). Rephrase it and try again."
            )
            % {"number": article.number, "title": article.title, "facts": facts}
        )
    hold = verdict.action == "hold"

    return Screening(
        hold=hold, after_save=_case_opener(community, author, article, facts, hold=hold)
    )


def _removed_before(community, images) -> RemovedImage | None:
    """The decision that removed a picture near-identical to one of these, if any."""
    hashes = [image.phash for image in images if image.phash]
    if not hashes:
        return None
    removed = RemovedImage.objects.filter(community=community).select_related(
        "case", "case__article"
    )
    for earlier in removed.order_by("-removed_at"):
        if any(distance(earlier.phash, phash) <= NEAR_IDENTICAL_BITS for phash in hashes):
            return earlier
    return None


def _hold_reupload(community, author, earlier: RemovedImage) -> Screening:
    """Held out of sight for a jury, citing the decision that removed the same picture."""
    case = earlier.case
    article = case.article
    language = getattr(getattr(community, "identity", None), "language", None) or "fr"
    with translation.override(language):
        facts = _(
            "An image is near-identical to one a jury removed on %(day)s (case #%(case)d)."
        ) % {"day": formats.date_format(case.decided_at or earlier.removed_at), "case": case.pk}

    return Screening(
        hold=True, after_save=_case_opener(community, author, article, facts, hold=True)
    )


def _case_opener(community, author, article, facts, *, hold: bool):
    """What a screen does once the item is saved: open its case, journal it (held, or
    flagged for a jury while it stays visible) and tell the author of a hold."""

    def open_the_case(item) -> None:
        from .cases import open_case

        case = open_case(
            item=item, origin=CaseOrigin.RULE, article=article, facts=facts, automated=True
        )
        entry = record(
            community=community,
            kind=EntryKind.HELD if hold else EntryKind.FLAGGED,
            recipient=author if hold else None,
            case=case,
            article=article,
            facts=facts,
            automated=True,
            **({"comment": item} if isinstance(item, Comment) else {"post": item}),
        )
        if hold:
            notify.notice_sent(entry=entry, recipient=author)

    return open_the_case
