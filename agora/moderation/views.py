"""Moderation pages: parse the input, look up and check access, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.communities import selectors as community_selectors
from agora.communities.decorators import community_view
from agora.conversations import selectors as conversation_selectors
from agora.core.errors import NotFound
from agora.core.forms import bind, submit
from agora.rules import RuleError

from . import permissions, selectors
from .forms import AppealForm, FlagForm, HideForm, ModerationSettingsForm, VoteForm
from .models import CaseState
from .services import cases as case_services
from .services import notices as notice_services
from .services import settings as settings_services
from .services import votes


def _item(community, post_id, comment_id):
    post = conversation_selectors.post_in(community, post_id)
    if comment_id is None:
        return post, None
    return post, conversation_selectors.comment_in(post, comment_id)


def _item_url(post, comment):
    url = reverse("conversations:post", args=[post.community.slug, post.pk])
    return f"{url}#comment-{comment.pk}" if comment else url


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def flag(request, community, post_id, comment_id=None):
    post, comment = _item(community, post_id, comment_id)
    item = comment or post
    version = community_selectors.current_charter(community)
    if version is None or not item.is_visible:
        raise NotFound()
    form = bind(FlagForm, request, version=version)
    outcome = submit(
        form,
        lambda data: case_services.flag_item(
            member=request.user,
            post=None if comment else post,
            comment=comment,
            article_number=data["article"],
            note=data["note"],
        ),
    )
    if outcome.done:
        messages.success(
            request, _("Thank you: your flag is recorded. The author will not know who flagged.")
        )
        return redirect(_item_url(post, comment))
    context = {"community": community, "post": post, "comment": comment, "item": item}
    context["images"] = selectors.item_images(item)
    return render(request, "moderation/flag.html", {**context, "form": form}, status=outcome.status)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def hide(request, community, post_id, comment_id=None):
    post, comment = _item(community, post_id, comment_id)
    item = comment or post
    version = community_selectors.current_charter(community)
    if version is None or item.deleted_at is not None:
        raise NotFound()
    form = bind(HideForm, request, version=version)
    outcome = submit(
        form,
        lambda data: case_services.hide_urgently(
            steward=request.user,
            post=None if comment else post,
            comment=comment,
            article_number=data["article"],
            reason=data["reason"],
        ),
    )
    if outcome.done:
        messages.success(request, _("Hidden. A jury of members will confirm or overturn it."))
        return redirect("moderation:case", community.slug, outcome.result.pk)
    context = {"community": community, "post": post, "comment": comment, "item": item}
    context["images"] = selectors.item_images(item)
    return render(request, "moderation/hide.html", {**context, "form": form}, status=outcome.status)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def hide_image(request, community, post_id, attachment_id):
    """A steward hides one image of a post or of one of its comments (urgent action)."""
    post = conversation_selectors.post_in(community, post_id)
    attachment = selectors.attachment_in(post, attachment_id)
    version = community_selectors.current_charter(community)
    if version is None or post.deleted_at is not None:
        raise NotFound()
    form = bind(HideForm, request, version=version)
    outcome = submit(
        form,
        lambda data: case_services.hide_image_urgently(
            steward=request.user,
            attachment=attachment,
            article_number=data["article"],
            reason=data["reason"],
        ),
    )
    if outcome.done:
        messages.success(
            request, _("The image is hidden. A jury of members will confirm or overturn it.")
        )
        return redirect("moderation:case", community.slug, outcome.result.pk)
    context = {"community": community, "post": post, "attachment": attachment, "form": form}
    return render(request, "moderation/hide_image.html", context, status=outcome.status)


def _case_context(request, community, case, **extra):
    seat = selectors.seat_of(request.user, case)
    my_vote = selectors.vote_of(request.user, case)
    flags = list(selectors.flags_of(case))
    return {
        "community": community,
        "case": case,
        "item": case.item,
        "images": selectors.case_images(case),
        "seat": seat,
        "my_vote": my_vote,
        "notes": [f for f in flags if f.note],
        "flag_count": len(flags),
        "can_vote": seat is not None and my_vote is None and case.state == CaseState.OPEN,
        "is_author": case.author_id == request.user.pk,
        "appeal": getattr(case, "appeal", None) if case.state == CaseState.DECIDED else None,
        "vote_form": extra.pop("vote_form", None) or VoteForm(),
        **extra,
    }


@community_view(login=True)
def case_detail(request, community, case_id):
    case = selectors.case_in(community, case_id)
    permissions.check_can_see_case(request.user, case)
    return render(request, "moderation/case.html", _case_context(request, community, case))


@community_view(login=True)
@require_POST
def vote(request, community, case_id):
    case = selectors.case_in(community, case_id)
    permissions.check_can_see_case(request.user, case)
    form = VoteForm(request.POST)
    outcome = submit(form, lambda data: votes.cast_vote(case=case, juror=request.user, **data))
    if outcome.done:
        messages.success(request, _("Your vote is counted. Thank you for judging."))
        return redirect("moderation:case", community.slug, case.pk)
    case = selectors.case_in(community, case_id)  # as it is now (another vote may have closed it)
    context = _case_context(request, community, case, vote_form=form)
    return render(request, "moderation/case.html", context, status=outcome.status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def appeal(request, community, case_id):
    case = selectors.case_in(community, case_id)
    if case.author_id != request.user.pk:
        raise NotFound()
    form = bind(AppealForm, request)
    outcome = submit(
        form,
        lambda data: case_services.appeal_case(case=case, by=request.user, reason=data["reason"]),
    )
    if outcome.done:
        messages.success(request, _("Your appeal is registered: a new, larger jury will decide."))
        return redirect("moderation:case", community.slug, outcome.result.pk)
    context = {"community": community, "case": case, "form": form}
    return render(request, "moderation/appeal.html", context, status=outcome.status)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def settings_page(request, community):
    """The community's moderation settings (stewards)."""
    form = bind(ModerationSettingsForm, request, instance=selectors.settings_of(community))
    outcome = submit(
        form,
        lambda data: settings_services.update_moderation_settings(
            community=community, by=request.user, **data
        ),
    )
    if outcome.done:
        messages.success(request, _("The moderation settings are saved."))
        return redirect("moderation:queue", community.slug)
    context = {"community": community, "form": form}
    return render(request, "moderation/settings.html", context, status=outcome.status)


