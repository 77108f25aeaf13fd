"""Writes for communities: creation, foundations (charter, identity, mindset), joining."""

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from agora.core.clock import now
from agora.core.errors import Conflict, InvalidInput
from agora.core.markdown import render_markdown

from . import selectors
from .models import (
    AddressForm,
    Article,
    ArticleRule,
    CharterVersion,
    Community,
    Consent,
    EmojiPolicy,
    Identity,
    Membership,
    Mindset,
    StewardMandate,
    Visibility,
)
from .permissions import check_can_steward, check_is_verified

MAX_ARTICLES = 50
MAX_VALUES = 10
TONE_WORDS_MAX, TONE_WORD_MAX = 10, 40
TERMS_MAX, BANNED_MAX, TERM_MAX = 100, 200, 80
RESERVED_SLUGS = {"new", "api", "static", "accounts", "admin", "members", "notifications"}


@transaction.atomic
def create_community(*, founder, name: str, slug: str, description: str, visibility: str):
    """Create a community whose founder becomes its first member and steward.

    The community cannot publish a status until its charter, identity and mindset exist.
    """
    check_is_verified(founder)
    slug = slug.strip().lower()
    if visibility not in Visibility.values:
        raise InvalidInput(errors={"visibility": [_("Choose public or private.")]})
    if slug in RESERVED_SLUGS or Community.objects.filter(slug=slug).exists():
        raise InvalidInput(errors={"slug": [_("This address is taken. Please choose another.")]})
    moment = now()
    try:
        with transaction.atomic():
            community = Community.objects.create(
                name=name.strip(),
                slug=slug,
                description=description.strip(),
                visibility=visibility,
                created_by=founder,
                member_count=1,
            )
    except IntegrityError as exc:
        raise InvalidInput(
            errors={"slug": [_("This address is taken. Please choose another.")]}
        ) from exc
    Membership.objects.create(community=community, user=founder, joined_at=moment)
    StewardMandate.objects.create(
        community=community, user=founder, starts_at=moment, reason="founder"
    )
    selectors.forget_access(founder)
    return community


def _clean_rules(number: int, rules) -> list[dict]:
    """Validate an article's rules with the rules engine; InvalidInput says what is wrong."""
    from agora.rules import CompiledRules, RuleError, RuleSpec

    cleaned = []
    for rule in rules or []:
        terms = rule.get("terms") or []
        if isinstance(terms, str):
            terms = terms.splitlines()
        cleaned.append(
            {
                "kind": rule.get("kind", ""),
                "action": rule.get("action", ""),
                "terms": [" ".join(str(t).split()) for t in terms if str(t).strip()],
                "pattern": (rule.get("pattern") or "").strip(),
                "limit": int(rule.get("limit") or 0),
            }
        )
    try:
        CompiledRules(RuleSpec(id=i, article=number, **r) for i, r in enumerate(cleaned))
    except (RuleError, TypeError) as error:
        raise InvalidInput(
            _("Article %(number)d: %(reason)s") % {"number": number, "reason": error}
        ) from error
    return cleaned


def _rules_of(article) -> list[dict]:
    return [
        {"kind": r.kind, "action": r.action, "terms": r.terms, "pattern": r.pattern,
         "limit": r.limit}
        for r in article.rules.all()
    ]  # fmt: skip


@transaction.atomic
def publish_charter_version(*, community, by, articles: list[dict], summary: str = ""):
    """Publish the next charter version with articles numbered 1…n, in the order given.

    Each article is {"title", "body", "rules"?}; rules are checked by the rules engine (a
    pattern RE2 cannot compile is refused here, with its reason). The steward who publishes
    it consents to it. Every other member must consent again before their next contribution.
    Raises InvalidInput when there is no article or a rule is invalid.
    """
    check_can_steward(by, community)
    return _publish_version(community=community, by=by, articles=articles, summary=summary)


@transaction.atomic
def publish_adopted_amendment(*, community, proposer, articles: list[dict], summary: str = ""):
    """Publish the version the members adopted by vote (governance calls this, and only after
    counting the ballots). The proposer consents to it; everyone else consents again."""
    return _publish_version(community=community, by=proposer, articles=articles, summary=summary)


def check_charter_articles(articles: list[dict]) -> list[dict]:
    """The cleaned articles of a proposed charter, or InvalidInput saying what is wrong."""
    articles = [
        {
            "title": a.get("title", "").strip(),
            "body": a.get("body", "").strip(),
            "rules": a.get("rules") or [],
        }
        for a in articles
        if a.get("title", "").strip() or a.get("body", "").strip()
    ]
    if not articles:
        raise InvalidInput(_("A charter needs at least one article, with a title and a text."))
    if len(articles) > MAX_ARTICLES:
        raise InvalidInput(
            _("A charter holds at most %(count)d articles.") % {"count": MAX_ARTICLES}
        )
    for index, article in enumerate(articles, start=1):
        if not article["title"] or not article["body"]:
            raise InvalidInput(
                _("Article %(number)d needs both a title and a text.") % {"number": index}
            )
        article["rules"] = _clean_rules(index, article["rules"])
    return articles


