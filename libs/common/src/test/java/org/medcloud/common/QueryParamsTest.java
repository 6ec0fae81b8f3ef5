package org.medcloud.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medcloud.common.problem.ApiException;
import org.medcloud.common.problem.QueryParams;

/** Query parameters that JAX-RS would turn into a 404 (or silently into false) are 400s naming the field. */
class QueryParamsTest {

    static String field(Runnable r) {
        return assertThrows(ApiException.class, r::run).problem().field();
    }

    @Test
    void numbersFlagsAndText() {
        assertNull(QueryParams.integer("page", null));
        assertEquals(7, QueryParams.integer("page", " 7 "));
        assertEquals(20, QueryParams.integer("size", "", 20));
        assertEquals("page", field(() -> QueryParams.integer("page", "abc")));
        assertEquals("window", field(() -> QueryParams.decimal("window", "NaN")));
        assertFalse(QueryParams.flag("force", null));
        assertTrue(QueryParams.flag("force", "TRUE"));
        assertEquals("force", field(() -> QueryParams.flag("force", "yes")));
        assertEquals("q", field(() -> QueryParams.text("q", "a\u0000b", 10)));
        assertEquals("q", field(() -> QueryParams.text("q", "x".repeat(11), 10)));
        assertEquals("ok", QueryParams.text("q", "ok", 10));
    }
}
