from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "agora.notify"
    label = "notify"
    verbose_name = "E-mail members asked for"

    def ready(self):
        # Conversations tells who was notified; the e-mail they asked for is queued with it.
        from agora.conversations.signals import notified
        from agora.core import periodic

        from . import receivers
        from .services import sending

        notified.connect(receivers.queue_for_notified, dispatch_uid="notify.notified")
        periodic.register("send_due_emails", sending.wake_senders, every=30)
        periodic.register("send_email_summaries", sending.wake_summaries, every=900)
