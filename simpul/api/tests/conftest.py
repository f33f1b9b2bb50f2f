import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

# Shared with the framework tests: the shipped frameworks imported into the test database.
from simpul.frameworks.tests.conftest import frameworks_loaded  # noqa: F401


@pytest.fixture
def post_score(frameworks_loaded: None) -> Callable[..., object]:  # noqa: F811
    """POST a body to /api/v1/score the way an outside caller would: no login, CSRF enforced."""
    client = Client(enforce_csrf_checks=True)

    def post(body: object, content_type: str = "application/json"):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.post(reverse("api:score"), data=data, content_type=content_type)

    return post


@pytest.fixture
def post_plan(frameworks_loaded: None) -> Callable[..., object]:  # noqa: F811
    """POST a body to /api/v1/plan the way an outside caller would: no login, CSRF enforced."""
    client = Client(enforce_csrf_checks=True)

    def post(body: object, content_type: str = "application/json"):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.post(reverse("api:plan"), data=data, content_type=content_type)

    return post
