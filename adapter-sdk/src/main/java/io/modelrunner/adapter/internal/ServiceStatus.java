package io.modelrunner.adapter.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.apiguardian.api.API;

/**
 * The body of {@code GET /status} at the adapter's root, the deployed orchestrator's liveness
 * probe: who this adapter is, where its lifecycle lives and how busy it is ({@code status} is
 * {@code READY} or {@code BUSY}, as in the registry).
 */
@JsonPropertyOrder({"status", "name", "version", "base_path", "max_workers", "used_workers"})
@API(status = API.Status.INTERNAL, since = "0.1.0")
public record ServiceStatus(
    @JsonProperty("status") String status,
    @JsonProperty("name") String name,
    @JsonProperty("version") String version,
    @JsonProperty("base_path") String basePath,
    @JsonProperty("max_workers") int maxWorkers,
    @JsonProperty("used_workers") int usedWorkers) {}
