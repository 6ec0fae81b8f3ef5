package org.medcloud.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the chart promises: paths, env wiring, GPU scheduling, network isolation, gates, cloud settings. */
class ChartBehaviourTest {

    static final List<String> SERVICES = List.of("search-service", "download-service", "viewer-service", "inference-gateway");
    static final Set<String> COMMON_ENV = Set.of("PORT", "DB_JDBC_URL", "DB_USERNAME", "STORAGE_TYPE", "STORAGE_BUCKET",
            "S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_PATH_STYLE", "AZURE_CONNECTION_STRING",
            "NBIA_BASE_URL", "LOG_JSON", "QUARKUS_OTEL_SDK_DISABLED", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT",
            // auth (docs/security.md); every values file runs AUTH_MODE=oidc
            "AUTH_MODE", "AUTH_ROLES_VIEWER", "AUTH_ROLES_ADMIN", "OIDC_ISSUER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET",
            "OIDC_ROLES_CLAIM", "OIDC_PRINCIPAL_CLAIM", "CORS_ORIGINS", "RATE_LIMIT_DOWNLOADS_PER_MINUTE",
            "RATE_LIMIT_INFERENCE_PER_MINUTE");

    static List<String> valuesFiles() {
        return Chart.VALUES_FILES;
    }

    private static Deployment deployment(Chart.Rendered r, String name) {
        return (Deployment) StrictModel.bind(r.get("Deployment", "medcloud-" + name));
    }

    private static Set<String> envNames(Chart.Rendered r, Container c) {
        Set<String> names = new TreeSet<>();
        c.getEnv().forEach(e -> names.add(e.getName()));
        if (c.getEnvFrom() != null) {
            c.getEnvFrom().forEach(ef -> {
                ConfigMap cm = (ConfigMap) StrictModel.bind(r.get("ConfigMap", ef.getConfigMapRef().getName()));
                names.addAll(cm.getData().keySet());
            });
        }
        return names;
    }

    private static Map<String, String> configMap(Chart.Rendered r) {
        return ((ConfigMap) StrictModel.bind(r.get("ConfigMap", "medcloud-config"))).getData();
    }

    @ParameterizedTest(name = "every service gets every setting with {0}")
    @MethodSource("valuesFiles")
    void everyEnvironmentVariableIsWired(String valuesFile) {
        Chart.Rendered r = Chart.render(valuesFile);
        for (String svc : SERVICES) {
            Container c = deployment(r, svc).getSpec().getTemplate().getSpec().getContainers().get(0);
            Set<String> names = envNames(r, c);
            Set<String> expected = new HashSet<>(COMMON_ENV);
            if (!svc.equals("search-service")) {
                expected.addAll(Set.of("DB_SCHEMA", "DB_PASSWORD"));
            }
            if (svc.equals("inference-gateway")) {
                expected.addAll(Set.of("VIEWER_URL", "MONAI_LABEL_URL"));
            }
            if (svc.equals("download-service")) {
                expected.add("VIEWER_URL"); // finished series are registered with the viewer
            }
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(names);
            assertEquals(Set.of(), missing, svc + " lacks settings with " + valuesFile);
            List<String> secretVars = c.getEnv().stream().filter(e -> e.getValueFrom() != null).map(EnvVar::getName).toList();
            assertTrue(secretVars.containsAll(List.of("S3_ACCESS_KEY", "S3_SECRET_KEY", "AZURE_CONNECTION_STRING", "OIDC_CLIENT_SECRET")),
                    "credentials must come from the Secret: " + secretVars);
            String port = c.getEnv().stream().filter(e -> e.getName().equals("PORT")).findFirst().orElseThrow().getValue();
            assertEquals(String.valueOf(c.getPorts().get(0).getContainerPort()), port);
        }
        Map<String, String> data = configMap(r);
        for (String secret : List.of("DB_PASSWORD", "S3_ACCESS_KEY", "S3_SECRET_KEY", "AZURE_CONNECTION_STRING", "AZURE_ACCOUNT_KEY",
                "OIDC_CLIENT_SECRET", "SERVICE_BASIC_PASSWORD")) {
            assertFalse(data.containsKey(secret), secret + " must not be in the ConfigMap");
        }
        Map<String, String> schemas = Map.of("download-service", "download", "viewer-service", "viewer", "inference-gateway", "inference");
        schemas.forEach((svc, schema) -> assertEquals(schema, deployment(r, svc).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv().stream().filter(e -> e.getName().equals("DB_SCHEMA")).findFirst().orElseThrow().getValue()));
        Container inference = deployment(r, "inference-gateway").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("http://medcloud-monai-label:8000", env(inference, "MONAI_LABEL_URL"));
        assertEquals("http://medcloud-viewer-service:8083", env(inference, "VIEWER_URL"));
        assertEquals("http://medcloud-viewer-service:8083",
                env(deployment(r, "download-service").getSpec().getTemplate().getSpec().getContainers().get(0), "VIEWER_URL"));
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().map(EnvVar::getValue).orElse(null);
    }

