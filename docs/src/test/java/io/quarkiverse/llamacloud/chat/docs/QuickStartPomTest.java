package io.quarkiverse.llamacloud.chat.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The quick start's complete {@code pom.xml} names the versions this build makes: Quarkus's and the extension's. (It
 * was built and run in {@code quarkus dev} by hand with the quick start's files; this keeps it from going stale.)
 */
class QuickStartPomTest {

    @Test
    void namesTheVersionsOfThisBuild() throws IOException {
        String pom = Files.readString(Path.of("modules/ROOT/examples/quickstart/pom.xml"));

        assertThat(pom).contains("<quarkus.version>" + System.getProperty("build.quarkus.version") + "</quarkus.version>")
                .contains("<llamacloud-chat.version>" + System.getProperty("build.project.version")
                        + "</llamacloud-chat.version>")
                .contains("<artifactId>quarkus-rest-jackson</artifactId>", "<artifactId>quarkus-llamacloud-chat</artifactId>",
                        "<artifactId>quarkus-maven-plugin</artifactId>");
    }
}
