package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException;

/**
 * The application's own answer to one LlamaCloud failure, in every endpoint: a session that LlamaCloud does not know
 * (deleted, or from another project) is a conversation the user has to start again.
 */
public class ChatErrors {

    @ServerExceptionMapper
    public RestResponse<String> sessionGone(LlamaCloudNotFoundException e) {
        return RestResponse.status(Response.Status.NOT_FOUND, "This conversation is over: start a new one.");
    }
}
// end::example[]
