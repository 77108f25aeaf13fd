"""The stewards' weekly digest: the week's figures and the three things most worth
attention, in the app and by e-mail, once per community and week."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from agora.communities.models import Community
from agora.communities.selectors import stewards_of
from agora.core import mail, zones
from agora.core.clock import now

from .. import attention, metrics, selectors
from ..models import Digest, HealthSettings
from .snapshots import compute

log = logging.getLogger(__name__)


def digest_due_day(health: HealthSettings, zone_name: str, moment):
    """The local day of the latest digest moment at or before `moment`, or None if the
    community's digest hour of that week has not come yet."""
    here = zones.local(moment, zone_name)
    back = (here.date().weekday() - health.digest_weekday) % 7
    day = here.date() - timedelta(days=back)
    due = zones.to_utc(day, here.time().replace(hour=health.digest_hour, minute=0, second=0,
                                                microsecond=0), zone_name)  # fmt: skip
    if due > moment:
        day -= timedelta(days=7)
    return day


def send_digest(community, moment=None) -> Digest | None:
    """The week's digest, once per community and week whatever the number of workers: the
    unique (community, week_of) row is the claim, and the e-mails leave after its commit."""
    moment = moment or now()
    health = selectors.settings_of(community)
    zone_name = community.time_zone
    day = digest_due_day(health, zone_name, moment)
    if zones.local(community.created_at, zone_name).date() > day - timedelta(days=7):
        return None  # a community's first week has no week before it to sum up
    if Digest.objects.filter(community=community, week_of=day).exists():
        return None
    w = metrics.window(day - timedelta(days=7), day - timedelta(days=1), zone_name, moment)
    (figures,) = compute(community, [w], moment)
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                community=community, week_of=day, sent_at=moment, figures=figures,
                attention=figures["attention"],
            )  # fmt: skip
            _mail_stewards(community, digest)
    except IntegrityError:
        return None  # another worker sent it
    return digest


def _mail_stewards(community, digest: Digest) -> None:
    link = django_settings.BASE_URL + reverse("health:digest", args=[community.slug, digest.pk])
    for mandate in stewards_of(community):
        user = mandate.user

        def context(user=user):
            # Called in the steward's language: the attention sentences translate themselves.
            return {
                "user": user,
                "community": community,
                "digest": digest,
                "figures": digest.figures,
                "attention": attention.phrase(digest.attention),
                "link": link,
            }

        mail.send_templated(recipient=user, template="health/email/digest", context=context)


def send_due_digests() -> int:
    """The worker's sweep: each community whose digest moment has passed this week."""
    sent = 0
    for community in Community.objects.order_by("pk"):
        health = selectors.settings_of(community)
        if not health.digest_enabled or not stewards_of(community).exists():
            continue
        try:
            sent += send_digest(community) is not None
        except Exception:
            log.exception("digest of community %s failed", community.pk)
    return sent
