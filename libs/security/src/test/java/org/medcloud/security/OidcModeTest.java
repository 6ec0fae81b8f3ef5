package org.medcloud.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/**
 * AUTH_MODE=oidc with quarkus-oidc verifying RS256 tokens against a fixed key (the Keycloak
 * end-to-end run in security-tests covers discovery and JWKS): signature, expiry, issuer, the
 * role-claim path and the role mapping, and propagation of the caller's token.
 */
@QuarkusTest
@TestProfile(OidcModeTest.Profile.class)
class OidcModeTest {

    static final String ISSUER = "https://login.example/realms/medcloud";
    static final KeyPair KEYS = rsa();
    static final KeyPair OTHER_KEYS = rsa();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("medcloud.auth.mode", "oidc",
                    "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()),
                    "quarkus.oidc.token.issuer", ISSUER,
                    "quarkus.oidc.roles.role-claim-path", "groups",
                    "medcloud.auth.roles.viewer", "/clinicians",
                    "medcloud.auth.roles.admin", "/platform-admins");
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(KeyPair keys, String user, List<String> groups, long expiresInSeconds, String issuer) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setSubject("sub-" + user);
            claims.setClaim("preferred_username", user);
            claims.setStringListClaim("groups", groups);
            long now = System.currentTimeMillis() / 1000;
            claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now - 600));
            claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + expiresInSeconds));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(keys.getPrivate());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void noTokenIs401WithABearerChallenge() {
        given().get("/api/probe").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json");
    }

    @Test
    void expiredWronglySignedOrForeignIssuerTokensAre401() {
        given().auth().oauth2(token(KEYS, "vera", List.of("/clinicians"), -300, ISSUER)).get("/api/probe")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token(OTHER_KEYS, "vera", List.of("/clinicians"), 300, ISSUER)).get("/api/probe")
                .then().statusCode(401);
        given().auth().oauth2(token(KEYS, "vera", List.of("/clinicians"), 300, "https://evil.example")).get("/api/probe")
                .then().statusCode(401);
        given().auth().oauth2("garbage.not.jwt").get("/api/probe").then().statusCode(401);
    }

    @Test
    void groupsAreMappedToRoles() {
        given().auth().oauth2(token(KEYS, "vera", List.of("/clinicians", "/other"), 300, ISSUER)).get("/api/probe")
                .then().statusCode(200).body("user", equalTo("vera")).body("roles", containsInAnyOrder("viewer"));
        given().auth().oauth2(token(KEYS, "adam", List.of("/platform-admins"), 300, ISSUER)).get("/api/probe")
                .then().statusCode(200).body("roles", containsInAnyOrder("viewer", "admin"));
    }

    @Test
    void rolesDecideAdminOperations() {
        given().auth().oauth2(token(KEYS, "vera", List.of("/clinicians"), 300, ISSUER)).post("/api/probe/admin")
                .then().statusCode(403);
        given().auth().oauth2(token(KEYS, "adam", List.of("/platform-admins"), 300, ISSUER)).post("/api/probe/admin")
                .then().statusCode(200).body("user", equalTo("adam"));
        given().auth().oauth2(token(KEYS, "eve", List.of("/admin"), 300, ISSUER)).get("/api/probe")
                .then().statusCode(403);
    }

    @Test
    void theCallersTokenIsWhatAnOutgoingCallCarries() {
        String t = token(KEYS, "vera", List.of("/clinicians"), 300, ISSUER);
        given().auth().oauth2(t).get("/api/probe/outgoing").then().statusCode(200)
                .body("authorization", equalTo("Bearer " + t));
    }
}
