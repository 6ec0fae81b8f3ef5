package org.medcloud.viewer.render;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/** Immutable, cacheable image responses with ETag and 304 on If-None-Match. */
public final class ImageResponses {

    public static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private ImageResponses() {
    }

    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    public static Response image(HttpHeaders headers, String etag, String mediaType, Supplier<byte[]> body) {
        if (matches(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH), etag)) {
            return Response.status(Response.Status.NOT_MODIFIED)
                    .header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, IMMUTABLE).build();
        }
        byte[] bytes = body.get();
        return Response.ok(bytes, mediaType)
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                .header(HttpHeaders.VARY, "Accept")
                .build();
    }

    /** {@code png} or {@code jpeg} from an explicit format, else from the Accept header (PNG unless only JPEG is acceptable). */
    public static String format(String format, HttpHeaders headers) {
        if (format != null && !format.isBlank()) {
            return format;
        }
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("image/jpeg") && !accept.contains("image/png")) {
            return RenderRequest.JPEG;
        }
        return RenderRequest.PNG;
    }
}
