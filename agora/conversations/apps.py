from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "agora.conversations"
    label = "conversations"
