package io.quarkiverse.llamacloud.chat.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;

/**
 * An HTTPS stand-in for LlamaCloud with a certificate of its own that no JVM trusts, one per test JVM; a class of its
 * own so that its server's callbacks never wait on a test class's initialisation.
 */
final class TlsStub {

    private static final String PORT = "llamacloud.test.tls-port";
    private static final String CERT = "llamacloud.test.tls-cert";

    private TlsStub() {
    }

    /** @return the PEM certificate file of the server */
    static String certificate() {
        port();
        return System.getProperty(CERT);
    }

    static synchronized int port() {
        String port = System.getProperty(PORT);
        if (port == null) {
            try {
                port = String.valueOf(start());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            System.setProperty(PORT, port);
        }
        return Integer.parseInt(port);
    }

    private static int start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("llamacloud-tls");
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.pem");
        // The JDK's keytool: Netty's self-signed certificates need Bouncy Castle on Java 17.
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "secret");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", "secret",
                "-file", certificate.toString());
        System.setProperty(CERT, certificate.toString());
        HttpServer server = Vertx.vertx().createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword("secret")))
                .requestHandler(request -> {
                    if (request.path().endsWith("/messages/stream")) {
                        request.response().putHeader("Content-Type", "text/event-stream")
                                .end("event: message\ndata: {\"type\":\"text\",\"content\":\"over TLS\"}\n\n"
                                        + "event: message\ndata: {\"type\":\"stop\",\"is_error\":false}\n\n");
                    } else {
                        request.response().putHeader("Content-Type", "application/json")
                                .end("{\"session_id\":\"ses-tls\",\"last_updated_at\":\"2025-01-01T00:00:00\","
                                        + "\"index_ids\":[\"idx-1\"]}");
                    }
                });
        CompletableFuture<HttpServer> listening = new CompletableFuture<>();
        server.listen(0, "127.0.0.1").onComplete(result -> {
            if (result.succeeded()) {
                listening.complete(result.result());
            } else {
                listening.completeExceptionally(result.cause());
            }
        });
        return listening.join().actualPort();
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
