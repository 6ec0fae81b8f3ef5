package org.medcloud.viewer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the viewer (README: configuration table). */
@ConfigMapping(prefix = "viewer")
public interface ViewerConfig {

    Catalog catalog();

    Cache cache();

    Render render();

    Dicomweb dicomweb();

    Annotations annotations();

    interface Catalog {
        /** Key prefix under which {@code *.index.json} objects are looked for by rescan. */
        @WithDefault("tcia/")
        String prefix();

        @WithDefault("true")
        boolean rescanAtStart();

        /** First ranged GET size when reading an instance header at registration. */
        @WithDefault("65536")
        int headerFetchBytes();

        /** Parallel ranged GETs per registration. */
        @WithDefault("8")
        int registerParallelism();
    }

    interface Cache {
        /** Parsed instances (with pixel data), bounded by their size in bytes. */
        @WithDefault("268435456")
        long instancesBytes();

        /** Encoded PNG/JPEG images, bounded by bytes; 0 turns the cache off. */
        @WithDefault("67108864")
        long renderedBytes();

        /** Decoded frames (32-bit samples), bounded by bytes. */
        @WithDefault("268435456")
        long decodedBytes();

        /** Prepared series metadata (DICOM JSON), bounded by bytes. */
        @WithDefault("67108864")
        long metadataBytes();
    }

    interface Render {
        /** Largest output edge a client may ask for. */
        @WithDefault("2048")
        int maxSize();

        @WithDefault("128")
        int thumbnailSize();

        /**
         * Render the first image of a series as the web UI asks for it when the series is registered, and
         * one stored series' after start-up (VIEWER_RENDER_PRERENDER; see RenderWarmup).
         */
        @WithDefault("true")
        boolean prerender();
    }

    interface Dicomweb {
        /** Public base URL of /dicomweb for RetrieveURL/BulkDataURI (e.g. https://host/dicomweb); default: from the request. */
        java.util.Optional<String> publicUrl();

        @WithDefault("10000")
        int qidoMaxLimit();
    }

    interface Annotations {
        @WithDefault("5000")
        int maxItems();
    }
}
