package org.medcloud.security;

import java.util.Locale;

/** How callers are identified (AUTH_MODE). */
public enum AuthMode {
    /** Everyone is the local user "anonymous" with every role: the local stack. */
    NONE,
    /** Bearer access tokens from an OIDC provider, validated by quarkus-oidc. */
    OIDC,
    /** HTTP Basic against a file of bcrypt hashes. */
    BASIC;

    /** Parses AUTH_MODE; an unknown value is a start-up error naming the variable. */
    public static AuthMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "none" -> NONE;
            case "oidc" -> OIDC;
            case "basic" -> BASIC;
            default -> throw new IllegalArgumentException("AUTH_MODE must be none, oidc or basic, not '" + value + "'");
        };
    }
}
