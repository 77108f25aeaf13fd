"""Forms of the workbench: days and times are entered in the community's time zone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agora.conversations.services import POST_BODY_MAX, POST_TITLE_MAX
from agora.core import zones
from agora.core.forms import DayField, FlatSelect, IsoTimeInput

from .models import PILLAR_MAX, Ritual, WorkbenchSettings

WEEKDAYS = zones.WEEKDAYS


def objective_choices(objectives) -> list[tuple[str, str]]:
    return [("", _("— none —"))] + [(str(o.pk), o.title) for o in objectives]


def pillar_choices(pillars) -> list[tuple[str, str]]:
    return [("", _("— none —"))] + [(p, p) for p in pillars]


class _Planning(forms.Form):
    objective = forms.ChoiceField(label=_("Objective served"), required=False)
    pillar = forms.ChoiceField(label=_("Content pillar"), required=False)

    def __init__(self, *args, objectives=(), pillars=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = objective_choices(objectives)
        self.fields["pillar"].choices = pillar_choices(pillars)


class PlannedStatusForm(_Planning):
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=POST_TITLE_MAX)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=POST_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown. A draft may stay empty until it is ready."),
    )
    day = DayField(label=_("Day"), required=False)
    time = forms.TimeField(label=_("Time"), required=False, widget=IsoTimeInput)
    field_order = ["title", "body", "day", "time", "objective", "pillar"]

    def clean(self):
        data = super().clean()
        if bool(data.get("day")) != bool(data.get("time")):
            raise forms.ValidationError(_("Give both a day and a time, or neither."))
        return data

    def publish_at(self, zone_name):
        data = self.cleaned_data
        if data.get("day") and data.get("time"):
            return zones.to_utc(data["day"], data["time"], zone_name)
        return None


class MoveForm(forms.Form):
    day = DayField(label=_("Day"))
    time = forms.TimeField(label=_("Time"), widget=IsoTimeInput)


class RitualForm(_Planning):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text to start from (optional)"),
        required=False,
        max_length=POST_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    frequency = forms.ChoiceField(label=_("How often"), choices=Ritual.Frequency.choices)
    weekday = forms.TypedChoiceField(
        label=_("Day of the week (weekly)"), choices=WEEKDAYS, coerce=int, required=False
    )
    day_of_month = forms.IntegerField(
        label=_("Day of the month (monthly, 1–28)"), min_value=1, max_value=28, required=False
    )
    time = forms.TimeField(label=_("Time (community time zone)"), widget=IsoTimeInput)
    weeks_ahead = forms.IntegerField(
        label=_("Weeks planned ahead"), min_value=1, max_value=26, initial=4
    )
    field_order = [
        "title", "body", "frequency", "weekday", "day_of_month", "time", "weeks_ahead",
        "objective", "pillar",
    ]  # fmt: skip


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("Objective"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = DayField(label=_("From"))
    ends_on = DayField(label=_("Until"))
    indicators = forms.CharField(
        label=_("Indicators and targets"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line, the target after a colon: “Questions answered within 4 hours: 90 %”."
        ),
    )


class WorkbenchSettingsForm(forms.ModelForm):
    # The community's own (`Community.time_zone`), chosen here with the calendar it shapes.
    time_zone = forms.ChoiceField(label=_("Time zone"), widget=FlatSelect)
    pillars = forms.CharField(
        label=_("Content pillars"),
        required=False,
        max_length=12 * (PILLAR_MAX + 1),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, at most 12 (e.g. Behind the scenes, Your questions, News)."),
    )

    class Meta:
        model = WorkbenchSettings
        fields = [
            "time_zone",
            "pillars",
            "approval_required",
            "response_target_hours",
            "fact_review_days",
            "saved_reply_repeat",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(n, n) for n in sorted(zones.zone_names())]
        if not self.is_bound:
            self.initial["pillars"] = "\n".join(self.instance.pillars or [])
            self.initial["time_zone"] = self.instance.community.time_zone

    def clean_pillars(self):
        return [line.strip() for line in self.cleaned_data["pillars"].splitlines() if line.strip()]


class FactForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(
        label=_("Answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown."),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=450, help_text=_("Separated by commas.")
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        help_text=_("Where this comes from: a page, a document, a person."),
    )
    is_public = forms.BooleanField(label=_("Public: shown in the community's FAQ"), required=False)


class SavedReplyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    saved_reply = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
