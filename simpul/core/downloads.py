"""Files sent to a signed-in user (documents, photos, exports): kept by no browser or shared
cache, since they belong to one agency and a proxy or a shared computer must not keep them."""

from django.views.decorators.cache import cache_control

private_download = cache_control(private=True, no_store=True)
