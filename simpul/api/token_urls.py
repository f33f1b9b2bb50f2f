from django.urls import path

from simpul.api import token_views

app_name = "api_tokens"
urlpatterns = [
    path("", token_views.tokens, name="list"),
    path("<int:pk>/cabut/", token_views.token_revoke, name="revoke"),
]
