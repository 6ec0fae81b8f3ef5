package org.medcloud.inference.models;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

@Path("/api/inference/models")
public class ModelsResource {

    @Inject
    ModelService models;

    /** Models offered by MONAI Label (name, type, labels, dimension, description), the default one marked. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> list() {
        return models.describe();
    }
}
