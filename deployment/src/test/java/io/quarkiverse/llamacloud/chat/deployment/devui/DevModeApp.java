package io.quarkiverse.llamacloud.chat.deployment.devui;

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
        return new QuarkusDevModeTest()
                .withApplicationRoot(root -> root.addAsResource(new StringAsset("quarkus.http.port=0\n"),
                        "application.properties"))
                .setLogRecordPredicate(record -> true);
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
