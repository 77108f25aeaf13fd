"""The worker refreshes the figures and sends the weekly digest once, in each steward's
language: a real `agora worker --batch` process against the test database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.communities.models import Community, StewardMandate
from agora.communities.services import mandates as mandates_services
from agora.conversations.models import Post
from agora.core import zones
from agora.health.models import Digest, HealthSettings, HealthSnapshot
from agora.testing.worker import read_mails, run_worker_batch

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_refreshes_the_figures_and_sends_the_digest_once(
    the_community, camille, make_user, join, database_tasks, tmp_path, client_for
):
    # A community started ten days ago, with a French-speaking second steward.
    real_now = timezone.now()
    Community.objects.filter(pk=the_community.pk).update(created_at=real_now - timedelta(days=10))
    StewardMandate.objects.filter(community=the_community).update(
        starts_at=real_now - timedelta(days=10)
    )
    nadia = join(make_user("nadia", language="fr", name="Nadia"), the_community)
    mandates_services.grant_stewardship(community=the_community, user=nadia, reason="vote")
    michu = join(make_user("michu"), the_community)
    Post.objects.create(
        community=the_community, author=michu, kind="question", title="Help?", body="?",
        body_html="?", created_at=real_now - timedelta(days=2),
    )  # fmt: skip
    # The digest is due an hour ago, in the community's zone.
    due = zones.local(real_now - timedelta(hours=1), "Europe/Paris")
    HealthSettings.objects.create(
        community=the_community, digest_weekday=due.weekday(), digest_hour=due.hour
    )

    first = run_worker_batch(mail_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert set(
        HealthSnapshot.objects.filter(community=the_community).values_list("period_days", flat=True)
    ) == {7, 30, 90}
    (digest,) = Digest.objects.filter(community=the_community)
    assert digest.week_of == due.date()
    assert digest.figures["response"]["unanswered"] == 1
    assert digest.attention[0]["key"] == "unanswered"
    mails = read_mails(tmp_path)
    by_recipient = {m.split("To: ")[1].split("\n")[0]: m for m in mails}
    assert set(by_recipient) == {camille.email, nadia.email}
    english, french = by_recipient[camille.email], by_recipient[nadia.email]
    assert "your week in perspective" in english and "Worth your attention" in english
    assert "1 question of the period has no answer yet." in english
    assert f"/c/the-community/health/digests/{digest.pk}/" in english
    assert "votre semaine avec du recul" in french and "1 question de la période" in french

    second = run_worker_batch(mail_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    assert Digest.objects.filter(community=the_community).count() == 1
    assert len(read_mails(tmp_path)) == len(mails)  # nothing sent twice

    # In the app, too.
    page = client_for(camille).get(f"/c/the-community/health/digests/{digest.pk}/")
    assert page.status_code == 200
    assert "1 question of the period has no answer yet." in page.content.decode()
    listing = client_for(camille).get("/c/the-community/health/digests/").content.decode()
    assert f"/c/the-community/health/digests/{digest.pk}/" in listing
    assert client_for(michu).get(f"/c/the-community/health/digests/{digest.pk}/").status_code == 403


def test_a_community_younger_than_a_week_gets_no_digest(the_community, database_tasks, tmp_path):
    due = zones.local(timezone.now() - timedelta(hours=1), "Europe/Paris")
    HealthSettings.objects.create(
        community=the_community, digest_weekday=due.weekday(), digest_hour=due.hour
    )
    result = run_worker_batch(mail_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not Digest.objects.exists()
    assert read_mails(tmp_path) == []
