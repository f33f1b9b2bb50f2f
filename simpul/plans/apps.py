from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "simpul.plans"
    label = "plans"
