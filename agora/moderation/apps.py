from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "agora.moderation"
    label = "moderation"

    def ready(self):
        # The community page links to the journal and the moderation page.
        from . import panels

        panels.register()

        # Conversations must not know moderation (dependency direction): moderation
        # registers its screen of new and edited contributions here.
        from agora.conversations import screening

        from .services.screening import screen_contribution

        screening.register(screen_contribution)

        # The worker's sweep behind the deadline tasks (a lost wake-up, a killed worker).
        from agora.core import periodic

        from .services.decisions import close_due_cases

        periodic.register("close_due_cases", close_due_cases, every=60)
