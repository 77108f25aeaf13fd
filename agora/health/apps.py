from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "agora.health"
    label = "health"

    def ready(self):
        # The community page shows the way to the dashboard (or its summary).
        from . import panels

        panels.register()

        # The worker refreshes the dashboards' figures and sends the weekly digests.
        from django.conf import settings

        from agora.core import periodic

        from .services import digests, snapshots

        periodic.register(
            "refresh_health", snapshots.refresh_all, every=settings.AGORA_HEALTH_REFRESH_SECONDS
        )
        periodic.register("send_digests", digests.send_due_digests, every=300)
