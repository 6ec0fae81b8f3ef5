package org.medcloud.search;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheManager;
import org.medcloud.search.nbia.NbiaGateway;

final class TestSupport {
    private TestSupport() {
    }

    static void clean(CacheManager caches, NbiaGateway gateway) {
        for (String name : caches.getCacheNames()) {
            caches.getCache(name).map(Cache::invalidateAll).ifPresent(u -> u.await().indefinitely());
        }
        gateway.resetBreaker();
        NbiaStub.current.reset();
    }
}
