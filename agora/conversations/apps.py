from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "agora.conversations"
    label = "conversations"

    def ready(self):
        # The community page (communities) shows the feed and the composer's buttons.
        from . import panels

        panels.register()
