import json
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from simpul.api.models import TokenScope
from simpul.api.operations import create_token

# Shared with the framework tests: the shipped frameworks imported into the test database.
from simpul.frameworks.tests.conftest import frameworks_loaded  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with every throttle's budget whole (they count in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_token(personas) -> str:
    """A read token of agency A's respondent: the plain text, as a caller holds it."""
    _, plain = create_token(personas.respondent_membership, "uji", TokenScope.READ, days=30)
    return plain


@pytest.fixture
def post_score(frameworks_loaded: None) -> Callable[..., object]:  # noqa: F811
    """POST a body to /api/v1/score the way an outside caller would: no login, CSRF enforced."""
    client = Client(enforce_csrf_checks=True)

    def post(body: object, content_type: str = "application/json"):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.post(reverse("api:score"), data=data, content_type=content_type)

    return post


@pytest.fixture
def post_plan(frameworks_loaded: None, api_token: str) -> Callable[..., object]:  # noqa: F811
    """POST a body to /api/v1/plan the way an outside script would: with an API token (the
    planner needs a sign-in or a token), no cookies, CSRF enforced."""
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {api_token}"})

    def post(body: object, content_type: str = "application/json"):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.post(reverse("api:plan"), data=data, content_type=content_type)

    return post
