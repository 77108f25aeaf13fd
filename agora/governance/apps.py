from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "agora.governance"
    label = "governance"
