from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "agora.moderation"
    label = "moderation"

    def ready(self):
        # Mandates change in communities, which cannot import moderation; the journal
        # records each change in the same transaction.
        from agora.communities.signals import mandate_changed

        from .receivers import journal_mandate_change

        mandate_changed.connect(journal_mandate_change, dispatch_uid="journal-mandate-change")

        # The community page links to the journal and the moderation page.
        from . import panels

        panels.register()

        # Conversations must not know moderation (dependency direction): moderation
        # registers its screen of new and edited contributions here.
        from agora.conversations import screening

        from .services.screening import screen_contribution

        screening.register(screen_contribution)

        # Jurors and stewards see the images withheld from others (media asks).
        from agora.media import access

        from .selectors import reviews_image

        access.register_reviewer(reviews_image)

        # The worker's sweep behind the deadline tasks (a lost wake-up, a killed worker).
        from agora.core import periodic

        from .services.decisions import close_due_cases

        periodic.register("close_due_cases", close_due_cases, every=60)
