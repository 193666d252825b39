package io.quarkiverse.llamacloud.chat;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

/**
 * Selects a named client, configured under {@code quarkus.llamacloud."name".*}: another API key, project, region or
 * timeouts.
 *
 * <pre>{@code
 * @Inject
 * @LlamaCloudClient("eu")
 * ChatSessions europe;
 * }</pre>
 * <p>
 * Works for {@link ChatSessions} and {@link BlockingChatSessions}, and on a {@link LlamaCloudRequestCustomizer} bean
 * to apply it to that client only. A name that is not configured fails the build, listing the configured ones.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({ FIELD, METHOD, PARAMETER, TYPE })
public @interface LlamaCloudClient {

    /** The name of the default client, configured under {@code quarkus.llamacloud.*}. */
    String DEFAULT = "<default>";

    /** @return the client's name, as in {@code quarkus.llamacloud."name".*} */
    String value();

    /**
     * An instance of the qualifier, for programmatic lookup:
     * {@code Arc.container().select(ChatSessions.class, LlamaCloudClient.Literal.of("eu"))}.
     */
    final class Literal extends AnnotationLiteral<LlamaCloudClient> implements LlamaCloudClient {

        private static final long serialVersionUID = 1L;

        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        /**
         * @param name the client's name
         * @return the qualifier for it
         */
        public static Literal of(String name) {
            return new Literal(name);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
