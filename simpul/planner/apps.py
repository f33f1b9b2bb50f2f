from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "simpul.planner"
    label = "planner"
