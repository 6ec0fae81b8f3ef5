package org.medcloud.viewer.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;

/** Instance look-ups for the hot paths (rendered, frames), cached briefly in memory. */
@ApplicationScoped
public class InstanceLookup {

    @Inject
    CatalogRepository repository;

    private final Cache<String, InstanceRef> cache = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(Duration.ofSeconds(60))
            .build();

    private final Cache<String, String> studyOfSeries = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(60))
            .build();

    /** The instance, or 404 (misses are not cached: a series may be registered any moment). */
    public InstanceRef require(String sopUid) {
        DicomUids.require("sopInstanceUid", sopUid);
        InstanceRef ref = cache.getIfPresent(sopUid);
        if (ref == null) {
            Optional<InstanceRef> found = repository.instance(sopUid);
            if (found.isEmpty()) {
                throw ApiException.notFound("Instance", "no stored instance " + sopUid);
            }
            ref = found.get();
            cache.put(sopUid, ref);
        }
        return ref;
    }

    /** 404 unless the series is stored and belongs to the study. */
    public void requireSeriesInStudy(String studyUid, String seriesUid) {
        DicomUids.require("StudyInstanceUID", studyUid);
        DicomUids.require("SeriesInstanceUID", seriesUid);
        String study = studyOfSeries.getIfPresent(seriesUid);
        if (study == null) {
            study = repository.series(seriesUid).map(SeriesRow::studyUid)
                    .orElseThrow(() -> ApiException.notFound("Series", "no stored series " + seriesUid));
            studyOfSeries.put(seriesUid, study);
        }
        if (!study.equals(studyUid)) {
            throw ApiException.notFound("Series", "series " + seriesUid + " is not in study " + studyUid);
        }
    }

    /** The instance, checked to belong to the series (and study when given), or 404. */
    public InstanceRef require(String studyUid, String seriesUid, String sopUid) {
        if (studyUid != null) {
            DicomUids.require("studyInstanceUid", studyUid);
        }
        DicomUids.require("seriesInstanceUid", seriesUid);
        InstanceRef ref = require(sopUid);
        if (!ref.seriesUid().equals(seriesUid) || (studyUid != null && !ref.studyUid().equals(studyUid))) {
            throw ApiException.notFound("Instance", "no stored instance " + sopUid + " in series " + seriesUid);
        }
        return ref;
    }

    public void invalidateAll() {
        cache.invalidateAll();
        studyOfSeries.invalidateAll();
    }
}
