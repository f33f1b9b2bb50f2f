from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "simpul.forum"
    label = "forum"
