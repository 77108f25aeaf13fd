from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "agora.conversations"
    label = "conversations"

    def ready(self):
        # The community page (communities) shows the feed and the composer's buttons.
        from . import attachments, panels

        panels.register()
        # Media asks who may see the images of posts and comments.
        attachments.register()
        from agora.core import periodic

        from .services import forget_unpublished_images

        periodic.register("forget_unpublished_images", forget_unpublished_images, every=3600)
