package org.medcloud.search.series;

import java.util.List;

/** One page of a series search plus the totals of the whole result. */
public record SeriesPage(long total, long totalSizeBytes, long totalImages, int page, int size, String sort, List<SeriesRow> rows) {
}
