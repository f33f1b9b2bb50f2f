from django.db import transaction
from django.db.models import F

from simpul.agencies.models import Agency

from .models import DashboardSettings

PUBLIC_CACHE_KEY = "dashboard:public:{short_code}:v{version}:{language}"


def public_cache_key(agency: Agency, version: int, language: str) -> str:
    """The cached public page of one version of the agency's data, in one language."""
    return PUBLIC_CACHE_KEY.format(short_code=agency.short_code, version=version, language=language)


def public_page_changed(agency_id: int) -> None:
    """What the public page shows changed: move its cache key on, in the same transaction.

    The version lives in the database, so every worker's cached copy goes stale at once,
    whichever cache (per-process memory or shared) the deployment uses.
    """
    DashboardSettings.objects.filter(agency_id=agency_id).update(
        public_version=F("public_version") + 1
    )


@transaction.atomic
def save_settings(agency: Agency, *, target_index, public_page: bool, actor) -> DashboardSettings:
    """Set the target index and the public page switch; the public page is rebuilt."""
    found, _created = DashboardSettings.objects.select_for_update().get_or_create(agency=agency)
    found.target_index = target_index
    found.public_page = public_page
    found.updated_by = actor
    found.public_version = F("public_version") + 1
    found.save(
        update_fields=["target_index", "public_page", "updated_by", "updated_at", "public_version"]
    )
    found.refresh_from_db(fields=["public_version"])
    return found
