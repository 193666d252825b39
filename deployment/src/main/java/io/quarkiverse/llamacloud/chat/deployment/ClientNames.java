package io.quarkiverse.llamacloud.chat.deployment;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

/**
 * The named clients the build knows of: those with at least one {@code quarkus.llamacloud."name".*} property (in any
 * profile). The set is fixed at build time, since each becomes a bean.
 */
final class ClientNames {

    /** The keys of a client, as the first part of what follows its name. */
    static final Set<String> CLIENT_KEYS = Set.of("api-key", "base-url", "organization-id", "project-id",
            "connect-timeout", "read-timeout", "log-requests", "log-responses", "log-body-limit",
            "tls-configuration-name", "max-retries", "initial-backoff", "max-backoff", "max-retry-after",
            "circuit-breaker", "stream", "proxy-address", "proxy-user", "proxy-password", "non-proxy-hosts");

    private static final Pattern QUOTED = Pattern.compile("^(?:%[^.]+\\.)?quarkus\\.llamacloud\\.\"([^\"]+)\"\\.(.+)$");
    private static final Pattern PLAIN = Pattern.compile("^(?:%[^.]+\\.)?quarkus\\.llamacloud\\.([^.\"]+)\\.(.+)$");

    private ClientNames() {
    }

    /**
     * @param config the build's configuration
     * @return the named clients' names, sorted; the default client is not among them
     */
    static Set<String> configured(Config config) {
        Set<String> names = new TreeSet<>();
        for (String property : config.getPropertyNames()) {
            Matcher quoted = QUOTED.matcher(property);
            if (quoted.matches() && isClientKey(quoted.group(2))) {
                names.add(quoted.group(1));
                continue;
            }
            Matcher plain = PLAIN.matcher(property);
            // quarkus.llamacloud.stream.idle-timeout is the default client's; quarkus.llamacloud.eu.api-key names "eu"
            if (plain.matches() && !CLIENT_KEYS.contains(plain.group(1)) && isClientKey(plain.group(2))) {
                names.add(plain.group(1));
            }
        }
        return names;
    }

    private static boolean isClientKey(String rest) {
        int dot = rest.indexOf('.');
        String first = dot < 0 ? rest : rest.substring(0, dot);
        return CLIENT_KEYS.contains(first) && (dot < 0) == !(first.equals("stream") || first.equals("circuit-breaker"));
    }
}
