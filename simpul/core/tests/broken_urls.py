"""The site's URLs plus one view that fails, to see the 500 page a real failure gets."""

from django.urls import path

from simpul.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("rusak")


urlpatterns = [*urlpatterns, path("rusak/", broken)]
