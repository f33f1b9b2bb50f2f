from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "simpul.core"
    label = "core"

    def ready(self) -> None:
        from . import files

        files.connect()
