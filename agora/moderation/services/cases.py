"""Cases: opened by flags, by an automatic rule or by a steward's urgent action; decided by a
jury (`draws`, `votes`, `decisions`); appealed once to a larger, fresh jury. Every step
leaves its journal entry."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agora.communities import selectors as community_selectors
from agora.communities.models import Article
from agora.communities.permissions import check_can_contribute, check_can_steward
from agora.conversations.models import Comment, ModerationState
from agora.conversations.services import set_moderation_state
from agora.core.clock import now
from agora.core.errors import Conflict, InvalidInput, NotAllowed, NotFound

from .. import notify, selectors
from ..models import Case, CaseOrigin, CaseState, Decision, EntryKind, Flag
from .decisions import schedule_deadline
from .draws import draw_jury
from .journal import item_kwargs, record

MAX_NOTE = 500
MAX_REASON = 1000
MIN_REASON = 10


def _item_of(*, post=None, comment=None):
    if (post is None) == (comment is None):
        raise InvalidInput(_("Name one post or one comment."))
    return comment if comment is not None else post


def _lock(item):
    """The item again, its row locked until the transaction ends (PostgreSQL; SQLite lets
    one writer at a time anyway): the flags on one item are counted one at a time, so the
    case opens once and every flag joins it, however many members flag together."""
    locked = type(item).objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        raise NotFound()
    return locked


def _community_of(item):
    return item.post.community if isinstance(item, Comment) else item.community


def current_article(community, number) -> object:
    """An article of the current charter version, or InvalidInput naming the problem."""
    version = community_selectors.current_charter(community)
    if version is None:
        raise InvalidInput(_("This community has no charter yet."))
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 0
    for article in version.articles.all():
        if article.number == number:
            return article
    raise InvalidInput(
        _("Choose an article of the current charter (1 to %(count)d).")
        % {"count": len(version.articles.all())}
    )


def open_case(
    *,
    item,
    origin: str,
    article,
    facts: str = "",
    automated: bool = False,
    opened_by=None,
    appeal_of: Case | None = None,
    attachment=None,
) -> Case:
    """Open a case on an item, or on one of its images (`attachment`), and draw its jury
    (call inside a transaction).

    An item, and an image, has at most one open case (database constraints): asking again
    returns it.
    """
    community = _community_of(item)
    settings = selectors.settings_of(community)
    kwargs = item_kwargs(item)
    existing = selectors.open_case_for(**kwargs, attachment=attachment)
    if existing is not None:
        return existing
    size = settings.appeal_jury_size if appeal_of else settings.jury_size
    moment = now()
    try:
        with transaction.atomic():
            case = Case.objects.create(
                community=community,
                author_id=item.author_id,
                origin=origin,
                article=article,
                facts=facts[:2000],
                automated=automated,
                opened_by=opened_by,
                opened_at=moment,
                deadline=moment + timedelta(hours=settings.vote_hours),
                jury_size=size,
                appeal_of=appeal_of,
                attachment=attachment,
                **kwargs,
            )
    except IntegrityError as error:  # a concurrent request opened it first
        existing = selectors.open_case_for(**kwargs, attachment=attachment)
        if existing is None:
            raise Conflict(_("This item already has an appeal.")) from error
        return existing
    draw_jury(case=case, size=size)
    schedule_deadline(case)
    return case


@transaction.atomic
def flag_item(*, member, post=None, comment=None, article_number, note: str = "") -> Flag:
    """A member's flag citing an article; at the community's threshold a case opens.

    One flag per member and item (409 for a second one); the author is never told who.
    """
    item = _lock(_item_of(post=post, comment=comment))
    community = _community_of(item)
    check_can_contribute(member, community)
    if not item.is_visible:
        raise NotFound()
    if item.author_id == member.pk:
        raise NotAllowed(_("You cannot flag your own contribution; edit or delete it instead."))
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(_("A note has at most %(count)d characters.") % {"count": MAX_NOTE})
    article = current_article(community, article_number)
    case = selectors.open_case_for(**item_kwargs(item))
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                community=community,
                member=member,
                article=article,
                note=note,
                created_at=now(),
                case=case,
                **item_kwargs(item),
            )
    except IntegrityError as error:
        raise Conflict(
            _("You have already flagged this; one flag per member is enough.")
        ) from error
    if case is not None:
        return flag
    pending = Flag.objects.filter(case__isnull=True, **item_kwargs(item))
    if pending.count() >= selectors.settings_of(community).flag_threshold:
        cited = Counter(pending.values_list("article_id", flat=True)).most_common(1)[0][0]
        article = Article.objects.select_related("charter_version").get(pk=cited)
        case = open_case(item=item, origin=CaseOrigin.FLAGS, article=article)
        pending.update(case=case)
        record(
            community=community,
            kind=EntryKind.CASE_OPENED,
            case=case,
            article=article,
            **item_kwargs(item),
        )
        flag.refresh_from_db()
    return flag


@transaction.atomic
def hide_urgently(*, steward, post=None, comment=None, article_number, reason: str) -> Case:
    """A steward's one power over content: hide it at once, citing an article and a reason.

    A jury then confirms or overturns it; the journal shows who acted and why.
    """
    item = _item_of(post=post, comment=comment)
    community = _community_of(item)
    check_can_steward(steward, community)
    reason = _checked_reason(reason)
    if item.deleted_at is not None or item.moderation_state == ModerationState.HIDDEN:
        raise Conflict(_("This is already out of sight."))
    article = current_article(community, article_number)
    set_moderation_state(item=item, state=ModerationState.HIDDEN)
    case = selectors.open_case_for(**item_kwargs(item))
    if case is None:
        case = open_case(
            item=item,
            origin=CaseOrigin.STEWARD,
            article=article,
            facts=reason,
            opened_by=steward,
        )
    _announce_urgent(community, item, case, article, reason)
    return case


@transaction.atomic
def hide_image_urgently(*, steward, attachment, article_number, reason: str) -> Case:
    """A steward hides one image of a post or comment at once, citing an article and a
    reason; the rest of the item stays. A jury confirms (the image is withheld for good and
    remembered) or overturns it (the image comes back)."""
    item = attachment.comment or attachment.post
    community = _community_of(item)
    check_can_steward(steward, community)
    reason = _checked_reason(reason)
    attachment = type(attachment).objects.select_for_update().filter(pk=attachment.pk).first()
    if attachment is None or item.deleted_at is not None:
        raise NotFound()
    if attachment.hidden_at is not None or attachment.image.state != "ready":
        raise Conflict(_("This image is already out of sight."))
    article = current_article(community, article_number)
    type(attachment).objects.filter(pk=attachment.pk).update(hidden_at=now())
    facts = _("Image %(number)d: %(reason)s") % {
        "number": attachment.position + 1,
        "reason": reason,
    }
    case = open_case(
        item=item,
        origin=CaseOrigin.STEWARD,
        article=article,
        facts=facts,
        opened_by=steward,
        attachment=attachment,
    )
    _announce_urgent(community, item, case, article, facts)
    return case


def _announce_urgent(community, item, case, article, facts) -> None:
    """An urgent action in the public journal, and the author's notice of it."""
    entry = record(
        community=community,
        kind=EntryKind.URGENT,
        recipient=item.author,
        case=case,
        article=article,
        facts=facts,
        **item_kwargs(item),
    )
    notify.notice_sent(entry=entry, recipient=item.author)


