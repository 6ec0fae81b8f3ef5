package org.medcloud.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication, secrets and transport (issue #9): the auth mode gates, where every auth setting
 * lands (ConfigMap, Secret, mounted files), the UI's config.json and security headers, ingress TLS,
 * and the services serving TLS themselves.
 */
class ChartSecurityTest {

    static final List<String> SERVICES = ChartBehaviourTest.SERVICES;
    static final String USERS_FILE = "/etc/medcloud/auth/users";
    private static final Pattern ADD_HEADER = Pattern.compile("(?m)^\\s*add_header\\s+(\\S+)\\s+\"([^\"]*)\"\\s+always;\\s*$");

    static List<String> valuesFiles() {
        return Chart.VALUES_FILES;
    }

    private static Deployment deployment(Chart.Rendered r, String name) {
        return (Deployment) StrictModel.bind(r.get("Deployment", "medcloud-" + name));
    }

    private static Container container(Chart.Rendered r, String name) {
        return deployment(r, name).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> config(Chart.Rendered r) {
        return ((ConfigMap) StrictModel.bind(r.get("ConfigMap", "medcloud-config"))).getData();
    }

    private static Map<String, String> uiConfigMap(Chart.Rendered r) {
        return ((ConfigMap) StrictModel.bind(r.get("ConfigMap", "medcloud-web-ui"))).getData();
    }

    private static JsonNode configJson(Chart.Rendered r) throws Exception {
        return Chart.JSON.readTree(uiConfigMap(r).get("config.json"));
    }

    /** add_header name -> value of the rendered security-headers.conf. */
    static Map<String, String> headers(String conf) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ADD_HEADER.matcher(conf);
        while (m.find()) {
            assertNull(out.put(m.group(1), m.group(2)), "header set twice: " + m.group(1));
        }
        return out;
    }

    /** CSP directive -> its sources, in order. */
    static Map<String, List<String>> csp(String policy) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String d : policy.split(";")) {
            List<String> parts = List.of(d.trim().split("\\s+"));
            if (!parts.get(0).isEmpty()) {
                out.put(parts.get(0), parts.subList(1, parts.size()));
            }
        }
        return out;
    }

    private static EnvVar envVar(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElse(null);
    }

    private static Map<String, Object> sets(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Exception refused(Map<String, Object> sets) {
        return assertThrows(Exception.class, () -> Chart.render("values.yaml", sets), "rendered although it should be refused: " + sets);
    }

    private static Chart.Rendered basic() {
        return Chart.render("values.yaml", sets("config.auth.mode", "basic", "config.auth.basic.usersSecret", "medcloud-users",
                "config.auth.basic.serviceUser", "svc-download"));
    }

    // ---- the mode gates ------------------------------------------------------------------------

    @Test
    void theDefaultModeIsOidcAndItRefusesToRenderWithoutAnIssuer() {
        Exception e = assertThrows(Exception.class, () -> Chart.renderBare(Map.of()));
        assertTrue(String.valueOf(e.getMessage()).contains("config.auth.mode=oidc needs config.auth.oidc.issuerUrl"), e.getMessage());
        Chart.Rendered withIssuer = Chart.renderBare(Map.of("config.auth.oidc.issuerUrl", "https://sso.example.org/realms/medcloud"));
        assertEquals("oidc", config(withIssuer).get("AUTH_MODE"));
        assertEquals("https://sso.example.org/realms/medcloud", config(withIssuer).get("OIDC_ISSUER_URL"));
        Exception notAUrl = refused(sets("config.auth.oidc.issuerUrl", "sso.example.org/realms/medcloud"));
        assertTrue(notAUrl.getMessage().contains("issuerUrl must be an http(s) URL"), notAUrl.getMessage());
    }

    @Test
    void noneIsRefusedUnlessAllowedExplicitly() throws Exception {
        Exception e = refused(sets("config.auth.mode", "none"));
        assertTrue(e.getMessage().contains("config.auth.allowNone=true"), e.getMessage());
        assertTrue(e.getMessage().contains("open cluster"), e.getMessage());
        Chart.Rendered none = Chart.render("values.yaml", sets("config.auth.mode", "none", "config.auth.allowNone", true));
        Map<String, String> data = config(none);
        assertEquals("none", data.get("AUTH_MODE"));
        assertTrue(data.keySet().stream().noneMatch(k -> k.startsWith("OIDC_") || k.startsWith("BASIC_")), data.keySet().toString());
        assertEquals("none", configJson(none).path("auth").path("mode").asText());
        assertEquals(Set.of("mode"), fieldNames(configJson(none).path("auth")));
        for (String svc : SERVICES) {
            assertNull(envVar(container(none, svc), "OIDC_CLIENT_SECRET"), svc);
        }
        Exception unknown = refused(sets("config.auth.mode", "ldap"));
        assertTrue(unknown.getMessage().contains("config.auth.mode must be oidc, basic or none"), unknown.getMessage());
    }

    @Test
    void basicIsRefusedWithoutItsUsersSecret() {
        Exception e = refused(sets("config.auth.mode", "basic"));
        assertTrue(e.getMessage().contains("config.auth.basic.usersSecret"), e.getMessage());
    }

    // ---- oidc ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "oidc settings, client secret and config.json with {0}")
    @MethodSource("valuesFiles")
    void oidcSettingsReachEveryServiceAndTheUi(String valuesFile) throws Exception {
        Chart.Rendered r = Chart.render(valuesFile);
        JsonNode values = Chart.mergedValues(valuesFile).path("config").path("auth");
        JsonNode oidc = values.path("oidc");
        Map<String, String> data = config(r);
        assertEquals("oidc", data.get("AUTH_MODE"));
        assertEquals(oidc.path("issuerUrl").asText(), data.get("OIDC_ISSUER_URL"));
        assertTrue(data.get("OIDC_ISSUER_URL").startsWith("https://"), data.get("OIDC_ISSUER_URL"));
        assertEquals(oidc.path("clientId").asText(), data.get("OIDC_CLIENT_ID"));
        assertEquals(oidc.path("rolesClaim").asText(), data.get("OIDC_ROLES_CLAIM"));
        assertEquals(oidc.path("principalClaim").asText(), data.get("OIDC_PRINCIPAL_CLAIM"));
        assertEquals(csv(values.path("roles").path("admin")), data.get("AUTH_ROLES_ADMIN"));
        assertEquals(csv(values.path("roles").path("viewer")), data.get("AUTH_ROLES_VIEWER"));
        assertFalse(data.containsKey("BASIC_USERS_FILE"));
        String secretName = Chart.mergedValues(valuesFile).path("secrets").path("existingSecret").asText();
        for (String svc : SERVICES) {
            EnvVar secret = envVar(container(r, svc), "OIDC_CLIENT_SECRET");
            assertNotNull(secret, svc + " lacks OIDC_CLIENT_SECRET");
            assertNull(secret.getValue(), "OIDC_CLIENT_SECRET must come from the Secret");
            assertEquals("OIDC_CLIENT_SECRET", secret.getValueFrom().getSecretKeyRef().getKey());
            assertEquals(secretName.isEmpty() ? "medcloud-secrets" : secretName, secret.getValueFrom().getSecretKeyRef().getName());
        }
        JsonNode auth = configJson(r).path("auth");
        assertEquals("oidc", auth.path("mode").asText());
        assertEquals(oidc.path("issuerUrl").asText().replaceAll("/+$", ""), auth.path("issuer").asText());
        assertEquals(oidc.path("web").path("clientId").asText(), auth.path("clientId").asText());
        assertEquals(oidc.path("web").path("scope").asText(), auth.path("scope").asText());
        assertTrue(auth.path("scope").asText().contains("openid"));
        assertEquals(Set.of("mode", "issuer", "clientId", "scope"), fieldNames(auth));
        assertFalse(auth.path("clientId").asText().equals(data.get("OIDC_CLIENT_ID")),
                "the UI must use its own public client, not the services' confidential one");
    }

    @Test
    void cloudValuesUseTheirProvidersClaims() {
        Map<String, String> aws = config(Chart.render("values-aws.yaml"));
        assertTrue(aws.get("OIDC_ISSUER_URL").matches("https://cognito-idp\\.[a-z0-9-]+\\.amazonaws\\.com/[a-z0-9-]+_\\w+"), aws.get("OIDC_ISSUER_URL"));
        assertTrue(List.of(aws.get("OIDC_ROLES_CLAIM").split(",")).contains("\"cognito:groups\""), aws.get("OIDC_ROLES_CLAIM"));
        Map<String, String> gcp = config(Chart.render("values-gcp.yaml"));
        assertTrue(gcp.get("OIDC_ISSUER_URL").matches("https://securetoken\\.google\\.com/[a-z0-9-]+"), gcp.get("OIDC_ISSUER_URL"));
        assertEquals(gcp.get("OIDC_ISSUER_URL").substring(gcp.get("OIDC_ISSUER_URL").lastIndexOf('/') + 1), gcp.get("OIDC_AUDIENCE"),
                "Identity Platform tokens carry the project as aud");
        Map<String, String> az = config(Chart.render("values-azure.yaml"));
        assertTrue(az.get("OIDC_ISSUER_URL").matches("https://login\\.microsoftonline\\.com/[0-9a-f-]{36}/v2\\.0"), az.get("OIDC_ISSUER_URL"));
        assertEquals("roles", az.get("OIDC_ROLES_CLAIM"));
    }

    // ---- basic ---------------------------------------------------------------------------------

    @Test
    void basicModeMountsTheUsersFileReadOnlyFromItsSecret() throws Exception {
        Chart.Rendered r = basic();
        Map<String, String> data = config(r);
        assertEquals("basic", data.get("AUTH_MODE"));
        assertEquals(USERS_FILE, data.get("BASIC_USERS_FILE"));
        assertEquals("svc-download", data.get("SERVICE_BASIC_USER"));
        assertTrue(data.keySet().stream().noneMatch(k -> k.startsWith("OIDC_")), data.keySet().toString());
        for (String svc : SERVICES) {
            PodSpec pod = deployment(r, svc).getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> USERS_FILE.startsWith(m.getMountPath() + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(svc + ": nothing mounted at " + USERS_FILE));
            assertEquals(Boolean.TRUE, mount.getReadOnly(), svc + ": users file must be mounted read-only");
            assertNull(mount.getSubPath());
            Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(mount.getName())).findFirst().orElseThrow();
            assertNotNull(v.getSecret(), svc + ": the users file must come from a Secret");
            assertEquals("medcloud-users", v.getSecret().getSecretName());
            assertEquals(1, v.getSecret().getItems().size());
            assertEquals("users", v.getSecret().getItems().get(0).getKey());
            assertEquals(USERS_FILE, mount.getMountPath() + "/" + v.getSecret().getItems().get(0).getPath());
            assertEquals(0, v.getSecret().getDefaultMode() & 0007, svc + ": users file readable by others");
            EnvVar pw = envVar(c, "SERVICE_BASIC_PASSWORD");
            assertNotNull(pw, svc);
            assertEquals("SERVICE_BASIC_PASSWORD", pw.getValueFrom().getSecretKeyRef().getKey());
            assertNull(envVar(c, "OIDC_CLIENT_SECRET"));
        }
        // the UI is not a service: it gets no users file
        assertTrue(deployment(r, "web-ui").getSpec().getTemplate().getSpec().getVolumes().stream().noneMatch(v -> v.getSecret() != null));
        JsonNode auth = configJson(r).path("auth");
        assertEquals("basic", auth.path("mode").asText());
        assertEquals(Set.of("mode"), fieldNames(auth));
        for (Chart.Manifest m : r.manifests()) {
            StrictModel.bind(m);
        }
    }

    // ---- secrets -------------------------------------------------------------------------------

    @Test
    void secretsNeverLandInAConfigMapOrTheUiConfig() throws Exception {
        Map<String, String> sentinels = new TreeMap<>(Map.of(
                "secrets.dbPassword", "s3ntinel-db-password",
                "secrets.s3AccessKey", "s3ntinel-access-key",
                "secrets.s3SecretKey", "s3ntinel-secret-key",
                "secrets.azureConnectionString", "s3ntinel-connection-string",
                "secrets.azureAccountKey", "s3ntinel-account-key",
                "secrets.oidcClientSecret", "s3ntinel-oidc-client-secret",
                "secrets.serviceBasicPassword", "s3ntinel-basic-password"));
        Set<String> secretKeys = Set.of("DB_PASSWORD", "S3_ACCESS_KEY", "S3_SECRET_KEY", "AZURE_CONNECTION_STRING",
                "AZURE_ACCOUNT_KEY", "OIDC_CLIENT_SECRET", "SERVICE_BASIC_PASSWORD");
        for (String mode : List.of("oidc", "basic")) {
            Map<String, Object> s = new LinkedHashMap<>(sentinels);
            s.put("secrets.create", true);
            s.put("config.auth.mode", mode);
            s.put("config.auth.basic.usersSecret", "medcloud-users");
            s.put("config.auth.basic.serviceUser", "svc");
            Chart.Rendered r = Chart.render("values.yaml", s);
            Secret secret = (Secret) StrictModel.bind(r.get("Secret", "medcloud-secrets"));
            assertEquals(secretKeys, secret.getStringData().keySet(), mode);
            assertEquals("s3ntinel-oidc-client-secret", secret.getStringData().get("OIDC_CLIENT_SECRET"));
            assertEquals("s3ntinel-basic-password", secret.getStringData().get("SERVICE_BASIC_PASSWORD"));
            List<String> leaks = new ArrayList<>();
            for (Chart.Manifest m : r.ofKind("ConfigMap")) {
                ConfigMap cm = (ConfigMap) StrictModel.bind(m);
                cm.getData().forEach((k, v) -> {
                    if (secretKeys.contains(k)) {
                        leaks.add(m + ": key " + k);
                    }
                    sentinels.values().stream().filter(v::contains).forEach(x -> leaks.add(m + ": value of " + k + " holds " + x));
                });
            }
            // nor in a plain env value of any container
            for (Chart.Manifest m : r.ofKind("Deployment")) {
                for (Container c : ((Deployment) StrictModel.bind(m)).getSpec().getTemplate().getSpec().getContainers()) {
                    for (EnvVar e : c.getEnv()) {
                        if (e.getValue() != null) {
                            sentinels.values().stream().filter(e.getValue()::contains).forEach(x -> leaks.add(m + ": env " + e.getName() + " holds " + x));
                        }
                        if (secretKeys.contains(e.getName()) && e.getValueFrom() == null) {
                            leaks.add(m + ": " + e.getName() + " set as a plain value");
                        }
                    }
                }
            }
            assertEquals(List.of(), leaks, mode);
            JsonNode json = configJson(r);
            List<String> suspicious = new ArrayList<>();
            walkKeys(json, "", (path, key) -> {
                String k = key.toLowerCase();
                if (k.contains("secret") || k.contains("password") || k.contains("token") || k.contains("key")) {
                    suspicious.add(path);
                }
            });
            assertEquals(List.of(), suspicious, "config.json is public: " + json);
        }
    }

    // ---- the UI: config.json and headers -------------------------------------------------------

    @ParameterizedTest(name = "config.json is mounted over the built one with {0}")
    @MethodSource("valuesFiles")
    void configJsonIsMountedOverTheBuiltFile(String valuesFile) throws Exception {
        Chart.Rendered r = Chart.render(valuesFile);
        JsonNode json = configJson(r);
        JsonNode built = Chart.JSON.readTree(Chart.repoRoot().resolve("web-ui/public/config.json").toFile());
        Set<String> expected = new TreeSet<>(fieldNames(built));
        expected.add("auth");
        assertEquals(expected, fieldNames(json), "config.json keys (web-ui/src/app/core/config.service.ts AppConfig)");
        built.fields().forEachRemaining(e -> assertEquals(e.getValue(), json.get(e.getKey()), e.getKey()));
        // the API paths it names are the ingress paths
        Ingress ing = (Ingress) StrictModel.bind(r.get("Ingress", "medcloud"));
        Set<String> paths = ing.getSpec().getRules().get(0).getHttp().getPaths().stream().map(p -> p.getPath()).collect(Collectors.toSet());
        built.fields().forEachRemaining(e -> assertTrue(paths.contains(e.getValue().asText()), e.getValue().asText()));

        PodSpec pod = deployment(r, "web-ui").getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        VolumeMount cfg = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/usr/share/nginx/html/config.json")).findFirst()
                .orElseThrow(() -> new AssertionError("config.json not mounted over the built one"));
        assertEquals("config.json", cfg.getSubPath());
        assertEquals(Boolean.TRUE, cfg.getReadOnly());
        VolumeMount hdr = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/etc/nginx/medcloud")).findFirst()
                .orElseThrow(() -> new AssertionError("security headers not mounted where web-ui.nginx.conf includes them"));
        assertEquals(Boolean.TRUE, hdr.getReadOnly());
        for (VolumeMount m : List.of(cfg, hdr)) {
            Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst().orElseThrow();
            assertEquals("medcloud-web-ui", v.getConfigMap().getName());
        }
        assertNotNull(deployment(r, "web-ui").getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config"),
                "a changed config.json (subPath mount) must roll the UI pods");
    }

    @ParameterizedTest(name = "CSP, HSTS and the other headers with {0}")
    @MethodSource("valuesFiles")
    void uiSendsTheSecurityHeaders(String valuesFile) {
        Chart.Rendered r = Chart.render(valuesFile);
        Map<String, String> h = headers(uiConfigMap(r).get("security-headers.conf"));
        assertEquals("nosniff", h.get("X-Content-Type-Options"));
        assertEquals("DENY", h.get("X-Frame-Options"));
        assertEquals("strict-origin-when-cross-origin", h.get("Referrer-Policy"));
        assertTrue(h.get("Permissions-Policy").contains("camera=()"), h.get("Permissions-Policy"));
        Map<String, List<String>> policy = csp(h.get("Content-Security-Policy"));
        assertEquals(List.of("'self'"), policy.get("default-src"));
        // the hash admits only Angular's stylesheet loader (<link media="print" onload="this.media='all'">)
        assertEquals(List.of("'self'", "'wasm-unsafe-eval'", "'unsafe-hashes'",
                "'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc='"), policy.get("script-src"));
        assertEquals(List.of("'self'", "blob:"), policy.get("worker-src"));
        assertEquals(List.of("'self'", "data:", "blob:"), policy.get("img-src"));
        assertEquals(List.of("'self'", "'unsafe-inline'"), policy.get("style-src"));
        assertEquals(List.of("'none'"), policy.get("frame-ancestors"));
        String issuer = config(r).get("OIDC_ISSUER_URL");
        String origin = issuer.replaceAll("^(https?://[^/]+).*$", "$1");
        List<String> connect = policy.get("connect-src");
        assertEquals("'self'", connect.get(0));
        assertTrue(connect.contains(origin), "connect-src lacks the issuer origin " + origin + ": " + connect);
        assertTrue(connect.stream().noneMatch(s -> s.equals("*") || s.endsWith("/*") || s.equals("https:")), connect.toString());
        List<String> extra = new ArrayList<>();
        Chart.mergedValues(valuesFile).path("webUi").path("cspConnectSrc").forEach(n -> extra.add(n.asText()));
        assertTrue(connect.containsAll(extra), connect + " lacks " + extra);
        assertEquals(1 + 1 + extra.size(), connect.size(), "connect-src: self, the issuer, webUi.cspConnectSrc only: " + connect);
        String hsts = h.get("Strict-Transport-Security");
        assertNotNull(hsts, "HSTS missing although the ingress terminates TLS");
        assertTrue(hsts.matches("max-age=\\d+(; includeSubDomains)?(; preload)?"), hsts);
        assertTrue(Long.parseLong(hsts.replaceAll("^max-age=(\\d+).*$", "$1")) >= 15552000, "HSTS max-age below 180 days: " + hsts);
    }

    @Test
    void hstsOnlyWithTlsAndTheChartHeadersMatchTheImageDefault() throws Exception {
        Chart.Rendered plain = Chart.render("values.yaml", sets("ingress.tls.enabled", false,
                "config.auth.mode", "basic", "config.auth.basic.usersSecret", "medcloud-users"));
        String rendered = uiConfigMap(plain).get("security-headers.conf");
        assertNull(headers(rendered).get("Strict-Transport-Security"), "HSTS over plain HTTP");
        Ingress ing = (Ingress) StrictModel.bind(plain.get("Ingress", "medcloud"));
        assertNull(ing.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/force-ssl-redirect"));
        // without an issuer and without TLS the chart's file says what the image's default says
        String image = Files.readString(Chart.repoRoot().resolve("k8s/docker/web-ui.security-headers.conf"));
        assertEquals(headers(image), headers(rendered), "k8s/docker/web-ui.security-headers.conf and the chart's web-ui-config.yaml drifted apart");
        assertEquals(List.of("'self'"), csp(headers(image).get("Content-Security-Policy")).get("connect-src"));

        Exception wildcard = refused(sets("webUi.cspConnectSrc[0]", "*"));
        assertTrue(wildcard.getMessage().contains("webUi.cspConnectSrc"), wildcard.getMessage());
    }

    @ParameterizedTest(name = "ingress TLS and HTTPS redirect with {0}")
    @MethodSource("valuesFiles")
    void ingressForcesHttps(String valuesFile) {
        Chart.Rendered r = Chart.render(valuesFile);
        Ingress ing = (Ingress) StrictModel.bind(r.get("Ingress", "medcloud"));
        assertEquals("true", ing.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/force-ssl-redirect"));
        assertEquals(Chart.mergedValues(valuesFile).path("ingress").path("tls").path("secretName").asText(),
                ing.getSpec().getTls().get(0).getSecretName());
        assertFalse(ing.getSpec().getTls().get(0).getSecretName().isBlank());
        Exception noSecret = refused(sets("ingress.tls.secretName", ""));
        assertTrue(noSecret.getMessage().contains("ingress.tls.secretName"), noSecret.getMessage());
    }

    // ---- CORS, rate limits ---------------------------------------------------------------------

    @Test
    void corsOriginsAndRateLimits() {
        Map<String, String> defaults = config(Chart.render("values.yaml"));
        assertEquals("", defaults.get("CORS_ORIGINS"));
        assertEquals("30", defaults.get("RATE_LIMIT_DOWNLOADS_PER_MINUTE"));
        assertEquals("20", defaults.get("RATE_LIMIT_INFERENCE_PER_MINUTE"));
        Map<String, String> set = config(Chart.render("values.yaml", sets(
                "config.corsOrigins[0]", "https://viewer.example.org", "config.corsOrigins[1]", "http://localhost:4200",
                "config.rateLimits.downloadsPerMinute", 5, "config.rateLimits.inferencePerMinute", 7)));
        assertEquals("https://viewer.example.org,http://localhost:4200", set.get("CORS_ORIGINS"));
        assertEquals("5", set.get("RATE_LIMIT_DOWNLOADS_PER_MINUTE"));
        assertEquals("7", set.get("RATE_LIMIT_INFERENCE_PER_MINUTE"));
        for (String bad : List.of("*", "https://viewer.example.org/", "viewer.example.org")) {
            Exception e = refused(sets("config.corsOrigins[0]", bad));
            assertTrue(e.getMessage().contains("config.corsOrigins"), e.getMessage());
        }
        assertThrows(Exception.class, () -> Chart.render("values.yaml", sets("config.rateLimits.downloadsPerMinute", 0)));
    }

    // ---- services serving TLS themselves -------------------------------------------------------

    static Map<String, Object> serviceTls(String insecure) {
        return sets("serviceTls.enabled", true, "serviceTls.secretName", "medcloud-services-tls",
                "serviceTls.insecureRequests", insecure, "serviceTls.trustBundle.configMap", "medcloud-trust",
                "metrics.serviceMonitor.requireCrd", false);
    }

    @Test
    void servicesServeTlsFromTheMountedCertificate() {
        Chart.Rendered r = Chart.render("values.yaml", serviceTls("disabled"));
        for (String svc : SERVICES) {
            PodSpec pod = deployment(r, svc).getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            VolumeMount tls = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/etc/medcloud/tls")).findFirst()
                    .orElseThrow(() -> new AssertionError(svc + ": certificate not mounted"));
            assertEquals(Boolean.TRUE, tls.getReadOnly());
            Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(tls.getName())).findFirst().orElseThrow();
            assertEquals("medcloud-services-tls", v.getSecret().getSecretName());
            Set<String> files = v.getSecret().getItems().stream().map(i -> "/etc/medcloud/tls/" + i.getPath()).collect(Collectors.toSet());
            assertTrue(files.contains(envVar(c, "TLS_CERT_FILE").getValue()), files + " " + envVar(c, "TLS_CERT_FILE"));
            assertTrue(files.contains(envVar(c, "TLS_KEY_FILE").getValue()), files + " " + envVar(c, "TLS_KEY_FILE"));
            assertEquals("disabled", envVar(c, "HTTP_INSECURE_REQUESTS").getValue());
            assertEquals("8443", envVar(c, "QUARKUS_HTTP_SSL_PORT").getValue());
            assertEquals(List.of("https"), c.getPorts().stream().map(p -> p.getName()).toList(), svc + ": plain HTTP is disabled");
            assertEquals("HTTPS", c.getReadinessProbe().getHttpGet().getScheme());
            assertEquals("HTTPS", c.getLivenessProbe().getHttpGet().getScheme());
            assertTrue(envVar(c, "JAVA_OPTS_APPEND").getValue().contains("-Djavax.net.ssl.trustStore=/etc/medcloud/trust/"));
            Service s = (Service) StrictModel.bind(r.get("Service", "medcloud-" + svc));
            assertEquals(List.of("https"), s.getSpec().getPorts().stream().map(ServicePort::getName).toList());
        }
        assertEquals("https://medcloud-viewer-service:8443", envVar(container(r, "download-service"), "VIEWER_URL").getValue());
        assertEquals("https://medcloud-viewer-service:8443", envVar(container(r, "inference-gateway"), "VIEWER_URL").getValue());
        Container monai = container(r, "monai-label");
        assertTrue(String.join(" ", monai.getArgs()).contains("--studies https://medcloud-viewer-service:8443/dicomweb"));
        assertEquals("/etc/medcloud/trust/trust-bundle.pem", envVar(monai, "REQUESTS_CA_BUNDLE").getValue());
        NetworkPolicy np = (NetworkPolicy) StrictModel.bind(r.get("NetworkPolicy", "medcloud-monai-label"));
        assertTrue(np.getSpec().getEgress().get(0).getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 8443));

        // the ingress talks HTTPS to the API, plain HTTP to the UI
        Ingress api = (Ingress) StrictModel.bind(r.get("Ingress", "medcloud-api"));
        assertEquals("HTTPS", api.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/backend-protocol"));
        assertEquals("true", api.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/force-ssl-redirect"));
        assertTrue(api.getSpec().getRules().get(0).getHttp().getPaths().stream().allMatch(p -> p.getBackend().getService().getPort().getName().equals("https")));
        Ingress ui = (Ingress) StrictModel.bind(r.get("Ingress", "medcloud"));
        assertNull(ui.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/backend-protocol"));
        assertEquals(List.of("/"), ui.getSpec().getRules().get(0).getHttp().getPaths().stream().map(p -> p.getPath()).toList());

        ServiceMonitor https = (ServiceMonitor) StrictModel.bind(r.get("ServiceMonitor", "medcloud-https"));
        assertEquals("https", https.getSpec().getEndpoints().get(0).getScheme());
        assertEquals("https", https.getSpec().getSelector().getMatchLabels().get("medcloud.io/metrics-scheme"));
        for (Chart.Manifest m : r.manifests()) {
            StrictModel.bind(m);
        }
    }

    @Test
    void redirectKeepsTheHttpListenerOutOfTheService() {
        Chart.Rendered r = Chart.render("values.yaml", serviceTls("redirect"));
        Container c = container(r, "viewer-service");
        assertEquals("redirect", envVar(c, "HTTP_INSECURE_REQUESTS").getValue());
        assertEquals(List.of("http", "https"), c.getPorts().stream().map(p -> p.getName()).toList());
        Service s = (Service) StrictModel.bind(r.get("Service", "medcloud-viewer-service"));
        assertEquals(List.of("https"), s.getSpec().getPorts().stream().map(ServicePort::getName).toList());
    }

    @Test
    void serviceTlsSettingsAreChecked() {
        Exception noSecret = refused(sets("serviceTls.enabled", true));
        assertTrue(noSecret.getMessage().contains("serviceTls.secretName"), noSecret.getMessage());
        Exception badMode = refused(sets("serviceTls.enabled", true, "serviceTls.secretName", "x", "serviceTls.insecureRequests", "maybe"));
        assertTrue(badMode.getMessage().contains("serviceTls.insecureRequests"), badMode.getMessage());
        // off by default: no certificate, plain HTTP inside the cluster
        Chart.Rendered r = Chart.render("values.yaml");
        Container c = container(r, "viewer-service");
        assertNull(envVar(c, "TLS_CERT_FILE"));
        assertNull(envVar(c, "HTTP_INSECURE_REQUESTS"));
        assertEquals("http://medcloud-viewer-service:8083", envVar(container(r, "download-service"), "VIEWER_URL").getValue());
    }

    // ---- install notes -------------------------------------------------------------------------

    @Test
    void installNotesSayWhatIsMissingOrOpen() {
        String oidc = Chart.installNotes("values.yaml", Map.of()).replaceAll("\\s+", " ");
        assertTrue(oidc.contains("Auth: oidc (issuer https://sso.example.com/realms/medcloud"), oidc);
        assertTrue(oidc.contains("key OIDC_CLIENT_SECRET in Secret medcloud-secrets"), oidc);
        assertFalse(oidc.contains("WARNING"), oidc);
        String none = Chart.installNotes("values.yaml", sets("config.auth.mode", "none", "config.auth.allowNone", true));
        assertTrue(none.contains("WARNING: config.auth.mode=none"), none);
        String basicNoServiceUser = Chart.installNotes("values.yaml", sets("config.auth.mode", "basic",
                "config.auth.basic.usersSecret", "medcloud-users", "ingress.tls.enabled", false)).replaceAll("\\s+", " ");
        assertTrue(basicNoServiceUser.contains("config.auth.basic.serviceUser is empty"), basicNoServiceUser);
        assertTrue(basicNoServiceUser.contains("in clear"), basicNoServiceUser);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String csv(JsonNode list) {
        if (list.isTextual()) {
            return list.asText();
        }
        List<String> out = new ArrayList<>();
        list.forEach(x -> out.add(x.asText()));
        return String.join(",", out);
    }

    private static void walkKeys(JsonNode n, String path, java.util.function.BiConsumer<String, String> visit) {
        if (n instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                visit.accept(path + "." + e.getKey(), e.getKey());
                walkKeys(e.getValue(), path + "." + e.getKey(), visit);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walkKeys(n.get(i), path + "[" + i + "]", visit);
            }
        }
    }
}
