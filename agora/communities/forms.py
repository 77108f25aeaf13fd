from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .models import SLUG_VALIDATOR, AddressForm, EmojiPolicy, RuleAction, Visibility


class LowerCaseField(forms.CharField):
    """Text lower-cased before it is checked: "Brulerie" is the address "brulerie"."""

    def to_python(self, value):
        return super().to_python(value).strip().lower()


class CommunityForm(forms.Form):
    """The basics. Left empty, the address is made from the name ("Brûlerie du Coin" →
    brulerie-du-coin); the page fills it in as the name is typed."""

    name = forms.CharField(label=_("Name"), max_length=80)
    slug = LowerCaseField(
        label=_("Address"),
        max_length=50,
        required=False,
        validators=[SLUG_VALIDATOR],
        help_text=_(
            "The community lives at /c/address/. Lower-case letters, digits, hyphens; "
            "empty, it is made from the name."
        ),
        widget=forms.TextInput({"data-slug-from": "name"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PUBLIC,
    )

    def clean(self):
        data = super().clean()
        if not data.get("slug") and "slug" not in self.errors and data.get("name"):
            made = slugify(data["name"])[:50].strip("-")
            if SLUG_VALIDATOR.regex.match(made):
                data["slug"] = made
            else:
                self.add_error("slug", _("Choose an address: the name gives none."))
        elif not data.get("slug") and "slug" not in self.errors:
            self.add_error("slug", _("Choose an address."))
        return data


def _action_field(label):
    return forms.ChoiceField(
        label=label, choices=RuleAction.choices, initial=RuleAction.HOLD, required=False
    )


class ArticleForm(forms.Form):
    """An article, and the automatic rules it may carry (all optional)."""

    RULE_FIELDS = (
        "watched_terms", "terms_action", "patterns", "patterns_action", "links_days",
        "links_action", "rate_limit", "rate_action", "shouting", "shouting_action",
    )  # fmt: skip

    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    body = forms.CharField(
        label=_("Text"), max_length=4000, required=False, widget=forms.Textarea({"rows": 3})
    )
    watched_terms = forms.CharField(
        label=_("Watched terms and phrases, one per line"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Whole words, without case or accents: « con » never matches « contenu »."),
    )
    terms_action = _action_field(_("When a watched term appears"))
    patterns = forms.CharField(
        label=_("Patterns (RE2), one per line"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Matched without case or accents, e.g. vi[a@]gra."),
    )
    patterns_action = _action_field(_("When a pattern matches"))
    links_days = forms.IntegerField(
        label=_("Links from members who joined less than … days ago"),
        required=False,
        min_value=1,
        max_value=10_000,
    )
    links_action = _action_field(_("When such a link appears"))
    rate_limit = forms.IntegerField(
        label=_("More than … posts and comments per hour by one member"),
        required=False,
        min_value=1,
        max_value=10_000,
    )
    rate_action = _action_field(_("Beyond that rate"))
    shouting = forms.BooleanField(label=_("Watch for shouting (mostly capitals)"), required=False)
    shouting_action = _action_field(_("When a message shouts"))

    def rules(self) -> list[dict]:
        """The rules this article carries, as `publish_charter_version` takes them."""
        data = self.cleaned_data
        rules = []
        terms = [t.strip() for t in (data.get("watched_terms") or "").splitlines() if t.strip()]
        if terms:
            rules.append(
                {"kind": "terms", "action": data["terms_action"] or "hold", "terms": terms}
            )
        for pattern in (data.get("patterns") or "").splitlines():
            if pattern.strip():
                action = data["patterns_action"] or "hold"
                rules.append({"kind": "pattern", "action": action, "pattern": pattern.strip()})
        if data.get("links_days"):
            action = data["links_action"] or "hold"
            rules.append({"kind": "links", "action": action, "limit": data["links_days"]})
        if data.get("rate_limit"):
            action = data["rate_action"] or "hold"
            rules.append({"kind": "rate", "action": action, "limit": data["rate_limit"]})
        if data.get("shouting"):
            rules.append({"kind": "shouting", "action": data["shouting_action"] or "flag"})
        return rules

    @staticmethod
    def initial_for(article) -> dict:
        """The form's initial values for a published article and its rules."""
        initial = {"title": article.title, "body": article.body}
        patterns = []
        for rule in article.rules.all():
            if rule.kind == "terms":
                initial["watched_terms"] = "\n".join(rule.terms)
                initial["terms_action"] = rule.action
            elif rule.kind == "pattern":
                patterns.append(rule.pattern)
                initial["patterns_action"] = rule.action
            elif rule.kind == "links":
                initial["links_days"], initial["links_action"] = rule.limit, rule.action
            elif rule.kind == "rate":
                initial["rate_limit"], initial["rate_action"] = rule.limit, rule.action
            elif rule.kind == "shouting":
                initial["shouting"], initial["shouting_action"] = True, rule.action
        if patterns:
            initial["patterns"] = "\n".join(patterns)
        return initial


def articles_from(formset) -> list[dict]:
    """The articles (and their rules) of a valid article formset, as the services take them."""
    return [
        {
            "title": f.cleaned_data.get("title", ""),
            "body": f.cleaned_data.get("body", ""),
            "rules": f.rules(),
        }
        for f in formset.forms
        if f.cleaned_data
    ]


ArticleFormSet = forms.formset_factory(
    ArticleForm, extra=3, max_num=50, absolute_max=50, validate_max=True
)


class CharterMetaForm(forms.Form):
    summary = forms.CharField(
        label=_("What changed, in one sentence"),
        max_length=300,
        required=False,
        help_text=_("Members read this when they are asked to consent again."),
    )


class IdentityForm(forms.Form):
    address_form = forms.ChoiceField(
        label=_("How the community addresses its members"),
        choices=AddressForm.choices,
        widget=forms.RadioSelect,
    )
    tone = forms.CharField(
        label=_("Tone, in a few words"),
        max_length=200,
        required=False,
        help_text=_("Separated by commas: warm, playful, precise…"),
    )
    preferred_terms = forms.CharField(
        label=_("Preferred terms"),
        max_length=4000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_('One per line: "term -> replacement", e.g. "clients -> membres".'),
    )
    banned_terms = forms.CharField(
        label=_("Banned terms"),
        max_length=4000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("One per line. The voice coach points them out; it never blocks."),
    )
    emoji_policy = forms.ChoiceField(
        label=_("Emoji"),
        choices=EmojiPolicy.choices,
        widget=forms.RadioSelect,
        initial=EmojiPolicy.SPARING,
    )
    signature = forms.CharField(label=_("Signature"), max_length=80, required=False)
    signature_required = forms.BooleanField(
        label=_("Statuses end with the signature"), required=False
    )
    language = forms.ChoiceField(
        label=_("The community speaks"),
        choices=[("fr", "Français"), ("en", "English")],
        initial="fr",
    )
    coach_for_members = forms.BooleanField(
        label=_("Members can use the voice coach on their own posts"), required=False
    )
    preferred_length = forms.IntegerField(
        label=_("Preferred length of a status (characters)"),
        min_value=50,
        max_value=10000,
        initial=600,
    )


class MindsetForm(forms.Form):
    values = forms.CharField(
        label=_("Values, one per line"),
        max_length=2500,
        widget=forms.Textarea({"rows": 5}),
        help_text=_("One to ten short statements, e.g. “Nobody here outranks anybody.”"),
    )


class ConsentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=1_000_000)
    agree = forms.BooleanField(
        label=_("I have read this charter and I agree to live by it."),
        error_messages={"required": _("Tick the box to consent to the charter.")},
    )


class InviteLinkForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=7)
    max_uses = forms.IntegerField(
        label=_("Number of uses (empty: unlimited)"),
        min_value=1,
        max_value=10_000,
        required=False,
    )
    needs_approval = forms.BooleanField(
        label=_("A steward approves each arrival"),
        required=False,
        help_text=_("Newcomers consent to the charter, then wait for a steward's approval."),
    )


class InviteEmailForm(forms.Form):
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea({"rows": 5}),
        help_text=_("One per line, or separated by commas. Each address is invited once."),
    )
    csv = forms.FileField(
        label=_("Or a CSV file of addresses"),
        required=False,
        help_text=_("Any column holding addresses; at most 2 MB."),
    )

    def clean_csv(self):
        upload = self.cleaned_data.get("csv")
        if upload and upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class MembersInviteForm(forms.Form):
    members_invite = forms.BooleanField(label=_("Members may invite people too"), required=False)
