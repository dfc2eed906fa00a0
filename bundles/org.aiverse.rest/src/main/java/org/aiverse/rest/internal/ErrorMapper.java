package org.aiverse.rest.internal;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ApiError;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.json.Json;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RestApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of the API in the seed's envelope {@code {"error":{"code","message","corr_id"}}} with the
 * status of seed 5.8. Bad input is {@code 400 validation_error} naming the field; anything unexpected is
 * {@code 500 server_error}, logged with its correlation id, and never shows a stack trace to the caller.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(Throwable failure) {
        String corrId = CorrelationFilter.correlationId(
                headers == null ? null : headers.getHeaderString(RestApi.CORRELATION_HEADER));
        Throwable cause = unwrap(failure);
        if (cause instanceof ValidationException v) {
            return error(400, ErrorCode.VALIDATION_ERROR, v.getMessage(), corrId);
        }
        if (cause instanceof ApiException a) {
            return error(a.code().httpStatus(), a.code(), a.getMessage(), corrId);
        }
        if (cause instanceof WebApplicationException w) {
            return fromStatus(w.getResponse().getStatus(), corrId);
        }
        LOG.error("Unexpected failure [corr_id={}]", corrId, failure);
        return error(500, ErrorCode.SERVER_ERROR, "unexpected server error; quote corr_id " + corrId, corrId);
    }

    /** The JAX-RS runtime wraps a failure of a message body reader; the cause is what the caller did wrong. */
    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        for (int i = 0;
                i < 5 && t.getCause() != null && !(t instanceof ValidationException || t instanceof ApiException);
                i++) {
            if (t.getCause() instanceof ValidationException || t.getCause() instanceof ApiException) {
                return t.getCause();
            }
            t = t.getCause();
        }
        return t instanceof ValidationException || t instanceof ApiException ? t : failure;
    }

    private static Response fromStatus(int status, String corrId) {
        return switch (status) {
            case 404 -> error(404, ErrorCode.NOT_FOUND, "no such resource", corrId);
            case 405 -> error(405, ErrorCode.VALIDATION_ERROR, "method not allowed on this resource", corrId);
            case 406 -> error(406, ErrorCode.VALIDATION_ERROR, "only application/json responses are available", corrId);
            case 415 -> error(415, ErrorCode.VALIDATION_ERROR, "body: send application/json", corrId);
            case 400 -> error(400, ErrorCode.VALIDATION_ERROR, "$: malformed request", corrId);
            case 401 -> error(401, ErrorCode.INVALID_TOKEN, "authentication required", corrId);
            case 403 -> error(403, ErrorCode.BLOCKED_SCOPE, "not permitted", corrId);
            case 409 -> error(409, ErrorCode.CONFLICT, "state conflict", corrId);
            case 429 -> error(429, ErrorCode.RATE_LIMITED, "too many requests", corrId);
            default -> status >= 500
                    ? error(status, ErrorCode.SERVER_ERROR, "server error; quote corr_id " + corrId, corrId)
                    : error(status, ErrorCode.VALIDATION_ERROR, "request not accepted", corrId);
        };
    }

    static Response error(int status, ErrorCode code, String message, String corrId) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(RestApi.CORRELATION_HEADER, corrId)
                .entity(Json.write(ApiError.of(code, message, corrId)))
                .build();
    }
}