    @ParameterizedTest(name = "ingress paths and TLS with {0}")
    @MethodSource("valuesFiles")
    void ingressRoutesTheProductionPathsWithTls(String valuesFile) {
        Ingress ing = (Ingress) StrictModel.bind(Chart.render(valuesFile).get("Ingress", "medcloud"));
        Map<String, String> routes = ing.getSpec().getRules().get(0).getHttp().getPaths().stream()
                .collect(Collectors.toMap(p -> p.getPath(), p -> p.getBackend().getService().getName()));
        assertEquals(Map.of(
                "/api/search", "medcloud-search-service",
                "/api/downloads", "medcloud-download-service",
                "/api/viewer", "medcloud-viewer-service",
                "/dicomweb", "medcloud-viewer-service",
                "/api/inference", "medcloud-inference-gateway",
                "/", "medcloud-web-ui"), routes);
        assertEquals(1, ing.getSpec().getTls().size());
        assertEquals(ing.getSpec().getRules().get(0).getHost(), ing.getSpec().getTls().get(0).getHosts().get(0));
        assertNotNull(ing.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"), "cert-manager annotation");
        assertEquals("true", ing.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/force-ssl-redirect"));
    }

    @ParameterizedTest(name = "MONAI Label on the GPU pool with {0}")
    @MethodSource("valuesFiles")
    void monaiLabelRunsOnTheGpuPoolAgainstOurDicomweb(String valuesFile) {
        Chart.Rendered r = Chart.render(valuesFile);
        Deployment d = deployment(r, "monai-label");
        var pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertEquals(new Quantity("1"), c.getResources().getLimits().get("nvidia.com/gpu"));
        assertTrue(c.getImage().matches("projectmonai/monailabel:\\d+\\.\\d+\\.\\d+"), c.getImage());
        String args = String.join(" ", c.getArgs());
        assertTrue(args.contains("start_server --app /opt/monailabel/apps/radiology --studies http://medcloud-viewer-service:8083/dicomweb --conf models deepedit"), args);
        assertTrue(pod.getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()) || "sku".equals(t.getKey())));
        Set<String> claims = pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getClaimName()).collect(Collectors.toSet());
        assertEquals(Set.of("medcloud-monai-label-apps", "medcloud-monai-label-cache"), claims);
        claims.forEach(claim -> StrictModel.bind(r.get("PersistentVolumeClaim", claim)));
        if (!valuesFile.equals("values.yaml")) {
            assertFalse(pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty(), "a cloud values file must pin the GPU node pool");
        }
    }

    @Test
    void cloudValuesSetTheirIdentityAndStorage() {
        ServiceAccount aws = (ServiceAccount) StrictModel.bind(Chart.render("values-aws.yaml").get("ServiceAccount", "medcloud"));
        assertTrue(aws.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn").startsWith("arn:aws:iam::"));
        Map<String, String> awsCm = configMap(Chart.render("values-aws.yaml"));
        assertEquals("s3", awsCm.get("STORAGE_TYPE"));
        assertEquals("", awsCm.get("S3_ENDPOINT"));
        assertEquals("eu-central-1", deployment(Chart.render("values-aws.yaml"), "monai-label").getSpec().getTemplate().getSpec()
                .getNodeSelector().containsKey("eks.amazonaws.com/nodegroup") ? "eu-central-1" : "no EKS nodegroup label");

        Chart.Rendered gcp = Chart.render("values-gcp.yaml");
        assertEquals("https://storage.googleapis.com", configMap(gcp).get("S3_ENDPOINT"));
        assertTrue(((ServiceAccount) StrictModel.bind(gcp.get("ServiceAccount", "medcloud"))).getMetadata().getAnnotations()
                .containsKey("iam.gke.io/gcp-service-account"));
        assertTrue(deployment(gcp, "monai-label").getSpec().getTemplate().getSpec().getNodeSelector().containsKey("cloud.google.com/gke-accelerator"));

        Chart.Rendered az = Chart.render("values-azure.yaml");
        assertEquals("azure", configMap(az).get("STORAGE_TYPE"));
        ServiceAccount azSa = (ServiceAccount) StrictModel.bind(az.get("ServiceAccount", "medcloud"));
        assertTrue(azSa.getMetadata().getAnnotations().containsKey("azure.workload.identity/client-id"));
        assertEquals("true", deployment(az, "viewer-service").getSpec().getTemplate().getMetadata().getLabels().get("azure.workload.identity/use"));
        assertTrue(deployment(az, "monai-label").getSpec().getTemplate().getSpec().getNodeSelector().containsKey("kubernetes.azure.com/agentpool"));
    }

    @Test
    void onlyTheInferenceGatewayReachesMonaiLabelAndOnlyDatabaseServicesReachTheDatabase() {
        Chart.Rendered r = Chart.render("values.yaml", Map.of("networkPolicy.database.inCluster.enabled", true));
        NetworkPolicy monai = (NetworkPolicy) StrictModel.bind(r.get("NetworkPolicy", "medcloud-monai-label"));
        assertEquals("monai-label", monai.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
        List<NetworkPolicyPeer> from = monai.getSpec().getIngress().stream().flatMap(i -> i.getFrom().stream()).toList();
        assertEquals(1, from.size());
        assertEquals("inference-gateway", from.get(0).getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
        assertTrue(monai.getSpec().getPolicyTypes().contains("Ingress"));

        // no other policy admits traffic into the MONAI Label pod (tier gpu is not selected by the services policy)
        Map<String, String> monaiLabels = deployment(r, "monai-label").getSpec().getTemplate().getMetadata().getLabels();
        NetworkPolicy services = (NetworkPolicy) StrictModel.bind(r.get("NetworkPolicy", "medcloud-services"));
        var tierReq = services.getSpec().getPodSelector().getMatchExpressions().stream()
                .filter(e -> e.getKey().equals("medcloud.io/tier")).findFirst().orElseThrow();
        assertFalse(tierReq.getValues().contains(monaiLabels.get("medcloud.io/tier")));

        NetworkPolicy dbEgress = (NetworkPolicy) StrictModel.bind(r.get("NetworkPolicy", "medcloud-database-egress"));
        assertEquals("true", dbEgress.getSpec().getPodSelector().getMatchLabels().get("medcloud.io/db-access"));
        for (String svc : SERVICES) {
            String access = deployment(r, svc).getSpec().getTemplate().getMetadata().getLabels().get("medcloud.io/db-access");
            assertEquals(svc.equals("search-service") ? "false" : "true", access, svc);
        }
        assertEquals("false", deployment(r, "web-ui").getSpec().getTemplate().getMetadata().getLabels().get("medcloud.io/db-access"));
        // every non-database egress to the outside excludes the database range
        services.getSpec().getEgress().stream().flatMap(e -> e.getTo().stream()).filter(p -> p.getIpBlock() != null)
                .forEach(p -> assertTrue(p.getIpBlock().getExcept().contains("10.0.0.0/8"), "database CIDR not excluded: " + p));
        NetworkPolicy dbIngress = (NetworkPolicy) StrictModel.bind(r.get("NetworkPolicy", "medcloud-database-ingress"));
        assertEquals("true", dbIngress.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels().get("medcloud.io/db-access"));
        StrictModel.bind(r.get("NetworkPolicy", "medcloud-default-deny"));
    }

    @Test
    void prometheusOperatorObjectsAreCrdGated() {
        Chart.Rendered plain = Chart.render("values.yaml");
        assertTrue(plain.ofKind("ServiceMonitor").isEmpty(), "ServiceMonitor rendered without its CRD");
        assertTrue(plain.ofKind("PrometheusRule").isEmpty(), "PrometheusRule rendered without its CRD");
        Chart.Rendered all = Chart.renderAll("values.yaml");
        StrictModel.bind(all.get("ServiceMonitor", "medcloud"));
        PrometheusRule rule = (PrometheusRule) StrictModel.bind(all.get("PrometheusRule", "medcloud"));
        String exprs = rule.getSpec().getGroups().get(0).getRules().stream().map(x -> x.getExpr().getStrVal()).collect(Collectors.joining("\n"));
        assertTrue(exprs.contains("http_server_requests_seconds_count") && exprs.contains("status=~\"5..\""), exprs);
        assertTrue(exprs.contains("medcloud_download_failures_total"), exprs);
        Chart.Rendered off = Chart.render("values.yaml", Map.of("metrics.serviceMonitor.enabled", false, "metrics.serviceMonitor.requireCrd", false));
        assertTrue(off.ofKind("ServiceMonitor").isEmpty());
    }

    @Test
    void grafanaDashboardIsValidJsonOverTheMicrometerMetrics() throws Exception {
        ConfigMap cm = (ConfigMap) StrictModel.bind(Chart.render("values.yaml").get("ConfigMap", "medcloud-dashboard"));
        assertEquals("1", cm.getMetadata().getLabels().get("grafana_dashboard"));
        JsonNode dash = Chart.JSON.readTree(cm.getData().get("medcloud-dashboard.json"));
        assertTrue(dash.path("panels").size() >= 8);
        String text = dash.toString();
        for (String metric : List.of("http_server_requests_seconds_count", "jvm_memory_used_bytes", "jvm_gc_pause_seconds", "medcloud_download_bytes_total")) {
            assertTrue(text.contains(metric), metric);
        }
        Set<Integer> ids = new HashSet<>();
        dash.path("panels").forEach(p -> assertTrue(ids.add(p.path("id").asInt()), "duplicate panel id"));
    }

    @Test
    void emulatorsOnlyWhenEnabled() {
        Chart.Rendered off = Chart.render("values.yaml");
        assertTrue(off.find("Deployment", "medcloud-nbia-emulator").isEmpty());
        assertEquals("https://services.cancerimagingarchive.net/nbia-api/services", configMap(off).get("NBIA_BASE_URL"));

        Chart.Rendered on = Chart.render("values.yaml", Map.of("emulators.enabled", true, "monaiLabel.enabled", false));
        deployment(on, "nbia-emulator");
        assertEquals("http://medcloud-nbia-emulator:8091/nbia-api/services", configMap(on).get("NBIA_BASE_URL"));
        Container inference = deployment(on, "inference-gateway").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("http://medcloud-monai-label-emulator:8092", env(inference, "MONAI_LABEL_URL"));
        assertTrue(on.find("Deployment", "medcloud-monai-label").isEmpty());
        Container standIn = deployment(on, "monai-label-emulator").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("http://medcloud-viewer-service:8083/dicomweb", env(standIn, "DICOMWEB_URL"));
    }

    @Test
    void otelCollectorEndpointIsAValue() {
        Map<String, String> on = configMap(Chart.render("values.yaml", Map.of("config.otel.enabled", true,
                "config.otel.endpoint", "http://collector.obs:4317")));
        assertEquals("false", on.get("QUARKUS_OTEL_SDK_DISABLED"));
        assertEquals("http://collector.obs:4317", on.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertEquals("true", configMap(Chart.render("values.yaml")).get("QUARKUS_OTEL_SDK_DISABLED"));
    }

    @Test
    void perServiceTunablesReachOnlyThatService() {
        Chart.Rendered r = Chart.render("values.yaml", Map.of("services.download.env.DOWNLOAD_CONCURRENCY", "4"));
        assertEquals("4", env(deployment(r, "download-service").getSpec().getTemplate().getSpec().getContainers().get(0), "DOWNLOAD_CONCURRENCY"));
        assertEquals(null, env(deployment(r, "viewer-service").getSpec().getTemplate().getSpec().getContainers().get(0), "DOWNLOAD_CONCURRENCY"));
    }

    @Test
    void unpinnedImagesAreRefused() {
        Exception latest = assertThrows(Exception.class, () -> Chart.render("values.yaml", Map.of("global.imageTag", "latest")));
        assertTrue(String.valueOf(latest.getMessage()).contains("pin a tag"), latest.getMessage());
        assertThrows(Exception.class, () -> Chart.render("values.yaml", Map.of("monaiLabel.image.tag", "latest")));
    }

    @Test
    void secretIsCreatedOnlyOnRequest() {
        assertTrue(Chart.render("values.yaml").ofKind("Secret").isEmpty());
        Chart.Rendered withSecret = Chart.render("values.yaml", Map.of("secrets.create", true, "secrets.dbPassword", "pw",
                "secrets.s3AccessKey", "ak", "secrets.s3SecretKey", "sk"));
        var secret = (io.fabric8.kubernetes.api.model.Secret) StrictModel.bind(withSecret.get("Secret", "medcloud-secrets"));
        assertEquals(Set.of("DB_PASSWORD", "S3_ACCESS_KEY", "S3_SECRET_KEY"), secret.getStringData().keySet());
    }
}
