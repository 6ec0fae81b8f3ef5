package org.medcloud.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rendered manifest binds strictly to the Kubernetes API types (unknown fields fail). */
class ChartSchemaTest {

    static List<String> valuesFiles() {
        return Chart.VALUES_FILES;
    }

    @ParameterizedTest(name = "schema of every manifest rendered with {0}")
    @MethodSource("valuesFiles")
    void everyManifestMatchesItsSchema(String valuesFile) {
        List<Chart.Manifest> manifests = Chart.renderAll(valuesFile).manifests();
        assertTrue(manifests.size() > 20, "suspiciously few manifests: " + manifests);
        List<String> failures = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Chart.Manifest m : manifests) {
            try {
                HasMetadata o = StrictModel.bind(m);
                if (!ids.add(m.kind() + "/" + o.getMetadata().getName())) {
                    failures.add("duplicate " + m);
                }
                if (o.getMetadata().getName().length() > 63) {
                    failures.add(m + ": name longer than 63 characters");
                }
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertEquals(List.of(), failures, "manifests rendered with " + valuesFile + " that the API would reject");
    }

    @ParameterizedTest(name = "emulators on, schema with {0}")
    @MethodSource("valuesFiles")
    void emulatorManifestsMatchTheirSchema(String valuesFile) {
        for (Chart.Manifest m : Chart.render(valuesFile, Map.of("emulators.enabled", true, "monaiLabel.enabled", false)).manifests()) {
            StrictModel.bind(m);
        }
    }

    @ParameterizedTest(name = "basic auth and service TLS, schema with {0}")
    @MethodSource("valuesFiles")
    void basicAuthAndServiceTlsManifestsMatchTheirSchema(String valuesFile) {
        List<Chart.Manifest> manifests = Chart.render(valuesFile, ChartPolicyTest.basicAuthServiceTls()).manifests();
        assertTrue(manifests.stream().anyMatch(m -> m.name().equals("medcloud-api")), "no API Ingress with service TLS");
        for (Chart.Manifest m : manifests) {
            StrictModel.bind(m);
        }
    }

    /** The checker itself must fail on what the API server would refuse. */
    @Test
    void theCheckerRejectsUnknownFieldsAndWrongTypes() throws Exception {
        Chart.Manifest typo = new Chart.Manifest("test", Chart.YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x:1
                          securityContext: {readOnlyRootFilesytem: true}
                """));
        AssertionError e = assertThrows(AssertionError.class, () -> StrictModel.bind(typo));
        assertTrue(e.getMessage().contains("readOnlyRootFilesytem"), e.getMessage());

        Chart.Manifest wrongType = new Chart.Manifest("test", Chart.YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replicas: {count: 2}
                  selector: {matchLabels: {a: b}}
                  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: x, image: "x:1"}]}}
                """));
        assertThrows(AssertionError.class, () -> StrictModel.bind(wrongType));

        Chart.Manifest unknownKind = new Chart.Manifest("test", Chart.YAML.readTree("""
                apiVersion: extensions/v1beta1
                kind: Ingress
                metadata: {name: x}
                """));
        assertThrows(AssertionError.class, () -> StrictModel.bind(unknownKind));

        Chart.Manifest topLevel = new Chart.Manifest("test", Chart.YAML.readTree("""
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spce: {ports: [{port: 80}]}
                """));
        assertThrows(AssertionError.class, () -> StrictModel.bind(topLevel));
    }
}
