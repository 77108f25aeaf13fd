from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.accounts import selectors as account_selectors
from agora.communities import permissions
from agora.communities import selectors as community_selectors
from agora.communities.decorators import community_view
from agora.core import params
from agora.core.errors import InvalidInput, NotFound
from agora.core.forms import bind, submit
from agora.core.htmx import render_page_or_fragment
from agora.core.redirects import safe_next_url
from agora.media import selectors as media_selectors
from agora.media.services import images as media_services
from agora.voice import MAX_TEXT_LENGTH, VoiceError
from agora.voice import alt as alt_text

from . import live as live_activity
from . import selectors, services
from .forms import (
    CommentForm,
    PostEditForm,
    PostForm,
    ReactionForm,
    SearchForm,
    StatusForm,
    posted_images,
)
from .permissions import check_can_use_coach


def _staged_again(request, community) -> list:
    """A refused form shows the images it carried again, with their descriptions as typed."""
    if request.method != "POST":
        return []
    found = []
    for key, alt in posted_images(request.POST, strict=False):
        image = media_selectors.staged_image(key, uploader=request.user, community=community)
        if image is not None:
            image.alt = alt
            found.append(image)
    return found


def _post_url(post):
    return reverse("conversations:post", args=[post.community.slug, post.pk])


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def status_new(request, community):
    if request.method == "GET":
        permissions.check_can_steward(request.user, community)
    form = bind(StatusForm, request)
    outcome = submit(
        form,
        lambda data: services.publish_status(
            community=community, by=request.user, images=posted_images(request.POST), **data
        ),
    )
    if outcome.done:
        messages.success(request, _("Your status is published."))
        return redirect(_post_url(outcome.result))
    context = {
        "community": community,
        "form": form,
        "refusal": outcome.error,
        "staged_images": _staged_again(request, community),
    }
    if not form.is_bound:
        context["missing"] = community_selectors.missing_foundations(community)
    return render(request, "conversations/status_new.html", context, status=outcome.status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def post_new(request, community):
    permissions.check_can_contribute(request.user, community)
    form = bind(PostForm, request, initial={"is_question": request.GET.get("question")})
    outcome = submit(
        form,
        lambda data: services.write_post(
            community=community, author=request.user, images=posted_images(request.POST), **data
        ),
    )
    if outcome.done:
        return redirect(_post_url(outcome.result))
    context = {
        "community": community,
        "form": form,
        "staged_images": _staged_again(request, community),
    }
    return render(request, "conversations/post_new.html", context, status=outcome.status)


def _post_context(request, community, post, comment_form=None):
    comments = selectors.thread(post, request.user)
    summary = selectors.reactions_summary(post=post, comments=comments, viewer=request.user)
    post.reaction_list = summary[("post", post.pk)]
    for comment in comments:
        comment.reaction_list = summary[("comment", comment.pk)]
    comment_form = comment_form or CommentForm()
    return {
        "community": community,
        "post": post,
        "comments": comments,
        "comment_form": comment_form,
        "can_contribute": permissions.can_contribute(request.user, community),
        "is_steward": permissions.can_steward(request.user, community),
        "max_depth": services.settings.AGORA_COMMENT_MAX_DEPTH,
        "live_url": live_activity.url(request.user, community, post),
        "live_since": max([c.created_at for c in comments] or [post.created_at]).timestamp(),
        "live_every": live_activity.EVERY_MS,
    }


@community_view()
def post_detail(request, community, post_id):
    reply_to = params.parse_id(request.GET.get("reply"))
    post = selectors.post_in(community, post_id)
    form = CommentForm(initial={"parent": reply_to} if reply_to else None)
    context = _post_context(request, community, post, comment_form=form)
    return render(request, "conversations/post_detail.html", context)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def post_edit(request, community, post_id):
    post = selectors.post_in(community, post_id)
    if post.author_id != request.user.pk or post.is_deleted:
        raise NotFound()
    form = bind(PostEditForm, request, initial={"title": post.title, "body": post.body})
    outcome = submit(form, lambda data: services.edit_post(post=post, by=request.user, **data))
    if outcome.done:
        messages.success(
            request, _("Your changes are saved; the earlier text stays in the history.")
        )
        return redirect(_post_url(post))
    context = {"community": community, "post": post, "form": form}
    return render(request, "conversations/post_edit.html", context, status=outcome.status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def post_delete(request, community, post_id):
    post = selectors.post_in(community, post_id)
    if request.method == "POST":
        services.delete_post(post=post, by=request.user)
        messages.success(request, _("Your post is deleted."))
        return redirect("communities:detail", community.slug)
    if post.author_id != request.user.pk or post.is_deleted:
        raise NotFound()
    return render(
        request, "conversations/confirm_delete.html", {"community": community, "post": post}
    )


@community_view()
def post_history(request, community, post_id):
    post = selectors.post_in(community, post_id)
    if post.is_deleted:
        raise NotFound()
    return render(
        request,
        "conversations/history.html",
        {"community": community, "post": post, "revisions": selectors.revisions_of_post(post)},
    )


@community_view(login=True)
@require_POST
def comment_create(request, community, post_id):
    post = selectors.post_in(community, post_id)
    form = CommentForm(request.POST)

    def write(data):
        parent = selectors.comment_in(post, data["parent"]) if data["parent"] else None
        return services.write_comment(
            post=post,
            author=request.user,
            body=data["body"],
            parent=parent,
            images=posted_images(request.POST),
        )

    outcome = submit(form, write)
    if outcome.done:
        return redirect(f"{_post_url(post)}#comment-{outcome.result.pk}")
    refusal = outcome.error
    if refusal is not None and refusal.status == 403 and refusal.link:
        # Consent needed first: to the charter, then back to this post.
        messages.error(request, str(refusal.message))
        return redirect(f"{refusal.link}?next={_post_url(post)}")
    if refusal is not None and (refusal.status == 404 or post.is_deleted):
        raise refusal
    context = _post_context(request, community, post, comment_form=form)
    context["staged_images"] = _staged_again(request, community)
    return render(request, "conversations/post_detail.html", context, status=outcome.status)


@community_view(login=True)
@require_POST
def image_upload(request, community):
    """One image from the composer (a file button, a drop, a paste): judged, kept for the
    author, and answered with its place in the composer (a preview, its description field).
    A refusal is a 4xx whose message the composer shows beside the file; nothing is kept."""
    permissions.check_can_contribute(request.user, community)
    limits = media_services.limits_for(community)
    length = request.META.get("CONTENT_LENGTH") or "0"
    declared = int(length) if length.isascii() and length.isdigit() else 0
    if declared > limits.max_bytes + UPLOAD_OVERHEAD:  # refused before it is read
        raise media_services.too_large(declared, limits.max_bytes)
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput(_("Choose a picture to add."), errors={"file": [_("Choose a picture.")]})
    data = upload.read(limits.max_bytes + 1)
    purpose = "comment" if request.POST.get("for") == "comment" else "post"
    image = media_services.receive_image(
        uploader=request.user, community=community, purpose=purpose, data=data
    )
    context = {"community": community, "image": image, "purpose": purpose}
    return render(request, "conversations/fragments/staged_image.html", context, status=201)


@community_view(login=True)
@require_GET
def image_staged(request, community, key):
    """A staged image again (the composer asks while the worker prepares it)."""
    image = media_selectors.staged_image(key, uploader=request.user, community=community)
    if image is None:
        raise NotFound()
    context = {"community": community, "image": image}
    return render(request, "conversations/fragments/staged_image.html", context)


@community_view(login=True)
@require_POST
def image_describe(request, community, key):
    """Keep a staged image's description as it is typed, and answer the coach's word on it
    (missing, a file name, or words that do not say what the picture shows)."""
    image = media_selectors.staged_image(key, uploader=request.user, community=community)
    if image is None:
        raise NotFound()
    image = media_services.describe_image(
        image=image, by=request.user, alt=request.POST.get(f"alt_{key}", "")
    )
    context = {"image": image, "advice": alt_text.advice(image.alt, get_language() or "en")}
    return render(request, "conversations/fragments/alt_advice.html", context)


# Room for the multipart envelope around the file itself.
UPLOAD_OVERHEAD = 64 * 1024


def _own_comment(request, community, post_id, comment_id):
    post = selectors.post_in(community, post_id)
    comment = selectors.comment_in(post, comment_id)
    if comment.author_id != request.user.pk or comment.is_deleted:
        raise NotFound()
    return post, comment


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def comment_edit(request, community, post_id, comment_id):
    post, comment = _own_comment(request, community, post_id, comment_id)
    form = bind(CommentForm, request, initial={"body": comment.body})
    outcome = submit(
        form,
        lambda data: services.edit_comment(comment=comment, by=request.user, body=data["body"]),
    )
    if outcome.done:
        return redirect(f"{_post_url(post)}#comment-{comment.pk}")
    context = {"community": community, "post": post, "comment": comment, "form": form}
    return render(request, "conversations/comment_edit.html", context, status=outcome.status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def comment_delete(request, community, post_id, comment_id):
    post, comment = _own_comment(request, community, post_id, comment_id)
    if request.method == "POST":
        services.delete_comment(comment=comment, by=request.user)
        messages.success(request, _("Your comment is deleted."))
        return redirect(_post_url(post))
    return render(
        request,
        "conversations/confirm_delete.html",
        {"community": community, "post": post, "comment": comment},
    )


@community_view()
def comment_history(request, community, post_id, comment_id):
    post = selectors.post_in(community, post_id)
    comment = selectors.comment_in(post, comment_id)
    if comment.is_deleted:
        raise NotFound()
    return render(
        request,
        "conversations/history.html",
        {
            "community": community,
            "post": post,
            "comment": comment,
            "revisions": selectors.revisions_of_comment(comment),
        },
    )


@community_view(login=True)
@require_POST
def react(request, community, post_id, comment_id=None):
    post = selectors.post_in(community, post_id)
    comment = selectors.comment_in(post, comment_id) if comment_id else None
    form = ReactionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("This reaction does not exist."))
    services.toggle_reaction(
        user=request.user,
        kind=form.cleaned_data["kind"],
        post=None if comment else post,
        comment=comment,
    )
    if not request.htmx:
        anchor = f"#comment-{comment.pk}" if comment else ""
        return redirect(_post_url(post) + anchor)
    comments = [comment] if comment else []
    summary = selectors.reactions_summary(post=post, comments=comments, viewer=request.user)
    key = ("comment", comment.pk) if comment else ("post", post.pk)
    return render_page_or_fragment(
        request,
        "conversations/post_detail.html",
        "conversations/fragments/reactions.html",
        {
            "community": community,
            "post": post,
            "target": comment or post,
            "target_kind": "comment" if comment else "post",
            "reaction_list": summary[key],
            "can_contribute": True,
            "comments": [],
        },
    )


@community_view(login=True)
@require_POST
def accept_answer(request, community, post_id, comment_id):
    post = selectors.post_in(community, post_id)
    comment = selectors.comment_in(post, comment_id)
    services.accept_answer(post=post, comment=comment, by=request.user)
    messages.success(request, _("The answer is marked as accepted."))
    return redirect(f"{_post_url(post)}#comment-{comment.pk}")


@community_view()
def feed(request, community):
    """The community's next page of publications (htmx's "Older publications"); without
    htmx, the community page itself, from the same place."""
    if not request.htmx:
        url = reverse("communities:detail", args=[community.slug])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    page = selectors.community_feed(community, request.GET.get("after"), viewer=request.user)
    context = {"community": community, "page": page}
    response = render(request, "conversations/fragments/feed_page.html", context)
    response["Vary"] = "HX-Request"
    return response


@community_view()
def search(request, community):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.search_community(community, query) if query else []
    return render(
        request,
        "conversations/search.html",
        {"community": community, "form": form, "query": query, "results": results},
        status=200 if form.is_valid() else 400,
    )


def member(request, handle):
    person = account_selectors.user_by_handle(handle)
    if person is None or not community_selectors.can_see_member(request.user, person):
        raise NotFound()
    page = selectors.member_posts(person, request.user, request.GET.get("after"))
    return render(request, "conversations/member.html", {"person": person, "page": page})


@login_required
def notifications(request):
    """The member's notifications, one line per thread and kind, newest first."""
    number = params.parse_page(request.GET.get("page"))
    groups, has_next = selectors.notification_groups(request.user, number)
    context = {"groups": groups, "page_number": number, "has_next": has_next}
    return render(request, "conversations/notifications.html", context)


@login_required
@require_POST
def notifications_read(request):
    group = request.POST.get("thread", "")
    if group:
        post_id, _sep, kind = group.partition(":")
        parsed = params.parse_id(post_id)
        if parsed is None:
            raise InvalidInput(_("A notification is named by its number."))
        services.mark_thread_read(user=request.user, post_id=parsed, kind=kind)
        return redirect("notifications")
    raw = request.POST.getlist("id")
    try:
        ids = [int(value) for value in raw] if raw else None
    except ValueError as error:
        raise InvalidInput(_("A notification is named by its number.")) from error
    services.mark_notifications_read(user=request.user, ids=ids)
    if request.htmx:
        return render(request, "conversations/fragments/unread_badge.html", {})
    return redirect("notifications")


def _utf16(text: str, index: int) -> int:
    """Browsers count string positions in UTF-16 units; Python in code points."""
    return len(text[:index].encode("utf-16-le")) // 2


def _finding_view(text: str, finding) -> dict:
    before = text[max(0, finding.start - 40) : finding.start]
    after = text[finding.end : finding.end + 40]
    return {
        "kind": finding.kind,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "before": ("…" if finding.start > 40 else "") + before,
        "span": text[finding.start : finding.end],
        "after": after + ("…" if finding.end + 40 < len(text) else ""),
        "start": _utf16(text, finding.start),
        "end": _utf16(text, finding.end),
    }


@community_view(login=True)
@require_POST
def voice_check(request, community):
    """The voice coach beside the composer (htmx): findings on the draft, never a refusal."""
    check_can_use_coach(request.user, community)
    text = request.POST.get("body", "")
    context = {"findings": [], "error": None}
    if len(text) > MAX_TEXT_LENGTH:
        context["error"] = _(
            "The draft is too long for the voice coach (%(max)d characters at most)."
        ) % {"max": MAX_TEXT_LENGTH}
    else:
        try:
            findings = selectors.coach_findings(
                community=community,
                user=request.user,
                text=text,
                ui_lang=request.LANGUAGE_CODE[:2],
                is_status=request.POST.get("coach_kind") == "status",
            )
        except VoiceError as error:
            context["error"] = str(error)
        else:
            context["findings"] = [_finding_view(text, f) for f in findings]
    context["checked"] = bool(text.strip())
    return render(request, "conversations/fragments/coach.html", context)


PIN_ACTIONS = {
    "pin": lambda post, by: services.pin_post(post=post, by=by),
    "unpin": lambda post, by: services.unpin_post(post=post, by=by),
    "up": lambda post, by: services.move_pin(post=post, by=by, up=True),
    "down": lambda post, by: services.move_pin(post=post, by=by, up=False),
}


@community_view(steward=True)
@require_POST
def pin(request, community, post_id, action):
    """Pin a post first on the community's page, unpin it, or move it among the pins."""
    post = selectors.post_in(community, post_id)
    act = PIN_ACTIONS.get(action)
    if act is None:
        raise NotFound()
    act(post, request.user)
    done = {
        "pin": _("Pinned: it comes first on the community's page."),
        "unpin": _("Unpinned."),
    }.get(action)
    if done:
        messages.success(request, done)
    if action == "pin":
        return redirect(_post_url(post))
    return redirect(safe_next_url(request, reverse("communities:detail", args=[community.slug])))


@require_GET
def live(request):
    """An open page asks what is new: `{"posts": n, "unread": k}`, or 304 when its ETag still
    holds. No session or user is read (the page's signed token names them): one query."""
    named = live_activity.read(request.GET.get("t", ""))
    if named is None:
        message = _("This page has been open too long: reload it to see what is new.")
        return JsonResponse({"error": message}, status=403)
    since = _since(request.GET.get("s", ""))
    if since is None:
        return JsonResponse({"error": _("“s” must be a moment (seconds since 1970).")}, status=400)
    user_id, community_id, post_id = named
    posts, unread, comments = selectors.live_counts(
        user_id=user_id, community_id=community_id, post_id=post_id, since=since
    )
    etag = f'"{posts}.{unread}.{comments}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = JsonResponse({"posts": posts, "unread": unread, "comments": comments})
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _since(text: str):
    """The moment written as seconds since 1970 (what the page embeds), or None."""
    from datetime import UTC, datetime

    try:
        seconds = float(text)
    except ValueError:
        return None
    if not 0 <= seconds < 32503680000:  # up to the year 3000
        return None
    return datetime.fromtimestamp(seconds, tz=UTC)
