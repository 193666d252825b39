package io.quarkiverse.llamacloud.chat.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A grouped bar chart, one panel per metric, drawn as plain SVG (no plotting library needed). */
final class Chart {

    private static final Map<String, String> COLORS = Map.of("ours", "#4169e1", "raw", "#a0a0a0", "peer", "#e8963c");
    private static final int PANEL_WIDTH = 300;
    private static final int PANEL_HEIGHT = 260;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final int LEFT = 20;

    private Chart() {
    }

    static String svg(Map<String, Map<String, Map<String, Double>>> panels) {
        int width = Math.max(1, panels.size()) * PANEL_WIDTH + 20;
        int height = PANEL_HEIGHT + TOP + BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        // legend
        int legendX = 20;
        for (String client : List.of("ours", "raw", "peer")) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"21\">%s</text>%n", legendX, COLORS.get(client), legendX + 16, client));
            legendX += 70;
        }
        int x0 = 10;
        for (Map.Entry<String, Map<String, Map<String, Double>>> panel : panels.entrySet()) {
            panel(svg, x0, panel.getKey(), panel.getValue());
            x0 += PANEL_WIDTH;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, int x0, String title, Map<String, Map<String, Double>> series) {
        Set<String> categories = new LinkedHashSet<>();
        series.values().forEach(values -> categories.addAll(values.keySet()));
        double max = series.values().stream().flatMap(values -> values.values().stream())
                .mapToDouble(Double::doubleValue).max().orElse(1);
        if (!(max > 0)) {
            max = 1;
        }
        double plotHeight = PANEL_HEIGHT - 40;
        int baseline = TOP + PANEL_HEIGHT - 10;
        int plotLeft = x0 + LEFT;
        int plotWidth = PANEL_WIDTH - LEFT - 20;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
                plotLeft, TOP, escape(title)));
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", plotLeft, baseline,
                plotLeft + plotWidth, baseline));
        List<String> clients = new ArrayList<>(series.keySet());
        int groups = Math.max(1, categories.size());
        double groupWidth = (double) plotWidth / groups;
        double barWidth = Math.min(40, (groupWidth - 16) / Math.max(1, clients.size()));
        int g = 0;
        for (String category : categories) {
            double groupX = plotLeft + g * groupWidth + (groupWidth - barWidth * clients.size()) / 2;
            for (int c = 0; c < clients.size(); c++) {
                Double value = series.get(clients.get(c)).get(category);
                if (value == null) {
                    continue;
                }
                double barHeight = plotHeight * value / max;
                double x = groupX + c * barWidth;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n", x,
                        baseline - barHeight, barWidth - 2, barHeight, COLORS.getOrDefault(clients.get(c), "#666")));
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%s</text>%n",
                        x + (barWidth - 2) / 2, baseline - barHeight - 3, label(value)));
            }
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", plotLeft + (g + 0.5) * groupWidth,
                    baseline + 16, escape(category)));
            g++;
        }
    }

    private static String label(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2fM", value / 1_000_000);
        }
        if (value >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", value / 1_000);
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
