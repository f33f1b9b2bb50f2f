from django.apps import AppConfig
from django.db.models.signals import pre_delete


class EvidenceConfig(AppConfig):
    name = "simpul.evidence"
    label = "evidence"

    def ready(self) -> None:
        from .models import Evidence
        from .search import forget_evidence

        pre_delete.connect(forget_evidence, sender=Evidence, dispatch_uid="evidence:search")
