from django import forms
from django.utils.translation import gettext_lazy as _

from agora.core.forms import DayField

from .models import GovernanceSettings
from .services.proposals import MAX_REASON


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (the members read this before they vote)"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MandateForm(ReasonForm):
    candidate = forms.CharField(
        label=_("Member's handle"), max_length=30, help_text=_("Yourself included.")
    )
    ends_at = DayField(label=_("Mandate ends on (optional)"), required=False)
    field_order = ["candidate", "ends_at", "reason"]


class BallotForm(forms.Form):
    yes = forms.TypedChoiceField(
        label=_("Your ballot"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class GovernanceSettingsForm(forms.ModelForm):
    class Meta:
        model = GovernanceSettings
        fields = ["proposal_days", "proposal_quorum"]
