package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * {@code quarkus dev} of an application with the extension and no configuration, on a machine without Docker (as
 * this one): the emulator starts and the log holds no ERROR line, so nothing reads as if the extension needed Docker.
 */
public class DevModeLogTest {

    @RegisterExtension
    static final QuarkusDevModeTest dev = new QuarkusDevModeTest()
            .withEmptyApplication()
            .setLogRecordPredicate(record -> true);

    @Test
    void devModeStartsTheEmulatorWithoutAnErrorLine() {
        assertThat(dev.getLogRecords())
                .extracting(record -> record.getLoggerName() + ": " + record.getMessage())
                .anyMatch(line -> line.contains("Dev Services for LlamaCloud Chat: the emulator at"));
        assertThat(dev.getLogRecords())
                .filteredOn(record -> record.getLevel().intValue() >= Level.SEVERE.intValue())
                .extracting(record -> record.getLoggerName() + ": " + record.getMessage())
                .as("ERROR lines in the dev-mode log")
                .isEmpty();
    }
}
