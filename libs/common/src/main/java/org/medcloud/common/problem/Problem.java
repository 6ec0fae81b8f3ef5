package org.medcloud.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document. {@code type} is a stable URI-like identifier clients may switch
 * on; {@code title} is short and human; {@code detail} says what the user can do about it;
 * {@code field} names the offending input when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:medcloud:problem:";

    public static Problem of(int status, String code, String title, String detail, String field) {
        return new Problem(TYPE_PREFIX + code, title, status, detail, field, null);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, field, path);
    }
}
