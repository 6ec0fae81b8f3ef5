package org.medcloud.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Gateway settings; every one is overridable by the environment variable named in the README table. */
@ConfigMapping(prefix = "inference")
public interface InferenceSettings {

    /** MONAI_LABEL_URL: base URL of the MONAI Label server (no path prefix). */
    @WithDefault("http://127.0.0.1:8092")
    String monaiLabelUrl();

    /** INFERENCE_DEFAULT_MODEL */
    @WithDefault("deepedit")
    String defaultModel();

    /** MONAI_LABEL_CONNECT_TIMEOUT */
    @WithDefault("5S")
    Duration connectTimeout();

    /** MONAI_LABEL_READ_TIMEOUT: how long one /infer call may take (inference blocks on the server). */
    @WithDefault("600S")
    Duration readTimeout();

    /** MONAI_LABEL_INFO_TIMEOUT: read timeout of GET /info/ (waits while the server runs an inference). */
    @WithDefault("30S")
    Duration infoTimeout();

    /** MONAI_LABEL_CONCURRENCY: inferences in flight per MONAI Label server. */
    @WithDefault("1")
    int concurrency();

    /** INFERENCE_HANDOVER: upload (send the series as a NIfTI file) or dicomweb (send image=SeriesInstanceUID). */
    @WithDefault("upload")
    String handover();

    /** VIEWER_URL: the viewer-service; its /dicomweb is where series are read from. */
    @WithDefault("http://127.0.0.1:8083")
    String viewerUrl();

    /** MODELS_CACHE_TTL: how long the /info/ model list is reused. */
    @WithDefault("30S")
    Duration modelsCacheTtl();
}
