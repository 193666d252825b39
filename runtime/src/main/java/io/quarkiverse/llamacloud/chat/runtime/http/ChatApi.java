package io.quarkiverse.llamacloud.chat.runtime.http;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.SessionPage;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkiverse.llamacloud.chat.runtime.json.LlamaCloudJson;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import io.smallrye.mutiny.Uni;

/**
 * The Chat API's HTTP surface, as the API reference declares it. Built programmatically by
 * {@code ChatApiClientFactory}; users never see it.
 * <p>
 * Session ids arrive already percent-encoded as one path segment ({@link PathSegments}), hence {@link Encoded}.
 * {@code null} query parameters are left out of the URL.
 */
@Path("/api/v1/chat")
public interface ChatApi {

    /** Request header with the attempt's number, 0 for the first, as LlamaCloud's SDKs send it. */
    String RETRY_COUNT = "X-Stainless-Retry-Count";

    /** {@code GET /api/v1/chat}: one page of sessions. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SessionPage> list(
            @RestQuery("organization_id") String organizationId,
            @RestQuery("project_id") String projectId,
            @RestQuery("page_size") Integer pageSize,
            @RestQuery("page_token") String pageToken,
            @RestHeader(RETRY_COUNT) int retryCount);

    /** {@code POST /api/v1/chat}: create a session. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SessionSummary> create(
            @RestQuery("organization_id") String organizationId,
            @RestQuery("project_id") String projectId,
            @RestHeader(RETRY_COUNT) int retryCount,
            CreateSessionRequest body);

    /** {@code GET /api/v1/chat/{session_id}}: a session with its events. */
    @GET
    @Path("/{session_id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<FullSession> get(
            @RestPath("session_id") @Encoded String sessionId,
            @RestQuery("organization_id") String organizationId,
            @RestQuery("project_id") String projectId,
            @RestHeader(RETRY_COUNT) int retryCount);

    /** {@code DELETE /api/v1/chat/{session_id}}: no response body; sends {@code Accept: *}{@code /*} as the SDKs do. */
    @DELETE
    @Path("/{session_id}")
    @Produces(MediaType.WILDCARD)
    Uni<Void> delete(
            @RestPath("session_id") @Encoded String sessionId,
            @RestQuery("organization_id") String organizationId,
            @RestQuery("project_id") String projectId,
            @RestHeader(RETRY_COUNT) int retryCount);

    /** {@code GET /api/v1/chat/{session_id}/summary}. */
    @GET
    @Path("/{session_id}/summary")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SessionSummary> summary(
            @RestPath("session_id") @Encoded String sessionId,
            @RestQuery("organization_id") String organizationId,
            @RestQuery("project_id") String projectId,
            @RestHeader(RETRY_COUNT) int retryCount);

    /** {@code POST /api/v1/chat/{session_id}/title}. */
    @POST
    @Path("/{session_id}/title")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SessionSummary> generateTitle(
            @RestPath("session_id") @Encoded String sessionId,
            @RestQuery("organization_id") String organizationId,
            @RestQuery("project_id") String projectId,
            @RestHeader(RETRY_COUNT) int retryCount,
            GenerateTitleRequest body);

    /**
     * Turns every error status into the typed exception for it.
     *
     * @param response the error response
     * @return the exception the call fails with
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return HttpErrors.toException(response);
    }

    /**
     * Decodes and encodes with the extension's own mapper, whatever the application configured for its own.
     *
     * @param applicationMapper the application's mapper, deliberately unused
     * @return the extension's mapper
     */
    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper applicationMapper) {
        return LlamaCloudJson.mapper();
    }
}
