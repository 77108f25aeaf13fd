"""The community's voice (identity) and its values (mindset), read by the voice coach and
shown with the charter."""

from django.db import transaction
from django.utils.translation import gettext as _

from agora.core.errors import InvalidInput

from ..models import AddressForm, EmojiPolicy, Identity, Mindset
from ..permissions import check_can_steward

MAX_VALUES = 10
TONE_WORDS_MAX, TONE_WORD_MAX = 10, 40
TERMS_MAX, BANNED_MAX, TERM_MAX = 100, 200, 80


def parse_term_lines(text: str) -> list[dict]:
    """Read "term -> replacement" lines (also "=>" or "→") into preferred terms."""
    terms = []
    for line_number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        for arrow in ("->", "=>", "→"):
            if arrow in line:
                term, replacement = (part.strip() for part in line.split(arrow, 1))
                break
        else:
            raise InvalidInput(
                errors={
                    "preferred_terms": [
                        _('Line %(line)d: write "term -> replacement".') % {"line": line_number}
                    ]
                }
            )
        if not term or not replacement:
            raise InvalidInput(
                errors={
                    "preferred_terms": [
                        _("Line %(line)d: both the term and its replacement are needed.")
                        % {"line": line_number}
                    ]
                }
            )
        if len(term) > TERM_MAX or len(replacement) > TERM_MAX:
            raise InvalidInput(
                errors={
                    "preferred_terms": [
                        _("Line %(line)d: keep each term under %(max)d characters.")
                        % {"line": line_number, "max": TERM_MAX}
                    ]
                }
            )
        terms.append({"term": term, "replacement": replacement})
    return terms


@transaction.atomic
def set_identity(
    *,
    community,
    by,
    address_form: str,
    emoji_policy: str,
    tone: list[str],
    preferred_terms: list[dict],
    banned_terms: list[str],
    signature: str = "",
    signature_required: bool = False,
    preferred_length: int = 600,
    language: str = "fr",
    coach_for_members: bool = False,
) -> Identity:
    """Write (or rewrite) the community's voice."""
    check_can_steward(by, community)
    errors = {}
    if address_form not in AddressForm.values:
        errors["address_form"] = [_("Choose tu, vous or neutral.")]
    if emoji_policy not in EmojiPolicy.values:
        errors["emoji_policy"] = [_("Choose an emoji policy.")]
    if signature_required and not signature.strip():
        errors["signature"] = [_("Write the signature, or do not require one.")]
    if not 50 <= preferred_length <= 10000:
        errors["preferred_length"] = [_("Choose a length between 50 and 10,000 characters.")]
    tone = [t.strip() for t in tone if t.strip()]
    banned_terms = [t.strip() for t in banned_terms if t.strip()]
    if len(tone) > TONE_WORDS_MAX or any(len(t) > TONE_WORD_MAX for t in tone):
        errors["tone"] = [
            _("Describe the tone in at most %(count)d words of %(max)d characters each.")
            % {"count": TONE_WORDS_MAX, "max": TONE_WORD_MAX}
        ]
    if len(preferred_terms) > TERMS_MAX:
        errors["preferred_terms"] = [
            _("Keep the list to %(count)d preferred terms.") % {"count": TERMS_MAX}
        ]
    if len(banned_terms) > BANNED_MAX or any(len(t) > TERM_MAX for t in banned_terms):
        errors["banned_terms"] = [
            _("Keep the list to %(count)d banned terms of %(max)d characters each.")
            % {"count": BANNED_MAX, "max": TERM_MAX}
        ]
    if language not in ("fr", "en"):
        errors["language"] = [_("Choose French or English.")]
    if len(signature.strip()) > 80:
        errors["signature"] = [_("Keep the signature under 80 characters.")]
    if errors:
        raise InvalidInput(_("Please correct the errors below."), errors=errors)
    identity, _created = Identity.objects.update_or_create(
        community=community,
        defaults={
            "address_form": address_form,
            "emoji_policy": emoji_policy,
            "tone": tone,
            "preferred_terms": preferred_terms,
            "banned_terms": banned_terms,
            "signature": signature.strip(),
            "signature_required": signature_required,
            "preferred_length": preferred_length,
            "language": language,
            "coach_for_members": coach_for_members,
        },
    )
    return identity


@transaction.atomic
def set_mindset(*, community, by, values: list[str]) -> Mindset:
    """Write the community's values: one to ten short statements."""
    check_can_steward(by, community)
    values = [v.strip() for v in values if v.strip()]
    if not values:
        raise InvalidInput(errors={"values": [_("Write at least one value.")]})
    if len(values) > MAX_VALUES:
        raise InvalidInput(
            errors={
                "values": [_("Keep it short: at most %(count)d values.") % {"count": MAX_VALUES}]
            }
        )
    if any(len(v) > 200 for v in values):
        raise InvalidInput(errors={"values": [_("Each value fits in 200 characters.")]})
    mindset, _created = Mindset.objects.update_or_create(
        community=community, defaults={"values": values}
    )
    return mindset
