package io.quarkiverse.llamacloud.chat.deployment;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

/**
 * One WireMock server on loopback per test JVM, standing in for LlamaCloud where a test checks the exact wire.
 * <p>
 * QuarkusUnitTest loads each test class twice (JUnit's class loader and the application's), so the server's port is
 * shared through a system property and tests talk to it through WireMock's HTTP admin client, never through a
 * static server object.
 */
final class StubServer {

    private static final String PORT_PROPERTY = "llamacloud.test.stub-port";

    private StubServer() {
    }

    static synchronized int port() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            port = String.valueOf(server.port());
            System.setProperty(PORT_PROPERTY, port);
        }
        return Integer.parseInt(port);
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** @return a client of the admin API, with every stub and recorded request of earlier tests removed */
    static WireMock fresh() {
        WireMock client = new WireMock("127.0.0.1", port());
        client.resetMappings();
        client.resetRequests();
        return client;
    }

    /** Reads one of the reference's JSON examples; they live beside the tests, outside the application. */
    static String resource(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/reference", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
