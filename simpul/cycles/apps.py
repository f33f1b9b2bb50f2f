from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "simpul.cycles"
    label = "cycles"
