package io.quarkiverse.llamacloud.chat.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The local rendering of the guide (target/generated-docs, written before the tests run) is readable offline: every
 * page of nav.adoc is there with a bar linking to all of them, every image and stylesheet it refers to is there, and
 * nothing is loaded from the internet.
 */
class RenderedGuideTest {

    private static final Path OUTPUT = Path.of("target/generated-docs");
    private static final Path NAV = Path.of("modules/ROOT/nav.adoc");
    private static final Pattern XREF = Pattern.compile("xref:([\\w-]+)\\.adoc\\[");
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href|data)=\"([^\"#]+)[^\"]*\"");
    private static final Pattern RESOURCE_TAG = Pattern.compile("<(?:link|script|img|object|iframe)\\b[^>]*>");

    @Test
    void everyPageHasTheNavigationBarWithEveryPage() throws IOException {
        List<String> pages = navPages();
        assertThat(pages).contains("index", "sessions", "streaming", "errors-and-retries", "testing", "performance");
        for (String page : pages) {
            String html = read(page);
            String bar = html.substring(html.indexOf("<nav class=\"guide-nav\""), html.indexOf("</nav>"));
            for (String target : pages) {
                assertThat(bar).as("%s links to %s", page, target).contains("href=\"" + target + ".html\"");
            }
        }
    }

    @Test
    void theIndexListsThePerformancePageAmongTheGuides() throws IOException {
        String index = read("index");
        String content = index.substring(index.indexOf("</nav>"));
        assertThat(content).contains("href=\"performance.html\"");
    }

    @Test
    void everyLocalReferenceResolvesAndNothingComesFromTheInternet() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path page : htmlPages()) {
            String html = Files.readString(page);
            Matcher tags = RESOURCE_TAG.matcher(html);
            while (tags.find()) {
                String tag = tags.group();
                if (tag.startsWith("<a")) {
                    continue;
                }
                Matcher reference = REFERENCE.matcher(tag);
                while (reference.find()) {
                    String target = reference.group(1);
                    if (target.matches("(?i)(https?:)?//.*")) {
                        problems.add(page.getFileName() + " loads " + target);
                    } else if (!Files.exists(page.getParent().resolve(target))) {
                        problems.add(page.getFileName() + " refers to missing " + target);
                    }
                }
            }
        }
        try (Stream<Path> files = Files.walk(OUTPUT)) {
            for (Path css : files.filter(file -> file.toString().endsWith(".css")).toList()) {
                // Comments left out: Asciidoctor's stylesheet carries its web font import commented out.
                String rules = Files.readString(css).replaceAll("(?s)/\\*.*?\\*/", "");
                if (Pattern.compile("(?i)(@import|url\\()\\s*[\"']?(https?:)?//").matcher(rules).find()) {
                    problems.add(css.getFileName() + " loads from the internet");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void thePerformancePlotIsThere() throws IOException {
        assertThat(read("performance")).contains("src=\"./_images/benchmark-results.svg\"");
        assertThat(OUTPUT.resolve("_images/benchmark-results.svg")).isRegularFile();
    }

    private static List<String> navPages() throws IOException {
        List<String> pages = new ArrayList<>();
        Matcher xref = XREF.matcher(Files.readString(NAV));
        while (xref.find()) {
            pages.add(xref.group(1));
        }
        return pages;
    }

    private static List<Path> htmlPages() throws IOException {
        try (Stream<Path> files = Files.list(OUTPUT)) {
            return files.filter(file -> file.toString().endsWith(".html")).toList();
        }
    }

    private static String read(String page) throws IOException {
        Path file = OUTPUT.resolve(page + ".html");
        assertThat(file).as("rendered page").isRegularFile();
        return Files.readString(file);
    }
}
