package org.aiverse.itests;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.aiverse.contracts.intent.Intent;

/** A resource the test registers on the live application, to drive the real JSON provider and error mapper. */
@Path("it-echo")
public class EchoResource {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Intent echo(Intent intent) {
        return intent;
    }
}
