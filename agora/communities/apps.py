from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "agora.communities"
    label = "communities"
