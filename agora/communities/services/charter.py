"""Charter versions: published whole, numbered 1, 2, 3…, never changed afterwards; the
articles' automatic rules are checked by the rules engine when a version is written."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agora.core.clock import now
from agora.core.errors import Conflict, InvalidInput
from agora.core.markdown import render_markdown
from agora.rules import CompiledRules, RuleError, RuleSpec

from ..models import Article, ArticleRule, CharterVersion, Community, Consent
from ..permissions import check_can_steward

MAX_ARTICLES = 50


def _clean_rules(number: int, rules) -> list[dict]:
    """Validate an article's rules with the rules engine; InvalidInput says what is wrong."""
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
