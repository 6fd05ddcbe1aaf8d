from django.apps import AppConfig


class LiabilityConfig(AppConfig):
    name = "liability"
    verbose_name = "Recourse legal content"
