from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "agora.demo"
    label = "demo"
