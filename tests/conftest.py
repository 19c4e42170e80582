"""Shared fixtures: the region registry loaded once per test database, and small builders."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from sinergi.core.services import Actor
from sinergi.regions.services import load_regions
from tests import factories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real region registry once into the test database (each test rolls back)."""
    with django_db_blocker.unblock():
        load_regions(Actor.system())


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the product's default language (Indonesian); a request that
    switched languages must not leak into the next test. Tests that read messages in English
    (the msgids) use the `english` fixture."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: values keyed on data versions (reports.period_figures:
    the rollup stamps) must not outlive the database a test flushed, whose stamps start again."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db):
    """Two governments (Kutai Timur and Mimika), each with a small unit tree, and one user per
    role scoped to Kutai Timur's units. See tests.factories.build_world."""
    return factories.build_world()


@pytest.fixture
def committed_world(transactional_db):
    """The world, committed: for tests that run the background worker, which closes its database
    connection after each task (as it must in production) and would break a test wrapped in a
    transaction. The regions are reloaded first (a transactional test flushes the tables when it
    ends, and pytest-django runs these tests last)."""
    load_regions(Actor.system())
    return factories.build_world()
