package io.quarkiverse.llamacloud.chat.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The same test against the packaged application (a JVM jar, or the native executable with {@code -Dnative}).
 */
@QuarkusIntegrationTest
public class NamedClientIT extends NamedClientTest {
}