def _checked_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise InvalidInput(
            _("Write the reason (at least %(count)d characters): it is public.")
            % {"count": MIN_REASON}
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(_("A reason has at most %(count)d characters.") % {"count": MAX_REASON})
    return reason


@transaction.atomic
def appeal_case(*, case: Case, by, reason: str) -> Case:
    """The author of removed content appeals once, within the community's delay; a new,
    larger jury with none of the first jurors decides, and its decision is final."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.author_id != by.pk:
        raise NotAllowed(_("Only the author of the removed content can appeal."))
    if case.is_appeal:
        raise Conflict(_("An appeal's decision is final."))
    if case.state != CaseState.DECIDED or case.decision != Decision.REMOVE:
        raise Conflict(_("Only a removal can be appealed."))
    if Case.objects.filter(appeal_of=case).exists():
        raise Conflict(_("This decision has already been appealed; one appeal per decision."))
    settings = selectors.settings_of(case.community)
    if now() > case.decided_at + timedelta(days=settings.appeal_days):
        raise NotAllowed(
            _("The %(days)d days to appeal this decision have passed.")
            % {"days": settings.appeal_days}
        )
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise InvalidInput(
            _("Tell the jury why (at least %(count)d characters).") % {"count": MIN_REASON}
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(_("A reason has at most %(count)d characters.") % {"count": MAX_REASON})
    item = case.item
    appeal = open_case(
        item=item,
        origin=case.origin,
        article=case.article,
        facts=case.facts,
        appeal_of=case,
        attachment=case.attachment,
    )
    appeal.appeal_reason = reason
    appeal.save(update_fields=["appeal_reason"])
    record(
        community=case.community,
        kind=EntryKind.APPEALED,
        case=appeal,
        article=case.article,
        jury_size=appeal.jury_size,
        **item_kwargs(item),
    )
    return appeal
