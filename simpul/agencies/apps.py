from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "simpul.agencies"
    label = "agencies"
