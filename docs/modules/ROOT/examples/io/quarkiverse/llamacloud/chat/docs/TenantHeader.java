package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkiverse.llamacloud.chat.LlamaCloudRequestCustomizer;

/**
 * Every request of the "eu" client, session calls and turn streams alike, carries the tenant and the gateway's token.
 */
@ApplicationScoped
@LlamaCloudClient("eu") // <1>
public class TenantHeader implements LlamaCloudRequestCustomizer {

    /** Refreshed elsewhere: a hook runs on the event loop and must not block. */
    volatile String gatewayToken = "gw-token-from-your-vault";

    @Override
    public void customize(Request request) {
        request.header("X-Tenant", "acme"); // <2>
        request.credential("X-Gateway-Token", gatewayToken); // <3>
    }
}
// end::example[]
