package io.quarkiverse.llamacloud.chat.deployment.devui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * A {@code quarkus dev} application with the extension and an HTTP server (so it has a Dev UI), on a free port so
 * that it does not clash with anything else listening on 8080.
 */
final class DevModeApp {

    private static final Pattern LISTENING = Pattern.compile("Listening on: https?://[^:/\\s]+:(\\d+)");

    private DevModeApp() {
    }

    static QuarkusDevModeTest create() {
        return create("");
    }

    /** @param properties more of the application's configuration, as lines of {@code application.properties} */
    static QuarkusDevModeTest create(String properties) {
        return new QuarkusDevModeTest()
                .withApplicationRoot(root -> root.addAsResource(new StringAsset("quarkus.http.port=0\n" + properties),
                        "application.properties"))
                .setLogRecordPredicate(record -> true);
    }

    /** @return the body of a GET of this path on the application, which must answer 200 */
    static String get(QuarkusDevModeTest app, String path) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port(app) + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the port the application listens on, from its start-up line */
    static int port(QuarkusDevModeTest app) {
        List<LogRecord> records = app.getLogRecords();
        for (LogRecord record : records) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            Matcher listening = message == null ? null : LISTENING.matcher(message);
            if (listening != null && listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
        }
        throw new IllegalStateException("No 'Listening on' line among " + records.size() + " log records");
    }
}
