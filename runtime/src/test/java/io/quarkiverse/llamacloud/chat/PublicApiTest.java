package io.quarkiverse.llamacloud.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The public package stands on its own: what a user compiles against never names the extension's internals, in a
 * signature, an annotation or a method body.
 */
class PublicApiTest {

    private static final String INTERNAL = "io/quarkiverse/llamacloud/chat/runtime/";

    @Test
    void noPublicTypeReferencesAnInternalOne() throws IOException, URISyntaxException {
        Path publicPackage = Path.of(LlamaCloudException.class.getResource("LlamaCloudException.class").toURI())
                .getParent();
        List<Path> classes;
        try (Stream<Path> files = Files.list(publicPackage)) {
            classes = files.filter(file -> file.toString().endsWith(".class")).toList();
        }

        assertThat(classes).as("the public package's classes, nested ones included").hasSizeGreaterThan(40);
        // A class file names every type it uses in its constant pool, as a UTF-8 string.
        assertThat(classes).allSatisfy(file -> assertThat(read(file)).as(file.getFileName().toString())
                .doesNotContain(INTERNAL));
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
