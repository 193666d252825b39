package io.quarkiverse.llamacloud.chat.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The same tests against the packaged application: the JVM jar by default, the native executable with
 * {@code -Dnative}. The WireMock stub runs in the test JVM and the application is started with its URL and key.
 */
@QuarkusIntegrationTest
public class ChatSessionsResourceIT extends ChatSessionsResourceTest {
}
