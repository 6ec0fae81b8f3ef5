package org.medcloud.search.nbia;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/** Adds {@code Authorization: Bearer <token>} when a v1/v2 token is configured. */
public class NbiaAuthFilter implements ClientRequestFilter {

    @Inject
    TokenProvider tokens;

    @Override
    public void filter(ClientRequestContext ctx) {
        if (tokens != null && tokens.enabled()) {
            ctx.getHeaders().putSingle("Authorization", "Bearer " + tokens.token());
        }
    }
}