@community_view(login=True)
def queue(request, community):
    is_steward = community_selectors.is_steward(request.user, community)
    context = {
        "community": community,
        "is_steward": is_steward,
        "my_cases": selectors.cases_for_juror(request.user, community),
        "open_cases": list(selectors.stewards_queue(community)) if is_steward else [],
    }
    return render(request, "moderation/queue.html", context)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def rules_test(request, community):
    """Try terms and patterns on a sample text and on the last 500 posts, before saving."""
    prefix = request.POST.get("prefix", "")
    key = (lambda name: f"{prefix}-{name}") if prefix else (lambda name: name)
    data = {
        "terms": request.POST.get(key("watched_terms"), ""),
        "patterns": request.POST.get(key("patterns"), ""),
        "sample": request.POST.get(key("sample"), "")[:20_000],
    }
    context = {"community": community, "data": data, "result": None, "error": None}
    status = 200
    if request.method == "POST":
        try:
            context["result"] = selectors.test_rules(
                community,
                terms=_lines(data["terms"]),
                patterns=_lines(data["patterns"]),
                sample=data["sample"],
            )
        except RuleError as error:
            context["error"], status = str(error), 400
        else:
            result = context["result"]
            result["highlighted"] = _highlight(result["sample"], result["sample_matches"])
    template = "moderation/rules_test.html"
    if request.htmx:
        template = "moderation/fragments/rules_test_result.html"
    return render(request, template, context, status=status)


def _highlight(text: str, matches) -> list[tuple[str, bool]]:
    """The sample cut into (piece, matched) so the template marks matches, escaped."""
    pieces, position = [], 0
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if match.start < position:
            continue
        pieces.append((text[position : match.start], False))
        pieces.append((text[match.start : match.end], True))
        position = match.end
    pieces.append((text[position:], False))
    return [p for p in pieces if p[0]]


@community_view()
def journal(request, community):
    page = selectors.journal_page(community, request.GET.get("after"))
    return render(request, "moderation/journal.html", {"community": community, "page": page})


@login_required
def notices(request):
    """The member's juries waiting for a vote, then their notices (marked read once seen)."""
    page = selectors.notices_page(request.user, request.GET.get("after"))
    seats = list(selectors.my_open_seats(request.user))
    response = render(request, "moderation/notices.html", {"page": page, "seats": seats})
    notice_services.mark_read(user=request.user, ids=[n.pk for n in page.items])
    return response
