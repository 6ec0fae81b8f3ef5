package org.medcloud.storage;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param nextContinuationToken pass to {@link ObjectStorage#listPage} for the next page; null on the last page
 */
public record ObjectPage(List<ObjectSummary> objects, String nextContinuationToken) {

    public ObjectPage {
        objects = List.copyOf(objects);
    }

    public boolean hasMore() {
        return nextContinuationToken != null;
    }
}
