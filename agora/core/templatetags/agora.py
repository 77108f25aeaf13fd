from django import template

from agora.core.markdown import stored_html

register = template.Library()


@register.filter
def rendered(html):
    """Show HTML that render_markdown produced and stored; never apply to anything else."""
    return stored_html(html or "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key, ())


@register.simple_tag
def reaction_key(kind, pk):
    return (kind, pk)
