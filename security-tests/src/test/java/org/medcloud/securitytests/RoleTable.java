package org.medcloud.securitytests;

import java.util.Set;

/**
 * Who may call what, as docs/security.md's role table says. Operations are matched by method and
 * path template with the parameter names blanked ({@code /api/downloads/{}/cancel}), so a renamed
 * path parameter does not change the expectation.
 */
final class RoleTable {

    enum Access {
        /** no token needed */
        OPEN,
        /** viewer (and admin) */
        VIEWER,
        /** admin only: 403 for a viewer */
        ADMIN
    }

    /** docs/security.md: start, cancel, retry downloads; import a manifest as a download; register / rescan / delete stored series; STOW. */
    static final Set<String> ADMIN_ONLY = Set.of(
            "POST /api/downloads",
            "POST /api/downloads/{}/cancel",
            "POST /api/downloads/{}/retry",
            "POST /api/viewer/catalog",
            "POST /api/viewer/catalog/rescan",
            "DELETE /api/viewer/series/{}",
            "POST /dicomweb/studies",
            "POST /dicomweb/studies/{}");

    /** docs/security.md: /q/health, /q/metrics, /q/openapi are open; /api/viewer/me tells the UI who is signed in (or nobody). */
    static final Set<String> OPEN = Set.of("GET /api/viewer/me");

    private RoleTable() {
    }

    static Access expected(ApiOperation op) {
        String key = op.method() + " " + blank(op.path());
        if (op.isOpen() || OPEN.contains(key)) {
            return Access.OPEN;
        }
        return ADMIN_ONLY.contains(key) ? Access.ADMIN : Access.VIEWER;
    }

    /** {@code /a/{x}/b/{y: .*}} → {@code /a/{}/b/{}}, without a trailing slash. */
    static String blank(String template) {
        String s = template.replaceAll("\\{[^}]*}", "{}");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
