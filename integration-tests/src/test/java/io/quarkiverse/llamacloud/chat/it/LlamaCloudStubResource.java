package io.quarkiverse.llamacloud.chat.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for LlamaCloud's Chat API: a WireMock server on loopback, on a free port, answering the seven calls of
 * the API reference with the reference's JSON examples.
 * <p>
 * Every stub requires {@code Authorization: Bearer <API_KEY>}: a request without the key matches no stub, so WireMock
 * answers 404 and the test expecting a 200 fails.
 * <p>
 * The stubbed data:
 * <ul>
 * <li>{@value #SESSION}: summary, full session, title, delete and a turn's event stream;</li>
 * <li>{@value #UNKNOWN}: 404 {@code {"detail":"Session not found"}} with {@code x-request-id: req-404}, for every
 * call;</li>
 * <li>{@value #FORBIDDEN}: 403 with {@code x-request-id: req-403} for its summary;</li>
 * <li>the session list: three pages chained by {@code next_page_token} (five sessions), and the reference page when
 * asked for the page token {@value #REFERENCE_PAGE_TOKEN} with a page size of 1;</li>
 * <li>creating a session: the reference summary, or the quick start's session when bound to
 * {@code my-index-id}.</li>
 * </ul>
 * Init arg {@code api-key=false} leaves the key out of the returned configuration, for a test whose application
 * configures the key itself.
 */
public class LlamaCloudStubResource implements QuarkusTestResourceLifecycleManager {

    /** The key the stubs require and the application is given. */
    public static final String API_KEY = "llx-it-stub-key";
    public static final String BEARER = "Bearer " + API_KEY;

    public static final String SESSION = "ses-abc123";
    public static final String QUICKSTART_SESSION = "ses-quickstart";
    public static final String UNKNOWN = "ses-unknown";
    public static final String FORBIDDEN = "ses-forbidden";
    public static final String REFERENCE_PAGE_TOKEN = "reference";
    public static final String FIRST_MESSAGE = "What were the main findings in Q3?";

    private static final String CHAT = "/api/v1/chat";

    /** Marks a {@link WireMockServer} field of a test to receive the running stub. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectLlamaCloudStub {
    }

    private WireMockServer server;
    private boolean configureApiKey = true;

    @Override
    public void init(Map<String, String> initArgs) {
        configureApiKey = !"false".equals(initArgs.get("api-key"));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        stubTheApi();

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.llamacloud.base-url", "http://127.0.0.1:" + server.port());
        if (configureApiKey) {
            config.put("quarkus.llamacloud.api-key", API_KEY);
        }
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectLlamaCloudStub.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    private void stubTheApi() {
        // Create: the quick start's session when bound to my-index-id, else the reference example.
        stub(post(urlPathEqualTo(CHAT)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.index_ids[?(@ == 'my-index-id')]")),
                json("quickstart-session.json"));
        stub(post(urlPathEqualTo(CHAT)).atPriority(5), json("session-summary.json"));

        // List: the reference page, then three pages chained by their tokens.
        stub(get(urlPathEqualTo(CHAT)).atPriority(1)
                .withQueryParam("page_token", equalTo(REFERENCE_PAGE_TOKEN))
                .withQueryParam("page_size", equalTo("1")),
                json("list-sessions.json"));
        stub(get(urlPathEqualTo(CHAT)).atPriority(5)
                .withQueryParam("page_token", absent()),
                json("list-page-1.json"));
        stub(get(urlPathEqualTo(CHAT)).atPriority(5)
                .withQueryParam("page_token", equalTo("token-page-2")),
                json("list-page-2.json"));
        stub(get(urlPathEqualTo(CHAT)).atPriority(5)
                .withQueryParam("page_token", equalTo("token-page-3")),
                json("list-page-3.json"));

        // One session.
        stub(get(urlPathEqualTo(CHAT + "/" + SESSION)), json("full-session.json"));
        stub(get(urlPathEqualTo(CHAT + "/" + SESSION + "/summary")), json("session-summary.json"));
        stub(get(urlPathEqualTo(CHAT + "/" + QUICKSTART_SESSION + "/summary")), json("quickstart-session.json"));
        stub(post(urlPathEqualTo(CHAT + "/" + SESSION + "/title"))
                .withRequestBody(equalToJson("{\"first_message\":\"" + FIRST_MESSAGE + "\"}")),
                json("session-summary.json"));
        stub(delete(urlPathEqualTo(CHAT + "/" + SESSION)), aResponse().withStatus(204));
        stub(post(urlPathEqualTo(CHAT + "/" + SESSION + "/messages/stream"))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo(FIRST_MESSAGE))),
                aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withHeader("Cache-Control", "no-cache")
                        .withBody(resource("turn-stream.txt")));

        // Failures.
        stub(any(urlPathMatching(CHAT + "/" + UNKNOWN + "(/.*)?")),
                aResponse().withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-request-id", "req-404")
                        .withBody("{\"detail\":\"Session not found\"}"));
        stub(get(urlPathEqualTo(CHAT + "/" + FORBIDDEN + "/summary")),
                aResponse().withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-request-id", "req-403")
                        .withBody("{\"detail\":\"The key has no access to this project\"}"));
    }

    /** Registers a stub that only answers requests carrying the test key. */
    private void stub(MappingBuilder request, ResponseDefinitionBuilder response) {
        server.stubFor(request.withHeader("Authorization", equalTo(BEARER)).willReturn(response));
    }

    private static ResponseDefinitionBuilder json(String file) {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(resource(file));
    }

    private static String resource(String file) {
        try (InputStream in = LlamaCloudStubResource.class.getResourceAsStream("/llamacloud/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource llamacloud/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
