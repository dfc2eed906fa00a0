package org.aiverse.rest.internal;

import javax.ws.rs.core.Application;
import org.aiverse.rest.RestApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** The REST application at {@code /api/v1}; resources and extensions join it through the whiteboard. */
@Component(service = Application.class)
@JaxrsApplicationBase(RestApi.BASE)
@JaxrsName(RestApi.APPLICATION_NAME)
public final class AiverseApplication extends Application {}
