"""The e-mail a member asked for leaves from a real worker process, on both task backends
(the database queue and Redis/RQ), and reaches a real SMTP server."""

import pytest

from agora.conversations import services as conversations
from agora.notify.models import OutgoingEmail
from agora.testing.worker import logs, stop_workers, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_sends_the_reply_email(
    task_queue, smtp_server, the_community, member_michu, make_user, join, tmp_path,
    settings,
):  # fmt: skip
    settings.AGORA_EMAIL_WAIT_SECONDS = 0  # due at once: the worker's first sweep sends it
    lea = join(make_user("lea", name="Léa"), the_community)
    post = conversations.write_post(
        community=the_community, author=member_michu, title="Ma mouture", body="Fine ?"
    )
    conversations.write_comment(post=post, author=lea, body="Moyenne, plutôt.")
    log = tmp_path / "worker.log"
    extra = {"AGORA_TEST_SMTP_PORT": str(smtp_server.port)}
    worker = task_queue.start_worker(mail_dir=tmp_path, log_path=log, extra_env=extra)
    try:
        arrived = wait_for(lambda: smtp_server.to("michu@example.org"), timeout=60)
    finally:
        stop_workers(worker)
    assert arrived, logs(log)
    [message] = smtp_server.to("michu@example.org")
    assert "Léa replied to « Ma mouture »" in " ".join(str(message["Subject"]).split())
    assert OutgoingEmail.objects.get().sent_at is not None
