package org.aiverse.itests;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.aiverse.rest.RequiresOperator;
import org.aiverse.rest.RequiresScope;

/** Protected endpoints the test registers, to prove that protection fails closed. */
@Path("it-protected")
public class ProtectedEchoResource {

    @GET
    @Path("user")
    @RequiresScope("persona.use")
    @Produces(MediaType.APPLICATION_JSON)
    public String user() {
        return "{\"reached\":true}";
    }

    @GET
    @Path("operator")
    @RequiresOperator
    @Produces(MediaType.APPLICATION_JSON)
    public String operator() {
        return "{\"reached\":true}";
    }
}
