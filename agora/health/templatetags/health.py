from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def pct(value):
    """A share (0–1) as a whole percentage; a dash when there is nothing to divide."""
    if value is None or value == "":
        return "—"
    return f"{number_format(round(float(value) * 100))} %"


@register.filter
def hrs(value):
    if value is None or value == "":
        return "—"
    value = float(value)
    if value < 1:
        return _("%(minutes)d min") % {"minutes": round(value * 60)}
    return _("%(hours)s h") % {"hours": number_format(round(value, 1), decimal_pos=1)}


@register.filter
def ratio(value):
    if value is None or value == "":
        return "—"
    return number_format(round(float(value), 2), decimal_pos=2)


FORMATS = {"pct": pct, "hrs": hrs, "ratio": ratio, "int": lambda v: "—" if v is None else v}


@register.simple_tag
def trend(figure, kind="int"):
    """ "↑ from 40 %": the previous period's value and the direction of the change."""
    value, before = figure.get("value"), figure.get("previous")
    shown = FORMATS[kind](before)
    if value is None or before is None:
        return format_html('<span class="trend">{}</span>', _("before: %(v)s") % {"v": shown})
    arrow = "↑" if value > before else "↓" if value < before else "="
    return format_html('<span class="trend">{} {}</span>', arrow, _("before: %(v)s") % {"v": shown})
