"""The verification e-mail travels through a real worker process, not an in-test shortcut,
on the database queue and on RQ."""

import re

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from agora.accounts.models import User
from agora.core.tasks import send_email
from agora.testing.worker import read_mails, run_worker_batch

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


SIGN_UP = {
    "email": "michu@example.org",
    "handle": "michu",
    "display_name": "Madame Michu",
    "password": "un mot de passe solide",
}


def assert_the_link_verifies(client, message):
    assert "To: michu@example.org" in message
    link = re.search(r"http://\S+/accounts/verify/\S+", message).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]
    assert client.get(path).status_code == 302
    assert User.objects.get(handle="michu").is_verified


def test_sign_up_email_is_sent_by_the_worker_and_verifies(client, database_tasks, tmp_path):
    response = client.post("/accounts/signup/", SIGN_UP)
    assert response.status_code == 302
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert list(tmp_path.iterdir()) == []  # nothing is sent inside the request

    result = run_worker_batch(mail_dir=tmp_path)
    assert result.returncode == 0, result.stderr

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    messages = read_mails(tmp_path)
    assert len(messages) == 1
    assert_the_link_verifies(client, messages[0])


def test_sign_up_email_is_sent_by_an_rq_worker_batch_and_verifies(client, rq_tasks, tmp_path):
    """`agora worker --batch` with REDIS_URL: RQ runs the queued e-mail task, then exits."""
    response = client.post("/accounts/signup/", SIGN_UP)
    assert response.status_code == 302
    (queued,) = rq_tasks.results(send_email)
    assert queued.status == TaskResultStatus.READY
    assert list(tmp_path.iterdir()) == []  # nothing is sent inside the request

    result = rq_tasks.run_worker_batch(mail_dir=tmp_path)
    assert result.returncode == 0, result.stderr

    messages = read_mails(tmp_path)
    assert len(messages) == 1, result.stderr[-3000:]
    assert_the_link_verifies(client, messages[0])
    queued.refresh()
    assert queued.status == TaskResultStatus.SUCCESSFUL


def test_failed_sign_up_queues_nothing(client, database_tasks):
    response = client.post(
        "/accounts/signup/",
        {"email": "x@example.org", "handle": "x!", "display_name": "", "password": "1"},
    )
    assert response.status_code == 400
    assert DBTaskResult.objects.count() == 0
