from django import template
from django.urls import reverse

from agora.conversations.models import REACTION_LABELS
from agora.conversations.permissions import can_use_coach

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
