package org.medcloud.search.nbia;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * NBIA REST API (base URL NBIA_BASE_URL, e.g. https://nbia.cancerimagingarchive.net/nbia-api/services).
 * Bodies are read as text: NBIA answers "no results" with an empty body and labels some plain-text
 * errors as JSON, so {@link NbiaGateway} parses leniently and classifies every status (returned
 * or thrown by the client's default mapper).
 */
@RegisterRestClient(configKey = "nbia")
@RegisterProvider(NbiaAuthFilter.class)
@Path("/{version}")
public interface NbiaClient {

    @GET
    @Path("/{endpoint}")
    @Produces(MediaType.WILDCARD)
    RestResponse<String> get(@PathParam("version") String version, @PathParam("endpoint") String endpoint,
            @RestQuery Map<String, String> query);

    @POST
    @Path("/getSeriesMetadata")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.WILDCARD)
    RestResponse<String> seriesMetadata(@PathParam("version") String version, @FormParam("list") String list,
            @FormParam("format") String format);
}
