"""CACHE_URL / REDIS_URL choose the cache of dashboard pages (tracker/settings.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tracker.settings import cache_config


@pytest.fixture
def env(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    return monkeypatch


def test_local_memory_by_default(env):
    assert cache_config()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_from_cache_url(env):
    env.setenv("CACHE_URL", "redis://10.0.0.5:6379/2")
    assert cache_config() == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://10.0.0.5:6379/2",
    }


def test_redis_url_when_cache_url_is_not_set(env):
    env.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert cache_config()["LOCATION"] == "redis://127.0.0.1:6379/0"
    env.setenv("CACHE_URL", "dummy://")
    assert cache_config()["BACKEND"] == "django.core.cache.backends.dummy.DummyCache"


def test_an_unknown_cache_url_is_refused_naming_the_variable(env):
    env.setenv("CACHE_URL", "memcached://127.0.0.1:11211")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_config()
