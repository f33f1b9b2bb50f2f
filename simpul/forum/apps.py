from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "simpul.forum"
    label = "forum"

    def ready(self) -> None:
        from . import signals

        signals.connect()
