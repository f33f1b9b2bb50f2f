"""The roles a person may hold in an agency (what each may do: capabilities.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Koordinator (admin)")
    RESPONDENT = "respondent", _("Responden")
    INTERNAL_ASSESSOR = "internal_assessor", _("Asesor internal")
    LEADER = "leader", _("Pimpinan")
    PARTNER = "partner", _("Mitra")
    EXTERNAL_ASSESSOR = "external_assessor", _("Asesor eksternal")
