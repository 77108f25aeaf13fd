from datetime import timedelta

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext

from agora.core.clock import now
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


@register.simple_tag
def moment(value):
    """When something happened, as people say it ("2 minutes ago", « il y a 2 minutes »),
    the date and time in full on hover, and machine-readable for the browser."""
    if value is None:
        return ""
    moment_now = now()
    if value > moment_now - timedelta(minutes=1):
        said = gettext("just now")
    else:
        said = gettext("%(time)s ago") % {"time": timesince(value, moment_now, depth=1)}
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        formats.date_format(timezone.localtime(value), "DATETIME_FORMAT"),
        said,
    )
