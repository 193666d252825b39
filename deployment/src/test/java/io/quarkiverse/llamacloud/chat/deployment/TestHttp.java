package io.quarkiverse.llamacloud.chat.deployment;

import java.net.http.HttpClient;

/** The JDK HTTP client the tests call Quarkus applications with. */
public final class TestHttp {

    private TestHttp() {
    }

    /**
     * @return a new client that speaks HTTP/1.1. Not the JDK's default HTTP/2: on {@code http://} it asks the server
     *         to upgrade to h2c, and against the dev-mode server a GET of the Dev UI's 281 KB data then failed 5 times
     *         in 200 with a protocol error (0 in 200 over HTTP/1.1). A new client per call, as before, so that no
     *         pooled connection outlives the application it was opened to.
     */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
}
