from django.core.cache import cache
from django.db import transaction

from simpul.agencies.models import Agency

from .models import DashboardSettings

PUBLIC_CACHE_KEY = "dashboard:public:{short_code}"


def public_cache_key(agency: Agency) -> str:
    return PUBLIC_CACHE_KEY.format(short_code=agency.short_code)


@transaction.atomic
def save_settings(agency: Agency, *, target_index, public_page: bool, actor) -> DashboardSettings:
    """Set the target index and the public page switch; the public page is rebuilt."""
    found, _created = DashboardSettings.objects.select_for_update().get_or_create(agency=agency)
    found.target_index = target_index
    found.public_page = public_page
    found.updated_by = actor
    found.save(update_fields=["target_index", "public_page", "updated_by", "updated_at"])
    transaction.on_commit(lambda: cache.delete(public_cache_key(agency)))
    return found
