package org.medcloud.viewer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /api/viewer/client-errors: validation naming the field, 204, and the counter (test resources: see ViewerServiceTest). */
@QuarkusTest
class ClientErrorTelemetryTest {

    static final String URL = "/api/viewer/client-errors";

    Map<String, Object> report(String kind) {
        Map<String, Object> m = new HashMap<>();
        m.put("kind", kind);
        m.put("message", "Http failure response for /api/viewer/series/:uid: 500 Internal Server Error");
        m.put("route", "/viewer/:uid");
        m.put("status", 500);
        m.put("appVersion", "1.0.0");
        m.put("userAgent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/140");
        return m;
    }

    @Test
    void acceptsReportsAndCountsThemByKind() {
        given().contentType("application/json").body(report("http")).post(URL).then().statusCode(204);
        Map<String, Object> js = report("js");
        js.remove("status");
        js.remove("appVersion");
        given().contentType("application/json").body(js).post(URL).then().statusCode(204);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("medcloud_client_errors_total{kind=\"http\""))
                .body(containsString("medcloud_client_errors_total{kind=\"js\""));
    }

    @Test
    void rejectsBadInputNamingTheField() {
        expect400(report("css"), "kind");
        Map<String, Object> m = report("js");
        m.put("message", "x".repeat(301));
        expect400(m, "message");
        m = report("js");
        m.remove("route");
        expect400(m, "route");
        m = report("js");
        m.put("route", "/viewer/:uid?patient=x");
        expect400(m, "route");
        m = report("http");
        m.put("status", 1000);
        expect400(m, "status");
        m = report("js");
        m.put("userAgent", "u".repeat(301));
        expect400(m, "userAgent");
        given().contentType("application/json").body("[1]").post(URL).then().statusCode(400)
                .body("field", equalTo("body"));
    }

    void expect400(Map<String, Object> body, String field) {
        given().contentType("application/json").body(body).post(URL).then().statusCode(400)
                .contentType(containsString("problem+json"))
                .body("field", equalTo(field)).body("status", equalTo(400));
    }
}
