"""What conversations adds to a community's page (`communities.panels`): the feed, the
search form, and the buttons to publish a status, write a post or ask a question."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from agora.communities import launch, permissions
from agora.communities import panels as community_panels
from agora.communities import selectors as community_selectors
from agora.core.clock import now

from . import live, selectors


def feed(request, community) -> str:
    """The community's publications, newest first (the reader's own held ones marked)."""
    cursor = request.GET.get("after")
    page = selectors.community_feed(community, cursor, viewer=request.user)
    newest = max((post.created_at for post in page.items), default=None)
    context = {
        "community": community,
        "page": page,
        "pinned": [] if cursor else selectors.pinned_posts(community),
        "pin_controls": permissions.can_steward(request.user, community),
        "live_url": live.url(request.user, community),
        "live_since": (newest or now()).timestamp(),
        "live_every": live.EVERY_MS,
    }
    return render_to_string("conversations/fragments/feed.html", context, request=request)


def search(request, community) -> str:
    return render_to_string(
        "conversations/fragments/search_form.html", {"community": community}, request=request
    )


def publish_status(request, community) -> str:
    if not permissions.can_steward(request.user, community):
        return ""
    return format_html(
        '<a class="button" href="{}">{}</a>',
        reverse("conversations:status_new", args=[community.slug]),
        _("Publish a status"),
    )


def write(request, community) -> str:
    if not community_selectors.is_member(request.user, community):
        return ""
    url = reverse("conversations:post_new", args=[community.slug])
    return format_html(
        '<a class="button secondary" href="{}">{}</a>\n'
        '<a class="button secondary" href="{}?question=1">{}</a>',
        url,
        _("Write a post"),
        url,
        _("Ask a question"),
    )


def welcome_status(request, community) -> str:
    post = selectors.welcome_status(community)
    if post is None:
        return ""
    context = {"community": community, "post": post, "card_pinned": True, "in_welcome": True}
    return render_to_string("conversations/fragments/welcome.html", context, request=request)


def answer_a_question(request, community) -> str:
    questions = selectors.questions_waiting(community, exclude_author=request.user)
    if not questions:
        return ""
    oldest = questions[0]
    return community_panels.todo_item(
        reverse("conversations:post", args=[community.slug, oldest.pk]),
        _("Answer a question"),
        _("« %(title)s » is waiting for an answer: you may know it.")
        % {"title": oldest.title or oldest.body[:60]},
        "todo-answer",
    )


def introduce_yourself(request, community) -> str:
    return community_panels.todo_item(
        reverse("conversations:post_new", args=[community.slug]),
        _("Introduce yourself"),
        _("A few words on who you are and what brings you here."),
        "todo-introduce",
    )


def ask_a_question(request, community) -> str:
    return community_panels.todo_item(
        reverse("conversations:post_new", args=[community.slug]) + "?question=1",
        _("Ask your first question"),
        _("Members and stewards answer; the best answer is marked for everyone."),
        "todo-ask",
    )


def welcome_step(community) -> launch.Step:
    return launch.Step(
        "welcome",
        _("Publish a welcome status and pin it"),
        selectors.welcome_status(community) is not None,
        reverse("conversations:status_new", args=[community.slug]),
    )


def answered_step(community) -> launch.Step:
    return launch.Step(
        "answered",
        _("A member who is not a steward answers"),
        selectors.a_member_answered(community),
        reverse("communities:detail", args=[community.slug]),
    )


def register() -> None:
    launch.register("welcome", welcome_step, order=20)
    launch.register("answered", answered_step, order=80)
    community_panels.register("conversations.welcome", welcome_status, slot="welcome")
    community_panels.register("conversations.answer", answer_a_question, slot="todo", order=10)
    community_panels.register("conversations.introduce", introduce_yourself, slot="todo", order=20)
    community_panels.register("conversations.ask", ask_a_question, slot="todo", order=60)
    community_panels.register("conversations.search", search, slot="header")
    community_panels.register(
        "conversations.publish_status", publish_status, slot="actions", order=10
    )
    community_panels.register("conversations.write", write, slot="actions", order=40)
    community_panels.register("conversations.feed", feed, slot="main", order=10)
