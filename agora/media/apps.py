from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "agora.media"
    label = "media"

    def ready(self):
        # The worker prepares what a lost task left pending.
        from agora.core import periodic

        from .services import images

        periodic.register("prepare_pending_images", images.sweep_pending, every=60)

        # The community page shows the cover and logo, and the stewards' way to them.
        from . import panels

        panels.register()
