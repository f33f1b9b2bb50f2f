from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "simpul.frameworks"
    label = "frameworks"
