from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "agora.communities"
    label = "communities"

    def ready(self):
        # The launch checklist's first steps (the apps above add theirs).
        from . import launch

        launch.register_own_steps()

        # The worker's sweep behind the mandates' end-date tasks (a lost wake-up).
        from agora.core import periodic

        from .services.invitations import sweep_unsent
        from .services.mandates import record_ended_mandates

        periodic.register("record_ended_mandates", record_ended_mandates, every=60)
        # Behind the invitation e-mails' tasks.
        periodic.register("send_unsent_invitations", sweep_unsent, every=300)
