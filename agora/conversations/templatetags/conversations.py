from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from agora.conversations.models import REACTION_LABELS
from agora.conversations.permissions import can_use_coach
from agora.media.templatetags.media import picture
from agora.voice import alt as alt_text

register = template.Library()


@register.filter
def reaction_label(kind):
    """The spoken name of a reaction, for screen readers and tooltips."""
    return REACTION_LABELS.get(kind, kind)


@register.inclusion_tag("conversations/fragments/coach_panel.html", takes_context=True)
def voice_coach(context, field, kind):
    """The voice coach beside a composer, for whoever may use it in this community.

    `field` is the composer's bound textarea and `kind` "status", "post" or "comment" (the
    signature rule reads statuses only). The panel sends the draft to the coach as it
    changes (htmx listens to the textarea) and shows the findings; anyone else gets nothing.
    Any app's template may place it, e.g. `{% voice_coach form.body "comment" %}`.
    """
    request, community = context["request"], context["community"]
    if not can_use_coach(request.user, community):
        return {"coach": None}
    return {
        "coach": {
            "url": reverse("conversations:voice_check", args=[community.slug]),
            "field": field.id_for_label,
            "kind": kind,
        }
    }


@register.inclusion_tag("conversations/fragments/alt_advice.html")
def alt_advice(image):
    """The coach's word on an image's description, in the reader's language (or nothing)."""
    return {"image": image, "advice": alt_text.advice(image.alt, get_language() or "en")}


@register.simple_tag
def lead_image(post):
    """A feed card's first image, opening the post, and how many more it holds (written in
    Python: a feed shows twenty of these, and a template include each cost more than the
    rest of the card)."""
    shown = getattr(post, "shown_images", None)
    if not shown:
        return ""
    first = shown[0].image
    if first.state != "ready":
        return format_html(
            '<div class="gallery gallery-1"><span class="gallery-item preparing" '
            'data-testid="image-preparing"><canvas width="{}" height="{}" aria-hidden="true">'
            "</canvas><span>{}</span></span></div>",
            first.width,
            first.height,
            _("Preparing the photo…"),
        )
    more = getattr(post, "image_count", len(shown)) - 1
    extra = (
        format_html(
            '<span class="gallery-more" data-testid="gallery-more">{}</span>',
            ngettext("+%(counter)s photo", "+%(counter)s photos", more) % {"counter": more},
        )
        if more
        else ""
    )
    return format_html(
        '<div class="gallery gallery-1" data-testid="gallery"><a class="gallery-item" href="{}" '
        'data-testid="gallery-image">{}</a>{}</div>',
        reverse("conversations:post", args=[post.community.slug, post.pk]),
        picture(first, sizes="(max-width: 640px) 100vw, 640px"),
        extra,
    )
