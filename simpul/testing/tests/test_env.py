"""The test environment (simpul/testing/env.py, simpul/conftest.py): only browser tests turn
Django's async-safety guard off."""

import asyncio
import os

import pytest
from django.core.exceptions import SynchronousOnlyOperation

from simpul.accounts.models import User


def test_a_test_without_the_browser_marker_keeps_djangos_async_guard(db):
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ

    async def count_users() -> int:
        return User.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count_users())
