package org.medcloud.search;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.cache.CacheManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcloud.search.nbia.NbiaGateway;

/** v2 with an OAuth token: fetched with the password grant, sent as Bearer, refreshed before expiry. */
@QuarkusTest
@TestProfile(OAuthTokenTest.V2.class)
class OAuthTokenTest {

    public static class V2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nbia.api-version", "v2", "nbia.oauth.username", "alice", "nbia.oauth.password", "secret",
                    "nbia.oauth.refresh-before", "5s");
        }
    }

    @Inject
    CacheManager caches;

    @Inject
    NbiaGateway gateway;

    @Test
    void tokenIsFetchedSentAndRefreshed() {
        TestSupport.clean(caches, gateway);
        NbiaStub stub = NbiaStub.current;
        stub.tokenLifetimeSeconds = 3; // shorter than refresh-before: every call refreshes
        given().when().get("/api/search/values/modality").then().statusCode(200);
        given().when().get("/api/search/values/collection").then().statusCode(200);
        List<NbiaStub.Request> tokens = stub.requests.stream().filter(r -> r.endpoint().equals("token")).toList();
        assertEquals(2, tokens.size());
        assertEquals("password", tokens.get(0).query().get("grant_type"));
        assertTrue(tokens.get(0).body().contains("username=alice"), "credentials in the POST body");
        assertEquals("refresh_token", tokens.get(1).query().get("grant_type"));
        NbiaStub.Request call = stub.requests.stream().filter(r -> r.endpoint().equals("getCollectionValues")).findFirst().orElseThrow();
        assertEquals("Bearer access-2", call.authorization()); // the refreshed token
        stub.tokenLifetimeSeconds = 7200;
    }
}
