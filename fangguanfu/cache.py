"""The shared cache: Django's Redis cache whose clear() removes only the cache's own keys.

The cache lives in the Redis database REDIS_URL names, beside Celery's queues.
Django's RedisCache.clear() is FLUSHDB, which would also drop queued reminder
jobs; here it deletes only the keys under the cache's KEY_PREFIX.
"""

from django.core.cache.backends.redis import RedisCache


class PrefixedRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=500):
            batch.append(key)
            if len(batch) >= 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
