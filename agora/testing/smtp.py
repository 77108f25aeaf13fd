"""A real SMTP server for the e-mail tests: aiosmtpd, in a thread of the test process, on a
free port, receiving what Django's SMTP backend sends — as a mail server would.

`smtp_server` points the settings at it and yields its mailbox: every message received, as
`email.message.EmailMessage` (headers, both parts). An address whose local part starts with
"bounce" is refused with 550 at RCPT, as a server refuses an unknown mailbox.

Registered as a pytest plugin by the repository's conftest.py.
"""

from __future__ import annotations

import email
import email.policy
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from .worker import free_port

REFUSED_PREFIX = "bounce"


@dataclass
class Mailbox:
    port: int = 0
    messages: list = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.split("@")[0].lower().startswith(REFUSED_PREFIX):
            with self.lock:
                self.refused.append(address)
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        """The messages delivered to `address`."""
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.refused.clear()


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server the settings send to; yields its `Mailbox`."""
    mailbox = Mailbox(port=free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield mailbox
    finally:
        controller.stop()
