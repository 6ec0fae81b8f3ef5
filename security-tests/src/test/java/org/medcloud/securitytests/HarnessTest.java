package org.medcloud.securitytests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;

/** The sweep's own parts, without servers: reading OpenAPI, building targets and bodies, forging tokens, raw HTTP. */
class HarnessTest {

    static final String OPENAPI = """
            {"openapi":"3.1.0",
             "components":{"parameters":{"Job":{"name":"jobId","in":"path","required":true,"schema":{"type":"string"}}},
                           "schemas":{"Req":{"type":"object","properties":{"seriesInstanceUids":{"type":"array","items":{"type":"string"}},
                                                                            "priority":{"type":"integer"}}}},
                           "requestBodies":{"R":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Req"}},
                                                            "text/plain":{"schema":{"type":"string"}}}}}},
             "paths":{
               "/api/downloads":{"post":{"requestBody":{"$ref":"#/components/requestBodies/R"},
                                         "security":[{"SecurityScheme":["admin"]}]},
                                 "get":{"parameters":[{"name":"page","in":"query","schema":{"type":"integer"}},
                                                      {"name":"size","in":"query","schema":{"type":"integer"}}]}},
               "/api/downloads/{jobId}/cancel":{"parameters":[{"$ref":"#/components/parameters/Job"}],"post":{}},
               "/dicomweb/studies/{study}/series/{series: [0-9.]+}/rendered":{"get":{"parameters":[
                   {"name":"study","in":"path"},{"name":"window","in":"query","schema":{"type":"number"}}]}}
             }}
            """;

    private static List<ApiOperation> ops() throws Exception {
        return ApiOperation.parse("download-service", Hostile.JSON.readTree(OPENAPI));
    }

    @Test
    void readsEveryOperationWithItsParametersAndBodies() throws Exception {
        List<ApiOperation> ops = ops();
        assertEquals(List.of("POST /api/downloads", "GET /api/downloads", "POST /api/downloads/{jobId}/cancel",
                "GET /dicomweb/studies/{study}/series/{series: [0-9.]+}/rendered"), ops.stream().map(ApiOperation::key).toList());
        ApiOperation post = ops.get(0);
        assertEquals(List.of("application/json", "text/plain"), post.requestTypes());
        assertTrue(post.acceptsJson());
        assertEquals("object", ApiOperation.resolve(Hostile.JSON.readTree(OPENAPI), post.jsonBodySchema()).path("type").asText());
        assertEquals(List.of("admin"), post.roles());
        assertEquals(List.of("page", "size"), ops.get(1).queryParams().stream().map(ApiOperation.QueryParam::name).toList());
        assertEquals(List.of("jobId"), ops.get(2).pathParams(), "path-level $ref parameters count");
        assertEquals(List.of("study", "series"), ops.get(3).pathParams(), "template parameters that are not declared count too");
    }

    @Test
    void roleTableFollowsDocsSecurityMd() throws Exception {
        List<ApiOperation> ops = ops();
        assertEquals(RoleTable.Access.ADMIN, RoleTable.expected(ops.get(0)));
        assertEquals(RoleTable.Access.VIEWER, RoleTable.expected(ops.get(1)));
        assertEquals(RoleTable.Access.ADMIN, RoleTable.expected(ops.get(2)));
        assertEquals(RoleTable.Access.VIEWER, RoleTable.expected(ops.get(3)));
        assertEquals("/dicomweb/studies/{}/series/{}/rendered", RoleTable.blank("/dicomweb/studies/{study}/series/{series: [0-9.]+}/rendered/"));
        ApiOperation me = new ApiOperation("viewer-service", "GET", "/api/viewer/me", List.of(), List.of(), List.of(), null, false, List.of());
        assertEquals(RoleTable.Access.OPEN, RoleTable.expected(me));
    }

    @Test
    void targetsFillPathParametersAndReplaceOneAtATime() throws Exception {
        ValidInputs in = new ValidInputs(ValidInputs.Known.placeholders());
        ApiOperation rendered = ops().get(3);
        ValidInputs.Known k = in.known();
        assertEquals("/dicomweb/studies/" + k.study() + "/series/" + k.series() + "/rendered", in.target(rendered));
        assertEquals("/dicomweb/studies/" + k.study() + "/series/..%2f/rendered?window=1",
                in.target(rendered, "series", "..%2f", "window=1"));
        assertEquals("/api/downloads/" + k.downloadJob() + "/cancel", in.target(ops().get(2)));
        assertEquals("..%2F..%2Fetc%2Fpasswd", Hostile.encodePathSegment("../../etc/passwd"));
        assertEquals("a%20b%00", Hostile.encodePathSegment("a b\u0000"));
        ApiOperation qido = new ApiOperation("viewer-service", "GET", "/dicomweb/studies/{study}/series", List.of("study"),
                List.of(new ApiOperation.QueryParam("limit", "integer")), List.of(), null, false, List.of());
        List<String> keys = ValidInputs.queryParams(qido).stream().map(ApiOperation.QueryParam::name).toList();
        assertEquals("limit", keys.get(0));
        assertTrue(keys.contains("PatientID") && keys.contains("StudyDate"), "QIDO attributes are attacked too: " + keys);
        assertEquals(1, keys.stream().filter("limit"::equals).count());
        assertEquals(List.of("page", "size"), ValidInputs.queryParams(ops().get(1)).stream().map(ApiOperation.QueryParam::name).toList());
    }

