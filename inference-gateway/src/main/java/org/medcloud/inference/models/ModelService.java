package org.medcloud.inference.models;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medcloud.common.problem.ApiException;
import org.medcloud.common.problem.Problem;
import org.medcloud.inference.config.InferenceSettings;
import org.medcloud.inference.monai.MonaiLabelCalls;
import org.medcloud.inference.monai.MonaiLabelClient;
import org.medcloud.inference.monai.MonaiLabelException;

/** The model list from MONAI Label's /info/, cached for MODELS_CACHE_TTL. */
@ApplicationScoped
public class ModelService {

    public record Model(String name, String type, JsonNode labels, int dimension, String description, boolean isDefault) {
    }

    @Inject
    MonaiLabelClient client;

    @Inject
    InferenceSettings settings;

    private volatile List<Model> cached;
    private volatile long cachedAt;

    public List<Model> models() {
        List<Model> c = cached;
        if (c != null && System.nanoTime() - cachedAt < settings.modelsCacheTtl().toNanos()) {
            return c;
        }
        JsonNode info;
        try {
            info = MonaiLabelCalls.call(client.baseUrl(), client::info);
        } catch (MonaiLabelException e) {
            throw ApiException.upstream(e.gatewayStatus() == 502 ? 502 : e.gatewayStatus(), e.code(),
                    "MONAI Label is not available", e.getMessage(), e);
        }
        List<Model> list = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = info.path("models").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode m = e.getValue();
            list.add(new Model(e.getKey(), m.path("type").asText(null), m.path("labels"), m.path("dimension").asInt(0),
                    m.path("description").asText(null), e.getKey().equals(settings.defaultModel())));
        }
        cached = List.copyOf(list);
        cachedAt = System.nanoTime();
        return cached;
    }

    /** The model to run: the request's, else the default; 404 naming the field {@code model} if MONAI Label lacks it. */
    public Model require(String requested) {
        String name = requested == null || requested.isBlank() ? settings.defaultModel() : requested;
        for (Model m : models()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        List<String> names = new ArrayList<>();
        models().forEach(m -> names.add(m.name()));
        throw new ApiException(Problem.of(404, "model-not-found", "Model not found", "MONAI Label at " + client.baseUrl()
                + " has no model '" + name + "'" + (requested == null || requested.isBlank() ? " (the configured default, INFERENCE_DEFAULT_MODEL)" : "")
                + "; available: " + names, "model"));
    }

    public Map<String, Object> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Model m : models()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", m.name());
            j.put("type", m.type());
            j.put("labels", m.labels());
            j.put("dimension", m.dimension());
            j.put("description", m.description());
            j.put("default", m.isDefault());
            out.add(j);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("server", client.baseUrl());
        body.put("defaultModel", settings.defaultModel());
        body.put("models", out);
        return body;
    }
}
