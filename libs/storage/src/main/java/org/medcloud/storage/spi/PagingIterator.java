package org.medcloud.storage.spi;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.medcloud.storage.ObjectPage;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.ObjectSummary;

/** Iterates all keys under a prefix, fetching one page at a time with {@link ObjectStorage#listPage}. */
public final class PagingIterator implements Iterator<ObjectSummary> {

    private final ObjectStorage storage;
    private final String prefix;
    private final int pageSize;
    private Iterator<ObjectSummary> current = java.util.Collections.emptyIterator();
    private String token;
    private boolean lastPageFetched;

    public PagingIterator(ObjectStorage storage, String prefix, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be >= 1");
        }
        this.storage = storage;
        this.prefix = prefix;
        this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext() && !lastPageFetched) {
            ObjectPage page = storage.listPage(prefix, token, pageSize);
            current = page.objects().iterator();
            token = page.nextContinuationToken();
            lastPageFetched = token == null;
        }
        return current.hasNext();
    }

    @Override
    public ObjectSummary next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
