package org.medcloud.securitytests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Tokens that must never be accepted, made from a real one: the same header ({@code kid}) and
 * claims (issuer, audience, roles, user), a fresh expiry, but not signed by the provider.
 */
final class ForgedTokens {

    private static final Base64.Decoder B64 = Base64.getUrlDecoder();
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {
    }

    static ObjectNode header(String jwt) {
        return (ObjectNode) readPart(jwt, 0);
    }

    static ObjectNode claims(String jwt) {
        return (ObjectNode) readPart(jwt, 1);
    }

    private static JsonNode readPart(String jwt, int i) {
        try {
            return Hostile.JSON.readTree(new String(B64.decode(jwt.split("\\.")[i]), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JWT: " + e.getMessage(), e);
        }
    }

    /** The real token's claims with admin added and a fresh expiry, for the forgeries below. */
    static ObjectNode adminClaims(String realJwt) {
        ObjectNode c = claims(realJwt).deepCopy();
        long now = System.currentTimeMillis() / 1000;
        c.put("iat", now);
        c.put("exp", now + 600);
        ObjectNode realm = c.withObject("/realm_access");
        ArrayNode roles = realm.has("roles") ? (ArrayNode) realm.get("roles") : realm.putArray("roles");
        if (!roles.toString().contains("\"admin\"")) {
            roles.add("admin");
        }
        return c;
    }

    /** Every forgery, by name: own RSA key with the provider's kid; alg none; HS256 keyed with the public key; the real signature over changed claims. */
    static Map<String, String> all(String realJwt, String providerPublicJwk) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("own-rsa-key", ownKey(realJwt));
        out.put("alg-none", algNone(realJwt));
        out.put("hs256-public-key", hmacWithPublicKey(realJwt, providerPublicJwk));
        out.put("real-signature-changed-claims", changedClaims(realJwt));
        return out;
    }

    /** Signed RS256 by a key of our own, with the provider's kid and the real claims. */
    static String ownKey(String realJwt) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(adminClaims(realJwt).toString());
            jws.setKey(key.getPrivateKey());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setKeyIdHeaderValue(header(realJwt).path("kid").asText());
            jws.setHeader("typ", "JWT");
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {"alg":"none"} and no signature. */
    static String algNone(String realJwt) {
        ObjectNode h = header(realJwt).deepCopy();
        h.put("alg", "none");
        return ENC.encodeToString(h.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + ENC.encodeToString(adminClaims(realJwt).toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** HS256 with the provider's public key (its JWK JSON) as the shared secret: the classic algorithm confusion. */
    static String hmacWithPublicKey(String realJwt, String providerPublicJwk) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(adminClaims(realJwt).toString());
            jws.setKey(new HmacKey(providerPublicJwk.getBytes(StandardCharsets.UTF_8)));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKeyIdHeaderValue(header(realJwt).path("kid").asText());
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The provider's real header and signature over claims with admin added. */
    static String changedClaims(String realJwt) {
        String[] parts = realJwt.split("\\.");
        ObjectNode c = claims(realJwt).deepCopy();
        ObjectNode realm = c.withObject("/realm_access");
        ArrayNode roles = realm.has("roles") ? (ArrayNode) realm.get("roles") : realm.putArray("roles");
        roles.add("admin");
        c.put("exp", System.currentTimeMillis() / 1000 + 600);
        return parts[0] + "." + ENC.encodeToString(c.toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
