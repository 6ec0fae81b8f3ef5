package org.medcloud.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a rendered manifest to the typed Kubernetes model of its apiVersion/kind (fabric8
 * kubernetes-model, generated from the Kubernetes OpenAPI schema) and fails on anything the schema
 * does not know: unknown fields at any depth (fabric8 keeps them in additionalProperties, which
 * must stay empty), wrong scalar types (no coercion), unknown kinds or API versions.
 */
final class StrictModel {

    /** apiVersion/kind -> model class; a kind missing here is not allowed in the chart. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private StrictModel() {
    }

    /** Returns the typed object, or throws AssertionError naming the manifest and every problem. */
    static HasMetadata bind(Chart.Manifest m) {
        String key = m.apiVersion() + "/" + m.kind();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new AssertionError(m + ": apiVersion/kind " + key + " is not a known (allowed) Kubernetes type");
        }
        HasMetadata obj;
        try {
            obj = MAPPER.treeToValue(m.tree(), type);
        } catch (Exception e) {
            throw new AssertionError(m + ": does not match the " + key + " schema: " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        walk(obj, "", unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new AssertionError(m + ": fields unknown to the " + key + " schema: " + unknown);
        }
        if (obj.getMetadata() == null || obj.getMetadata().getName() == null || obj.getMetadata().getName().isBlank()) {
            throw new AssertionError(m + ": metadata.name missing");
        }
        checkTypedTree(m, MAPPER.valueToTree(obj), m.tree(), "");
        return obj;
    }

    /** Collects non-empty additionalProperties anywhere below a model object. */
    private static void walk(Object o, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), unknown, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method method : o.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = method.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add((path.isEmpty() ? "" : path + ".") + k));
                }
                continue;
            }
            String name = method.getName().substring(3);
            walk(value, path + (path.isEmpty() ? "" : ".") + Character.toLowerCase(name.charAt(0)) + name.substring(1), unknown, seen);
        }
    }

    /**
     * Every field of the rendered manifest must survive a round trip through the model, so that a
     * value the model silently dropped (e.g. a typo in a map-typed place it ignored) still fails.
     */
    private static void checkTypedTree(Chart.Manifest m, JsonNode typed, JsonNode raw, String path) {
        if (raw.isObject()) {
            raw.fields().forEachRemaining(e -> {
                JsonNode t = typed == null ? null : typed.get(e.getKey());
                if (t == null && !e.getValue().isNull() && !(e.getValue().isContainerNode() && e.getValue().isEmpty())) {
                    throw new AssertionError(m + ": field " + path + "." + e.getKey() + " is lost when bound to the schema");
                }
                if (t != null) {
                    checkTypedTree(m, t, e.getValue(), path + "." + e.getKey());
                }
            });
        } else if (raw.isArray()) {
            for (int i = 0; i < raw.size(); i++) {
                checkTypedTree(m, typed == null ? null : typed.get(i), raw.get(i), path + "[" + i + "]");
            }
        }
    }
}
