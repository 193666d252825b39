package io.quarkiverse.llamacloud.chat.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The suite's output: tables printed as they complete, then written as AsciiDoc, JSON and an SVG chart. */
final class Report {

    /** One table: a title, a header row, rows, and notes under it. */
    static final class Table {
        final String title;
        final List<String> header;
        final List<List<String>> rows = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Table(String title, String... header) {
            this.title = title;
            this.header = List.of(header);
        }

        Table row(Object... cells) {
            List<String> row = new ArrayList<>();
            for (Object cell : cells) {
                row.add(String.valueOf(cell));
            }
            rows.add(row);
            return this;
        }

        Table note(String note) {
            notes.add(note);
            return this;
        }

        String text() {
            int columns = header.size();
            int[] widths = new int[columns];
            for (int c = 0; c < columns; c++) {
                widths[c] = header.get(c).length();
                for (List<String> row : rows) {
                    if (c < row.size()) {
                        widths[c] = Math.max(widths[c], row.get(c).length());
                    }
                }
            }
            StringBuilder out = new StringBuilder();
            out.append("== ").append(title).append('\n');
            line(out, header, widths);
            int total = Arrays.stream(widths).sum() + 3 * (columns - 1);
            out.append("-".repeat(total)).append('\n');
            for (List<String> row : rows) {
                line(out, row, widths);
            }
            for (String note : notes) {
                out.append("   ").append(note).append('\n');
            }
            return out.toString();
        }

        private static void line(StringBuilder out, List<String> cells, int[] widths) {
            for (int c = 0; c < widths.length; c++) {
                String cell = c < cells.size() ? cells.get(c) : "";
                if (c > 0) {
                    out.append(" | ");
                }
                // first column left, numbers right
                out.append(c == 0 ? pad(cell, widths[c], false) : pad(cell, widths[c], true));
            }
            out.append('\n');
        }

        private static String pad(String text, int width, boolean right) {
            String spaces = " ".repeat(Math.max(0, width - text.length()));
            return right ? spaces + text : text + spaces;
        }

        String adoc() {
            StringBuilder out = new StringBuilder();
            out.append('.').append(escape(title)).append('\n');
            out.append("[cols=\"").append("1").append(",>1".repeat(header.size() - 1)).append("\",options=\"header\"]\n");
            out.append("|===\n");
            for (String cell : header) {
                out.append("|").append(escape(cell)).append(' ');
            }
            out.append("\n\n");
            for (List<String> row : rows) {
                for (int c = 0; c < header.size(); c++) {
                    out.append("|").append(escape(c < row.size() ? row.get(c) : "")).append('\n');
                }
                out.append('\n');
            }
            out.append("|===\n");
            for (String note : notes) {
                out.append('\n').append(escape(note)).append('\n');
            }
            return out.toString();
        }

        /** Table separators and attribute references ({@code /sessions/{id}}) are text here. */
        private static String escape(String text) {
            return text.replace("|", "\\|").replace("{", "\\{");
        }
    }

    final List<Table> tables = new ArrayList<>();
    final ObjectNode results = Json.object();
    /** Numbers for the chart: panel, then series (client), then category. */
    final Map<String, Map<String, Map<String, Double>>> chart = new LinkedHashMap<>();

    void add(Table table) {
        tables.add(table);
        System.out.println();
        System.out.print(table.text());
        System.out.flush();
    }

    void chart(String panel, String client, String category, double value) {
        chart.computeIfAbsent(panel, p -> new LinkedHashMap<>()).computeIfAbsent(client, c -> new LinkedHashMap<>())
                .put(category, value);
    }

    void write(Path directory, String heading) {
        try {
            Files.createDirectories(directory);
            StringBuilder adoc = new StringBuilder();
            adoc.append("// ").append(heading.replace("\n", "\n// ")).append("\n\n");
            for (Table table : tables) {
                adoc.append(table.adoc()).append('\n');
            }
            Files.writeString(directory.resolve("results.adoc"), adoc, StandardCharsets.UTF_8);
            StringBuilder text = new StringBuilder(heading).append('\n');
            for (Table table : tables) {
                text.append('\n').append(table.text());
            }
            Files.writeString(directory.resolve("results.txt"), text, StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("results.json"),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("results.svg"), Chart.svg(chart), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode child(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }

    // ---- formatting

    static String count(double value) {
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    static String ratio(double ours, double baseline) {
        if (!(baseline > 0) || !(ours >= 0)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f×", ours / baseline);
    }

    static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String kib(double bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1024);
    }

    static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024 * 1024));
    }

    static String decimal(double value, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", value);
    }
}
