"""The knowledge base: facts about the brand, service or product, kept reviewed."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.core.clock import now
from agora.core.errors import InvalidInput, NotFound
from agora.core.markdown import render_markdown

from ..knowledge import index_fact, unindex_fact
from ..models import Fact

MAX_TAGS = 10


def _clean(*, question, answer, tags, source) -> dict:
    errors = {}
    question = (question or "").replace("\x00", "").strip()
    answer = (answer or "").replace("\x00", "").strip()
    if not question or len(question) > 300:
        errors["question"] = [_("Write the question in 1 to 300 characters.")]
    if not answer or len(answer) > 5000:
        errors["answer"] = [_("Write the answer in 1 to 5,000 characters.")]
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    tags = [t for t in (tags or []) if t]
    if len(tags) > MAX_TAGS or any(len(t) > 40 for t in tags):
        errors["tags"] = [_("At most 10 tags of 40 characters, separated by commas.")]
    source = (source or "").strip()
    if len(source) > 300:
        errors["source"] = [_("At most %(n)d characters.") % {"n": 300}]
    if errors:
        raise InvalidInput(_("Please correct the fields below."), errors=errors)
    return {"question": question, "answer": answer, "tags": tags, "source": source}


@transaction.atomic
def save_fact(
    *,
    community,
    by,
    question: str,
    answer: str,
    tags=(),
    source: str = "",
    is_public: bool = False,
    reviewed_on: date | None = None,
    fact: Fact | None = None,
) -> Fact:
    """Create or change a fact; saving it counts as reviewing it (today, unless given)."""
    check_can_steward(by, community)
    fields = _clean(question=question, answer=answer, tags=tags, source=source)
    moment = now()
    if fact is None:
        fact = Fact(community=community, created_by=by, created_at=moment)
    elif fact.community_id != community.pk:
        raise NotFound(_("This fact is not one of this community's."))
    for name, value in fields.items():
        setattr(fact, name, value)
    fact.answer_html = render_markdown(fact.answer)
    fact.is_public = bool(is_public)
    fact.last_reviewed_on = reviewed_on or moment.date()
    fact.updated_at = moment
    fact.save()
    index_fact(fact)
    return fact


@transaction.atomic
def mark_reviewed(*, fact: Fact, by) -> Fact:
    check_can_steward(by, fact.community)
    fact.last_reviewed_on = now().date()
    fact.updated_at = now()
    fact.save(update_fields=["last_reviewed_on", "updated_at"])
    return fact


@transaction.atomic
def delete_fact(*, fact: Fact, by) -> None:
    check_can_steward(by, fact.community)
    pk = fact.pk
    fact.delete()
    unindex_fact(pk)