    @Test
    void bodiesComeFromExamplesOrSchemasAndEveryNodeIsReplaced() throws Exception {
        JsonNode doc = Hostile.JSON.readTree(OPENAPI);
        ValidInputs in = new ValidInputs(ValidInputs.Known.placeholders());
        JsonNode body = in.jsonBody(ops().get(0), doc);
        assertEquals(in.known().series(), body.path("seriesInstanceUids").path(0).asText());
        ApiOperation other = new ApiOperation("x", "POST", "/other", List.of(), List.of(), List.of("application/json"),
                ops().get(0).jsonBodySchema(), true, List.of());
        JsonNode generated = in.jsonBody(other, doc);
        assertEquals(1, generated.path("priority").asInt());
        assertTrue(generated.path("seriesInstanceUids").isArray());

        JsonNode annotation = Hostile.JSON.readTree("{\"items\":[{\"points\":[[1,2]],\"a/b\":1}]}");
        List<String> pointers = Hostile.pointers(annotation);
        assertEquals(List.of("/items", "/items/0", "/items/0/points", "/items/0/points/0", "/items/0/points/0/0",
                "/items/0/points/0/1", "/items/0/a~1b"), pointers);
        JsonNode replaced = Hostile.replaced(annotation, "/items/0/points/0/1", Hostile.JSON.getNodeFactory().textNode("x"));
        assertEquals("x", replaced.at("/items/0/points/0/1").asText());
        assertEquals(2, annotation.at("/items/0/points/0/1").asInt(), "the original is left alone");
        assertTrue(Hostile.replaced(annotation, "/items/0/a~1b", null).at("/items/0").has("points"));
        assertFalse(Hostile.replaced(annotation, "/items/0/a~1b", null).at("/items/0").has("a/b"));
        assertTrue(Hostile.VALUES.stream().anyMatch(v -> v.text().length() >= 100_000));
    }

    @Test
    void forgedTokensKeepTheClaimsButNotTheSignature() throws Exception {
        RsaJsonWebKey provider = RsaJwkGenerator.generateJwk(2048);
        provider.setKeyId("provider-kid");
        JsonWebSignature real = new JsonWebSignature();
        real.setPayload("{\"iss\":\"http://127.0.0.1:1/realms/medcloud\",\"preferred_username\":\"vera\",\"exp\":1,\"realm_access\":{\"roles\":[\"viewer\"]}}");
        real.setKey(provider.getPrivateKey());
        real.setKeyIdHeaderValue("provider-kid");
        real.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        String jwt = real.getCompactSerialization();

        Map<String, String> forged = ForgedTokens.all(jwt, provider.toJson());
        assertEquals(List.of("own-rsa-key", "alg-none", "hs256-public-key", "real-signature-changed-claims"), List.copyOf(forged.keySet()));
        for (Map.Entry<String, String> f : forged.entrySet()) {
            ObjectNode claims = ForgedTokens.claims(f.getValue());
            assertEquals("vera", claims.path("preferred_username").asText(), f.getKey());
            assertTrue(claims.path("realm_access").path("roles").toString().contains("admin"), f.getKey());
            assertTrue(claims.path("exp").asLong() > System.currentTimeMillis() / 1000, f.getKey() + " is not expired");
            assertEquals("provider-kid", ForgedTokens.header(f.getValue()).path("kid").asText(), f.getKey());
            JsonWebSignature check = new JsonWebSignature();
            check.setCompactSerialization(f.getValue());
            check.setKey(provider.getPublicKey());
            if (!f.getKey().equals("alg-none") && !f.getKey().equals("hs256-public-key")) {
                assertFalse(check.verifySignature(), f.getKey() + " must not verify with the provider's key");
            }
        }
        assertEquals("none", ForgedTokens.header(forged.get("alg-none")).path("alg").asText());
        assertTrue(forged.get("alg-none").endsWith("."));
        assertEquals("HS256", ForgedTokens.header(forged.get("hs256-public-key")).path("alg").asText());
        assertEquals(jwt.split("\\.")[2], forged.get("real-signature-changed-claims").split("\\.")[2]);
        assertNotEquals(jwt.split("\\.")[1], forged.get("real-signature-changed-claims").split("\\.")[1]);
        assertThrows(IllegalArgumentException.class, () -> ForgedTokens.claims("x"));
        assertTrue(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8).contains("vera"));
    }

    @Test
    void rawHttpSendsTheTargetVerbatimAndReadsOnlyTheStart() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> seen = new AtomicReference<>();
        server.createContext("/", ex -> {
            seen.set(ex.getRequestURI().getRawPath() + " " + ex.getRequestHeaders().getFirst("X-A") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/problem+json");
            ex.sendResponseHeaders(418, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        try {
            RawHttp http = new RawHttp("http://127.0.0.1:" + server.getAddress().getPort(), 5000);
            RawHttp.Response r = http.send("PUT", "/a/%2e%2e%2f/b", Map.of("X-A", "1"), "body".getBytes(StandardCharsets.UTF_8));
            assertEquals(418, r.status());
            assertEquals("application/problem+json", r.header("Content-Type"));
            assertEquals(RawHttp.BODY_PREFIX, r.bodyStart().length());
            assertEquals("/a/%2e%2e%2f/b 1 body", seen.get());
            // a malformed escape goes out as it is: the JDK's server refuses it (an HTTP client would not send it)
            assertEquals(400, http.send("GET", "/b%zz", Map.of(), null).status());
        } finally {
            server.stop(0);
        }
    }
}
