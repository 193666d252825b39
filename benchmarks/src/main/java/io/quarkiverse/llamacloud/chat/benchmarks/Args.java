package io.quarkiverse.llamacloud.chat.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line: {@code --name=value} options and {@code --flag}s. */
final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final String[] raw;

    Args(String... args) {
        this.raw = args.clone();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unknown argument: " + arg + "\n" + BenchmarkMain.USAGE);
            }
            int equals = arg.indexOf('=');
            if (equals < 0) {
                values.put(arg.substring(2), "true");
            } else {
                values.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
        }
    }

    String[] raw() {
        return raw.clone();
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    int getInt(String name, int otherwise) {
        String value = values.get(name);
        return value == null ? otherwise : Integer.parseInt(value.replace("_", "").replace(",", ""));
    }

    List<Integer> getInts(String name, List<Integer> otherwise) {
        String value = values.get(name);
        if (value == null) {
            return otherwise;
        }
        List<Integer> result = new ArrayList<>();
        for (String item : value.split("[,;]")) {
            result.add(Integer.parseInt(item.trim().replace("_", "")));
        }
        return result;
    }
}
