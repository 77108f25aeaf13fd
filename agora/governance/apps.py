from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "agora.governance"
    label = "governance"

    def ready(self):
        # The community page links to the members' votes.
        from . import panels

        panels.register()

        # The worker's sweep behind the deadline tasks of members' votes.
        from agora.core import periodic

        from .services.proposals import close_due_proposals

        periodic.register("close_due_proposals", close_due_proposals, every=60)
