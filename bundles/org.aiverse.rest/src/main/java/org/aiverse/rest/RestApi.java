package org.aiverse.rest;

/** How resources and extensions join the AI-Verse REST application. */
public final class RestApi {

    /** The application's name on the JAX-RS whiteboard. */
    public static final String APPLICATION_NAME = "aiverse";

    /** The filter that selects the application, for {@code @JaxrsApplicationSelect}. */
    public static final String APPLICATION_SELECT = "(osgi.jaxrs.name=" + APPLICATION_NAME + ")";

    /** The base path of every REST resource (seed section 5). */
    public static final String BASE = "/api/v1";

    /** The request and response header that carries the correlation id of a call. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    private RestApi() {}
}
