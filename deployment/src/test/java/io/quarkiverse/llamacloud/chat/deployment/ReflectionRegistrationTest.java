package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Every payload type of the public API (each record, and each event of the sealed {@code ChatEvent}) is registered
 * for reflection, so that Jackson can read and write it in a native executable.
 * <p>
 * The expected list comes from the runtime jar's own files, not from the processor, so a new record that the
 * processor misses fails this test.
 */
public class ReflectionRegistrationTest {

    /** Crosses from the build class loader to the test's through a system property. */
    private static final String REGISTERED = "llamacloud.test.reflective-classes";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-test-key")
            .addBuildChainCustomizer(chain -> chain.addBuildStep(context -> {
                Set<String> names = new TreeSet<>();
                for (ReflectiveClassBuildItem item : context.consumeMulti(ReflectiveClassBuildItem.class)) {
                    if (item.isConstructors() && item.isMethods() && item.isFields()) {
                        names.addAll(item.getClassNames());
                    }
                }
                System.setProperty(REGISTERED, String.join(",", names));
                context.produce(new FeatureBuildItem("reflection-probe"));
            }).consumes(ReflectiveClassBuildItem.class).produces(FeatureBuildItem.class).build());

    @Test
    void everyPublicModelTypeIsRegistered() throws Exception {
        Set<String> registered = Set.of(System.getProperty(REGISTERED, "").split(","));
        List<String> modelTypes = publicModelTypes();

        assertThat(modelTypes).as("the scan must find the API's records")
                .contains("io.quarkiverse.llamacloud.chat.SessionSummary",
                        "io.quarkiverse.llamacloud.chat.FullSession",
                        "io.quarkiverse.llamacloud.chat.ChatEvent$Stop",
                        "io.quarkiverse.llamacloud.chat.ChatEvent$Unknown")
                .hasSizeGreaterThanOrEqualTo(16);
        assertThat(registered).containsAll(modelTypes);
        assertThat(registered).contains(
                "io.quarkiverse.llamacloud.chat.runtime.json.ChatEventDeserializer",
                "io.quarkiverse.llamacloud.chat.runtime.json.LenientInstantDeserializer",
                "io.quarkiverse.llamacloud.chat.runtime.http.CreateSessionRequest",
                "io.quarkiverse.llamacloud.chat.runtime.http.GenerateTitleRequest");
    }

    /** The public records and sealed event types of the API package, read from the runtime jar or directory. */
    private static List<String> publicModelTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        URI location = loader.getResource("io/quarkiverse/llamacloud/chat/ChatSessions.class").toURI();
        List<String> classNames = new ArrayList<>();
        if (location.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(location, Map.of())) {
                classNames.addAll(classesIn(jar.getPath("io/quarkiverse/llamacloud/chat")));
            }
        } else {
            classNames.addAll(classesIn(Path.of(location).getParent()));
        }
        List<String> result = new ArrayList<>();
        for (String name : classNames) {
            Class<?> type = Class.forName(name, false, loader);
            boolean isPublic = java.lang.reflect.Modifier.isPublic(type.getModifiers());
            if (isPublic && (type.isRecord() || type.isSealed())) {
                result.add(name);
            }
            if (type.isSealed()) {
                Arrays.stream(type.getPermittedSubclasses()).map(Class::getName).forEach(result::add);
            }
        }
        return result.stream().distinct().sorted().collect(Collectors.toList());
    }

    private static List<String> classesIn(Path packageDir) throws IOException {
        String packageName = ChatSessions.class.getPackageName();
        try (Stream<Path> files = Files.list(packageDir)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(file -> file.endsWith(".class"))
                    .map(file -> packageName + "." + file.substring(0, file.length() - ".class".length()))
                    .toList();
        }
    }
}
