"""A thousand addresses pasted at once: the request records them, a real worker sends the
e-mails in batches, on both task backends (the database queue and RQ), to a real SMTP server
— each address once, within the community's daily limit."""

import pytest
from django.urls import reverse

from agora.communities.models import Invitation
from agora.testing.worker import logs, stop_workers, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

COUNT = 1000


def test_a_thousand_pasted_addresses_are_sent_by_the_worker(
    task_queue, smtp_server, the_community, camille, client_for, tmp_path
):
    paste = "\n".join(f"fan{n}@example.org" for n in range(COUNT))
    url = reverse("communities:invitations", args=[the_community.slug])
    response = client_for(camille).post(url, {"action": "email", "addresses": paste})
    assert response.status_code == 200
    assert f"{COUNT} invitations will be sent." in response.content.decode()
    assert smtp_server.messages == []  # the request only recorded them

    log = tmp_path / "worker.log"
    extra = {"AGORA_TEST_SMTP_PORT": str(smtp_server.port)}
    worker = task_queue.start_worker(mail_dir=tmp_path, log_path=log, extra_env=extra)
    try:
        done = wait_for(lambda: len(smtp_server.messages) >= COUNT, timeout=120)
    finally:
        stop_workers(worker)
    assert done, f"{len(smtp_server.messages)} of {COUNT} arrived\n{logs(log)}"
    addresses = {str(message["To"]) for message in smtp_server.messages}
    assert len(smtp_server.messages) == COUNT and len(addresses) == COUNT
    assert Invitation.objects.filter(sent_at__isnull=True).count() == 0
    over = client_for(camille).post(url, {"action": "email", "addresses": "late@example.org"})
    assert over.status_code == 400  # the day's 1,000 are spent
