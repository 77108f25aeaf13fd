from django import forms
from django.utils.translation import gettext_lazy as _

from agora.core import zones
from agora.core.forms import DayField

from .models import HealthSettings

WEEKDAYS = zones.WEEKDAYS
HOURS = [(h, f"{h:02d}:00") for h in range(25)]


class HealthSettingsForm(forms.ModelForm):
    work_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Work outside these days and hours counts as out of hours."),
    )
    work_starts = forms.TypedChoiceField(
        label=_("Working hours start at"), choices=HOURS[:24], coerce=int
    )
    work_ends = forms.TypedChoiceField(
        label=_("Working hours end at"), choices=HOURS[1:], coerce=int
    )
    digest_weekday = forms.TypedChoiceField(label=_("Digest day"), choices=WEEKDAYS, coerce=int)
    digest_hour = forms.TypedChoiceField(
        label=_("Digest hour (community time zone)"), choices=HOURS[:24], coerce=int
    )

    class Meta:
        model = HealthSettings
        fields = [
            "public_summary",
            "work_days",
            "work_starts",
            "work_ends",
            "digest_enabled",
            "digest_weekday",
            "digest_hour",
        ]


class PeriodForm(forms.Form):
    """The period selector: 7, 30 or 90 days ending today, or chosen days."""

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("7", _("7 days")),
            ("30", _("30 days")),
            ("90", _("90 days")),
            ("custom", _("Custom")),
        ],
    )
    first = DayField(label=_("From"), required=False)
    last = DayField(label=_("Until"), required=False)
