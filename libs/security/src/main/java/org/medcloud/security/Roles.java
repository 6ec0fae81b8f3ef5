package org.medcloud.security;

/** The product's two roles (docs/security.md). Admin implies viewer. */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
