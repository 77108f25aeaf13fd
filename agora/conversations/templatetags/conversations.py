from django import template

from agora.conversations.models import REACTION_LABELS

register = template.Library()


@register.filter
def reaction_label(kind):
    """The spoken name of a reaction, for screen readers and tooltips."""
    return REACTION_LABELS.get(kind, kind)
