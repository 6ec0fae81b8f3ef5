package org.medcloud.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The chart under test, rendered by real helm (helm-java) into parsed manifests. */
final class Chart {

    static final String RELEASE = "medcloud";
    static final String NAMESPACE = "medcloud";
    /** The Kubernetes version rendered for (helm template defaults to 1.20, below the chart's kubeVersion). */
    static final String KUBE_VERSION = "1.30.0";
    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The values files the tests cover. "values.yaml" is the chart's defaults plus
     * {@link #DEFAULTS_CI_VALUES}, which adds the one value the defaults cannot have (the OIDC issuer).
     */
    static final List<String> VALUES_FILES = List.of("values.yaml", "values-aws.yaml", "values-gcp.yaml", "values-azure.yaml");

    /** chart-testing's convention: what `helm lint` / `helm template` of the bare chart needs. */
    static final String DEFAULTS_CI_VALUES = "ci/default-values.yaml";

    private Chart() {
    }

    static Path repoRoot() {
        String root = System.getProperty("medcloud.repo.root");
        Path p = root != null ? Path.of(root) : Path.of("..");
        return p.toAbsolutePath().normalize();
    }

    static Path chartDir() {
        return repoRoot().resolve("k8s/charts/medcloud");
    }

    /** Renders the chart with one values file (values.yaml = defaults only) and --set pairs. */
    static Rendered render(String valuesFile, Map<String, Object> sets) {
        TemplateCommand cmd = new Helm(chartDir()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile == null || valuesFile.equals("values.yaml")) {
            cmd = cmd.withValuesFile(chartDir().resolve(DEFAULTS_CI_VALUES));
        } else {
            cmd = cmd.withValuesFile(chartDir().resolve(valuesFile));
        }
        for (Map.Entry<String, Object> e : sets.entrySet()) {
            cmd = cmd.set(e.getKey(), e.getValue());
        }
        return new Rendered(valuesFile, cmd.call());
    }

    static Rendered render(String valuesFile) {
        return render(valuesFile, Map.of());
    }

    /** `helm install --dry-run` without a cluster: the install output, NOTES.txt included. */
    static String installNotes(String valuesFile, Map<String, Object> sets) {
        var cmd = new Helm(chartDir()).install().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                .dryRun().clientOnly();
        cmd = cmd.withValuesFile(chartDir().resolve(valuesFile == null || valuesFile.equals("values.yaml") ? DEFAULTS_CI_VALUES : valuesFile));
        for (Map.Entry<String, Object> e : sets.entrySet()) {
            cmd = cmd.set(e.getKey(), e.getValue());
        }
        return cmd.call().getOutput();
    }

    /** Renders the chart's values.yaml alone (no ci values) with --set pairs. */
    static Rendered renderBare(Map<String, Object> sets) {
        TemplateCommand cmd = new Helm(chartDir()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Map.Entry<String, Object> e : sets.entrySet()) {
            cmd = cmd.set(e.getKey(), e.getValue());
        }
        return new Rendered("values.yaml (bare)", cmd.call());
    }

    /** Renders with the Prometheus Operator objects on (helm template cannot see the cluster's CRDs). */
    static Rendered renderAll(String valuesFile) {
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("metrics.serviceMonitor.requireCrd", false);
        sets.put("metrics.prometheusRule.requireCrd", false);
        return render(valuesFile, sets);
    }

    /** The chart's values.yaml with an overlay merged in (helm's map merge: maps deep, the rest replaced). */
    static ObjectNode mergedValues(String valuesFile) {
        try {
            ObjectNode base = (ObjectNode) YAML.readTree(chartDir().resolve("values.yaml").toFile());
            String overlay = valuesFile == null || valuesFile.equals("values.yaml") ? DEFAULTS_CI_VALUES : valuesFile;
            merge(base, (ObjectNode) YAML.readTree(chartDir().resolve(overlay).toFile()));
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue() instanceof ObjectNode n) {
                merge(o, n);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    /** A copy of the chart whose values.yaml is the merged values (helm lint takes no values file here). */
    static Path chartCopyWithValues(String valuesFile, Path tmp) throws IOException {
        Path target = tmp.resolve("medcloud");
        Path src = chartDir();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = target.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
        YAML.writeValue(target.resolve("values.yaml").toFile(), mergedValues(valuesFile));
        return target;
    }

    record Manifest(String source, JsonNode tree) {
        String kind() {
            return tree.path("kind").asText();
        }

        String apiVersion() {
            return tree.path("apiVersion").asText();
        }

        String name() {
            return tree.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return kind() + "/" + name() + " (" + source + ")";
        }
    }

    record Rendered(String valuesFile, String yaml) {
        List<Manifest> manifests() {
            List<Manifest> out = new ArrayList<>();
            String source = "?";
            // helm prefixes each document with "# Source: medcloud/templates/x.yaml"
            for (String doc : yaml.split("(?m)^---\\s*$")) {
                for (String line : doc.split("\n")) {
                    if (line.startsWith("# Source: ")) {
                        source = line.substring("# Source: ".length()).trim();
                        break;
                    }
                }
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(new YAMLFactory().createParser(doc))) {
                    while (it.hasNext()) {
                        JsonNode n = it.next();
                        if (n != null && !n.isNull() && !n.isMissingNode() && n.size() > 0) {
                            out.add(new Manifest(source, n));
                        }
                    }
                } catch (IOException e) {
                    throw new AssertionError("rendered YAML does not parse (" + valuesFile + ", " + source + "): " + e.getMessage() + "\n" + doc, e);
                }
            }
            return out;
        }

        List<Manifest> ofKind(String kind) {
            return manifests().stream().filter(m -> m.kind().equals(kind)).toList();
        }

        Optional<Manifest> find(String kind, String name) {
            return manifests().stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
        }

        Manifest get(String kind, String name) {
            return find(kind, name).orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered with " + valuesFile
                    + "; rendered: " + manifests()));
        }
    }
}
