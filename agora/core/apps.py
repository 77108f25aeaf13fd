from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "agora.core"
    label = "core"

    def ready(self):
        from django.urls import register_converter

        from .converters import IdConverter

        # Before any urls.py is read: every id in a path is `<id:…>`.
        register_converter(IdConverter, "id")
