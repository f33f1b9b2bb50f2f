from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("pilih/", views.switch, name="switch"),
    path("unit/", views.unit_list, name="units"),
    path("unit/tambah/", views.unit_create, name="unit_create"),
    path("unit/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("unit/<int:pk>/status/", views.unit_toggle, name="unit_toggle"),
    path("zona-waktu/", views.agency_zone, name="zone"),
    path("masuk-sso/", views.agency_oidc, name="oidc"),
    path("orang/", views.people, name="people"),
    path("orang/undang/", views.person_invite, name="person_invite"),
    path("orang/<int:pk>/", views.person_edit, name="person_edit"),
    path("orang/<int:pk>/status/", views.person_toggle, name="person_toggle"),
    path("platform/", views.platform_agencies, name="platform"),
    path("platform/tambah/", views.platform_agency_create, name="platform_create"),
    path("platform/<int:pk>/", views.platform_agency_edit, name="platform_edit"),
]