def charter_as_articles(version) -> list[dict]:
    """A published version as the list of articles `check_charter_articles` takes."""
    return [
        {"title": a.title, "body": a.body, "rules": _rules_of(a)}
        for a in version.articles.prefetch_related("rules").order_by("number")
    ]


def _publish_version(*, community, by, articles, summary):
    articles = check_charter_articles(articles)
    # Lock the community row (PostgreSQL) so two stewards cannot publish the same number.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    previous = CharterVersion.objects.filter(community=community).order_by("-number").first()
    if previous is not None:
        old = [
            (a.title, a.body, _rules_of(a))
            for a in previous.articles.prefetch_related("rules").order_by("number")
        ]
        if old == [(a["title"], a["body"], a["rules"]) for a in articles]:
            raise InvalidInput(_("Nothing changed: this is the same text as the current version."))
    moment = now()
    try:
        with transaction.atomic():
            version = CharterVersion.objects.create(
                community=community,
                number=(previous.number + 1) if previous else 1,
                summary=summary.strip(),
                published_at=moment,
                published_by=by,
            )
    except IntegrityError as exc:
        raise Conflict(_("Another steward published a version at the same moment.")) from exc
    created = Article.objects.bulk_create(
        Article(
            charter_version=version,
            number=index,
            title=article["title"],
            body=article["body"],
            body_html=render_markdown(article["body"]),
        )
        for index, article in enumerate(articles, start=1)
    )
    ArticleRule.objects.bulk_create(
        ArticleRule(article=saved, **rule)
        for saved, article in zip(created, articles, strict=True)
        for rule in article["rules"]
    )
    Consent.objects.create(user=by, charter_version=version, consented_at=moment)
    return version


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


@transaction.atomic
def consent_to_charter(*, community, user, version_number: int) -> Consent:
    """Consent to the current charter version, joining the community on the first consent.

    version_number is the version the person read: if a newer one was published meanwhile,
    Conflict asks them to read it.
    """
    check_is_verified(user)
    current = CharterVersion.objects.filter(community=community).order_by("-number").first()
    if current is None:
        raise InvalidInput(_("This community has no charter yet, so it cannot be joined."))
    if current.number != version_number:
        raise Conflict(
            _("The charter changed while you were reading it. Please read version %(n)d.")
            % {"n": current.number}
        )
    moment = now()
    membership, joined = Membership.objects.get_or_create(
        community=community, user=user, defaults={"joined_at": moment}
    )
    if joined:
        Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
    consent, created = Consent.objects.get_or_create(
        user=user, charter_version=current, defaults={"consented_at": moment}
    )
    if not created and not joined:
        raise Conflict(_("You have already consented to this version of the charter."))
    selectors.forget_access(user)
    return consent


join_community = consent_to_charter


@transaction.atomic
def grant_stewardship(*, community, user, reason: str, ends_at=None) -> StewardMandate:
    """Give a member a stewardship mandate, optionally until a date: at set-up (the operator's
    `createsteward`) or after the members' vote (governance)."""
    if not reason.strip() or len(reason) > 200:
        raise InvalidInput(_("Give the reason for the mandate in 1 to 200 characters."))
    if not selectors.is_member(user, community):
        Membership.objects.create(community=community, user=user, joined_at=now())
        Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
    if selectors.is_steward(user, community):
        raise Conflict(_("This member is already a steward."))
    moment = now()
    if ends_at is not None and ends_at <= moment:
        raise InvalidInput(_("A mandate's end date must be in the future."))
    mandate = StewardMandate.objects.create(
        community=community, user=user, starts_at=moment, ends_at=ends_at, reason=reason
    )
    selectors.forget_access(user)
    return mandate


@transaction.atomic
def end_mandate(*, mandate) -> StewardMandate:
    """End a mandate now (revoked by vote, or laid down by its holder): its powers end on the
    holder's very next request, since every request reads the mandate afresh."""
    moment = now()
    ended = StewardMandate.objects.filter(pk=mandate.pk, starts_at__lte=moment).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=moment)
    )
    if ended.update(ends_at=moment) != 1:
        raise Conflict(_("This mandate has already ended."))
    mandate.refresh_from_db()
    selectors.forget_access(mandate.user)
    return mandate
