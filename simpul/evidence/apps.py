from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "simpul.evidence"
    label = "evidence"
