"""The stewards' weekly digest (`services/digests.py`): once per community and week, in the
app and by e-mail after the commit, to the stewards only. The week's rows are in conftest."""

from datetime import date

import pytest
from django.core import mail

from agora.communities.models import Community
from agora.communities.services import mandates
from agora.health.models import Digest, HealthSettings
from agora.health.services import digests
from agora.health.services import settings as health_settings
from agora.testing.snapshots import snapshot

from .conftest import MOMENT, utc

PARIS = "Europe/Paris"


@pytest.fixture
def old_community(week, make_user, join):
    """The week's community, founded in January, with Nadia as a second, French-speaking
    steward."""
    c = week["community"]
    Community.objects.filter(pk=c.pk).update(created_at=utc(2026, 1, 1))
    c.refresh_from_db()
    nadia = join(make_user("nadia", language="fr", name="Nadia"), c)
    mandates.grant_stewardship(community=c, user=nadia, reason="vote")
    week["nadia"] = nadia
    return c


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


# --- digest_due_day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "weekday, hour, moment, due",
    [
        (0, 8, utc(2026, 3, 30, 6, 0), date(2026, 3, 30)),  # Monday 08:00 summer time
        (0, 8, utc(2026, 3, 30, 5, 59), date(2026, 3, 23)),  # a minute early: last week's
        (0, 8, utc(2026, 3, 29, 12, 0), date(2026, 3, 23)),  # Sunday
        (4, 17, utc(2026, 3, 30, 12, 0), date(2026, 3, 27)),  # Friday 17:00 winter time
        (4, 17, utc(2026, 3, 27, 15, 59), date(2026, 3, 20)),
    ],
)
def test_digest_due_day_is_the_latest_digest_moment_in_the_community_s_zone(
    weekday, hour, moment, due
):
    health = HealthSettings(digest_weekday=weekday, digest_hour=hour)
    assert digests.digest_due_day(health, PARIS, moment) == due


# --- send_digest ------------------------------------------------------------------------------


def test_send_digest_sums_up_the_week_and_mails_the_stewards_after_the_commit(
    old_community, week, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        digest = digests.send_digest(old_community, MOMENT)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 2
    assert (digest.community, digest.week_of) == (old_community, date(2026, 3, 30))
    digest.refresh_from_db()
    assert (digest.week_of, digest.sent_at) == (date(2026, 3, 30), MOMENT)
    figures = digest.figures
    assert (figures["first_day"], figures["last_day"]) == ("2026-03-23", "2026-03-29")
    assert figures["self"]["contributions"] == {"value": 11, "previous": 2}
    assert figures["response"]["unanswered"] == 1
    assert digest.attention == figures["attention"] and digest.attention[0]["key"] == "unanswered"

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [week["camille"].email, week["nadia"].email]
    )
    (english,) = mails_to(week["camille"])
    assert english.subject == "The Community: your week in perspective"
    assert "from 2026-03-23 to 2026-03-29" in english.body
    assert "Contributions: 11 (the week before: 2)" in english.body
    assert "1 question of the period has no answer yet." in english.body
    assert f"/c/the-community/health/digests/{digest.pk}/" in english.body
    (french,) = mails_to(week["nadia"])
    assert "votre semaine avec du recul" in french.subject


def test_send_digest_sends_once_a_week(old_community, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = digests.send_digest(old_community, MOMENT)
    sent = len(mail.outbox)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert digests.send_digest(old_community, utc(2026, 4, 5, 20)) is None  # same week
    assert callbacks == [] and len(mail.outbox) == sent
    assert snapshot() == before
    assert list(Digest.objects.values_list("pk", flat=True)) == [first.pk]


def test_send_digest_says_nothing_in_a_community_s_first_week(
    the_community, django_capture_on_commit_callbacks
):
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert digests.send_digest(the_community) is None
    assert callbacks == [] and mail.outbox == []
    assert snapshot() == before


def test_a_member_and_a_former_steward_get_no_digest(
    old_community, week, django_capture_on_commit_callbacks
):
    from agora.communities.models import StewardMandate

    lea = week["lea"]
    mandates.grant_stewardship(community=old_community, user=lea, reason="summer")
    mandates.end_mandate(mandate=StewardMandate.objects.get(community=old_community, user=lea))
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_digest(old_community, MOMENT)
    assert mails_to(lea) == [] and mails_to(week["michu"]) == []
    assert len(mails_to(week["camille"])) == 1


# --- send_due_digests -------------------------------------------------------------------------


def test_send_due_digests_sends_each_due_digest_once(
    old_community, week, community_factory, django_capture_on_commit_callbacks
):
    quiet = community_factory()
    Community.objects.filter(pk=quiet.pk).update(created_at=utc(2026, 1, 1))
    health_settings.update_health_settings(
        community=quiet, by=quiet.created_by, public_summary=False, work_days=[0, 1, 2, 3, 4],
        work_starts=9, work_ends=18, digest_enabled=False, digest_weekday=0, digest_hour=8,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.send_due_digests() == 1
    (digest,) = Digest.objects.all()
    assert digest.community == old_community
    assert {m.to[0] for m in mail.outbox} == {week["camille"].email, week["nadia"].email}
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.send_due_digests() == 0
    assert Digest.objects.count() == 1 and len(mail.outbox) == 2
