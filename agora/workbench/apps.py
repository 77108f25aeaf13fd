from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "agora.workbench"
    label = "workbench"

    def ready(self):
        # The community page shows its stewards the way to the calendar.
        from . import panels

        panels.register()

        # Who sees a planned status's images (its stewards) before it is published.
        from . import images

        images.register()

        # The worker's periodic sweep: due statuses (lost wake-ups, a killed worker) and
        # rituals' next occurrences.
        from agora.core import periodic

        from .services import publishing, rituals

        periodic.register("publish_due", publishing.publish_due, every=10)
        periodic.register("extend_rituals", rituals.extend_rituals, every=3600)
