package org.aiverse.rest.internal;

import java.util.UUID;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import org.aiverse.rest.RestApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * Gives every call a correlation id: the caller's {@code X-Correlation-Id} when it sent a sane one, otherwise a
 * new one. It is echoed in the response header and in every error body ({@code corr_id}).
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@PreMatching
public final class CorrelationFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static String correlationId(String fromCaller) {
        if (fromCaller != null && fromCaller.matches("[A-Za-z0-9._:\\-]{1,128}")) {
            return fromCaller;
        }
        return "c_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String id = correlationId(request.getHeaderString(RestApi.CORRELATION_HEADER));
        request.getHeaders().putSingle(RestApi.CORRELATION_HEADER, id);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String id = request.getHeaderString(RestApi.CORRELATION_HEADER);
        if (id != null) {
            response.getHeaders().putSingle(RestApi.CORRELATION_HEADER, id);
        }
    }
}
