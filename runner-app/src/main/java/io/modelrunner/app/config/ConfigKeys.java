package io.modelrunner.app.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every configuration key of {@code model-runner serve}, with its default and meaning. A key is
 * set, from lowest to highest precedence, by its default, the configuration file ({@code --config},
 * Java properties syntax), the environment ({@code MODEL_RUNNER_} + the key upper-cased with {@code
 * .} and {@code -} as {@code _}, or the key's well-known variable such as {@code
 * RUNNER_API_TOKEN}), and the command line ({@code --port}, {@code --store}, …).
 * docs/configuration.md lists the same keys; a test keeps the two in step.
 */
public final class ConfigKeys {
  /** One key. {@code envAlias} is a second, well-known environment variable (or null). */
  public record Key(String name, String defaultValue, String envAlias, boolean secret, String doc) {
    /** {@code MODEL_RUNNER_SERVER_PORT} for {@code server.port}. */
    public String envName() {
      return "MODEL_RUNNER_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
  }

  /** How long a run may stay in each stage ({@link Deadlines}). */
  private static final List<Key> DEADLINES =
      List.of(
          key("deadlines.queued", "PT1H", "Longest wait in the queue."),
          key("deadlines.prepare", "PT15M", "Longest image resolution or pull."),
          key("deadlines.start-callback", "PT5M", "Longest start callback (all attempts)."),
          key("deadlines.workspace", "PT1M", "Longest validation or workspace creation."),
          key(
              "deadlines.execute-grace",
              "PT2M",
              "Added to the model's own deadline (which the engine enforces) as a backstop."),
          key("deadlines.collect", "PT10M", "Longest output collection and validation."),
          key("deadlines.export", "PT15M", "Longest export zip."),
          key("deadlines.store", "PT30M", "Longest upload to the store."),
          key("deadlines.final-callback", "PT10M", "Longest final callback (all attempts)."),
          key("deadlines.cleanup", "PT5M", "Longest workspace cleanup."));

  /** The keys of the other sections. */
  private static final List<Key> SECTIONS =
      List.of(
          key("server.host", "127.0.0.1", "Address to listen on; 0.0.0.0 for all interfaces."),
          key("server.port", "8080", "Port to listen on (0: any free port)."),
          key(
              "server.threads",
              "32",
              "Threads parsing and answering HTTP requests; a connection waiting for its request"
                  + " holds none."),
          key(
              "server.max-body-bytes",
              "1048576",
              "Largest request body accepted; a larger one gets 413."),
          key(
              "server.header-timeout",
              "PT10S",
              "A request's line and headers must arrive within this time (from the connection's"
                  + " opening, or from the first byte of a later request on a kept-alive"
                  + " connection), however steadily they trickle in; else 408 and the connection is"
                  + " closed."),
          key(
              "server.idle-timeout",
              "PT30S",
              "A connection with no bytes in either direction for this long is closed."),
          key(
              "server.body-timeout",
              "PT10S",
              "A request body must arrive within this time after the headers, plus one second per"
                  + " server.body-min-rate bytes received; a slower one is answered 408 and its"
                  + " connection closed."),
          key(
              "server.body-min-rate",
              "8192",
              "Bytes per second of request body that extend server.body-timeout by one second (0:"
                  + " the body must arrive within server.body-timeout)."),
          key(
              "server.max-header-bytes",
              "8192",
              "Largest request line plus headers accepted; larger gets 431 (414 for the line)."),
          key(
              "server.max-connections",
              "1000",
              "Most open HTTP connections; a connection beyond it is closed as soon as it is"
                  + " accepted."),
          key(
              "server.max-connections-per-client",
              "64",
              "Most open HTTP connections from one client address (0: no limit); a connection"
                  + " beyond it is closed as soon as it is accepted. Behind a reverse proxy every"
                  + " client has the proxy's address: raise it."),
          key(
              "server.cors.allowed-origins",
              "",
              "Web origins (scheme://host[:port], comma-separated, exact) whose pages may call the"
                  + " runs API, the schemas and the registry from a browser (CORS); a preflight"
                  + " OPTIONS from them is answered without a token. Empty: none, no CORS header"
                  + " is sent. * is refused."),
          key(
              "data.dir",
              "model-runner-data",
              "Folder for the embedded database, the node id, the generated API token and"
                  + " (by default) workspaces and results. Made owner-only (700) when missing; an"
                  + " existing one open to others gets a warning."),
          key(
              "work.dir",
              "",
              "Where run workspaces are made. Default: <data.dir>/work; with engine=slurm,"
                  + " <slurm.shared-directory>/work (it must be under slurm.shared-directory)."),
          key(
              "node.id",
              "",
              "This node's id: the label on every container it starts, and the owner of the runs"
                  + " it claims. Default: generated once and kept in <data.dir>/node-id."),
          key(
              "node.labels",
              "",
              "Comma-separated labels this node advertises (gpu, highmem, arch=arm64, …): it takes"
                  + " only runs of models whose catalog labels it has. At most 8."),
          key(
              "pool.heartbeat",
              "PT2S",
              "How often a node heart-beats its runs in the shared queue and its row in"
                  + " /api/nodes."),
          key(
              "pool.missed-heartbeats",
              "5",
              "A node that misses this many heartbeats is lost (lease = pool.heartbeat × this):"
                  + " another node takes over its runs, as each model's onNodeLoss says."),
          key(
              "pool.polling-interval",
              "PT0.5S",
              "How often a node looks for queued runs dispatched through other nodes."),
          key(
              "database.url",
              "",
              "JDBC URL: jdbc:postgresql://host:5432/db (a pool of nodes), jdbc:sqlite:FILE, or"
                  + " jdbc:h2:file:… (earlier versions' embedded database; not crash-safe)."
                  + " Default: the embedded SQLite database <data.dir>/model-runner.db. A password"
                  + " in it (password=, sslpassword=, user:password@) is never logged; prefer"
                  + " database.password."),
          key("database.user", "", "Database user."),
          secret("database.password", "", null, "Database password."),
          key("database.pool-size", "10", "Most database connections."),
          key(
              "database.outage-tolerance",
              "PT30S",
              "How long the service waits for a database that does not answer (a restart, a"
                  + " lost connection) before a step fails; runs wait meanwhile."),
          key(
              "store",
              "",
              "Where results go: a folder, file:…, s3://bucket/prefix or azure://container/prefix"
                  + " (docs/storage.md). Default: <data.dir>/results."),
          key(
              "store.options",
              "",
              "Options of an s3:// or azure:// store as k=v pairs separated by commas, e.g."
                  + " endpoint=http://127.0.0.1:9000,path-style=true. Credentials come from the"
                  + " vendors' environment variables."),
          key(
              "engine",
              "auto",
              "docker, process, slurm (each model as a job of a Slurm cluster: the slurm.* keys),"
                  + " or auto (Docker when an engine answers, else local processes)."),
          key(
              "slurm.url",
              "",
              "With engine=slurm (required): slurmrestd's base URL, http or https, e.g."
                  + " http://slurm-head:6820."),
          key(
              "slurm.user",
              "",
              "With engine=slurm (required): the Slurm user every job is submitted and runs as; a"
                  + " service account, never root."),
          secret(
              "slurm.token",
              "",
              "SLURM_JWT",
              "With engine=slurm, this or slurm.token-file: the JWT of slurm.user (scontrol token"
                  + " username=… lifespan=…). A token expires: prefer slurm.token-file."),
          key(
              "slurm.token-file",
              "",
              "With engine=slurm, this or slurm.token: a file holding the JWT of slurm.user (the"
                  + " token, or SLURM_JWT=<token>), read again whenever it changes and when"
                  + " slurmrestd refuses the token, so a site job can renew it."),
          key(
              "slurm.shared-directory",
              "",
              "With engine=slurm (required): a directory every compute node mounts at the same"
                  + " path. The unpacked images go there, and the runs' workspaces: work.dir"
                  + " defaults to <slurm.shared-directory>/work and must be under it."),
          key(
              "slurm.partition",
              "",
              "The partition of every job, unless the model's catalog entry names one (\"slurm\":"
                  + " {\"partition\": …}). Empty: the cluster's default partition."),
          key(
              "slurm.account",
              "",
              "The account every job is charged to, unless the model's catalog entry names one."
                  + " Empty: slurm.user's default account."),
          key(
              "slurm.qos",
              "",
              "The quality of service of every job, unless the model's catalog entry names one."
                  + " Empty: the account's default."),
          key(
              "slurm.poll-interval",
              "PT0.5S",
              "How often a running job's state is asked of slurmrestd; a cancel or a deadline"
                  + " does not wait for it."),
          key(
              "models.catalog",
              "",
              "The models catalog (docs/models-catalog.md): slug -> image, command, limits."),
          key("output.schema", "output", "The schema data.json must match: output, or a file/URL."),
          key(
              "images.allowed-prefixes",
              "",
              "Comma-separated image reference prefixes that may run (e.g."
                  + " registry.example.org/models/,adapter:); empty allows any image (a warning"
                  + " is logged)."),
          key(
              "images.docker-config",
              "",
              "A Docker client config.json whose auths, credHelpers and credsStore give the"
                  + " credentials model images are pulled with (a helper NAME is the program"
                  + " docker-credential-NAME on the PATH, run only when a pull needs it). Default:"
                  + " $DOCKER_CONFIG/config.json, else ~/.docker/config.json, when it exists;"
                  + " none: no file is read."),
          key(
              "images.registry",
              "",
              "The registry host (ghcr.io, registry.example.org:5000; docker.io for Docker Hub)"
                  + " that images.registry-username and images.registry-password are for; they"
                  + " come before images.docker-config's credentials for it."),
          key("images.registry-username", "", "The user name that pulls from images.registry."),
          secret(
              "images.registry-password",
              "",
              null,
              "The password or token that pulls from images.registry; prefer"
                  + " images.registry-password-file."),
          key(
              "images.registry-password-file",
              "",
              "A file holding the password or token that pulls from images.registry, read at"
                  + " start."),
          secret(
              "auth.api-token",
              "",
              "RUNNER_API_TOKEN",
              "Bearer token of the runs API. Default: a random token generated on first start"
                  + " and kept in <data.dir>/api-token (mode 600)."),
          secret(
              "registry.token",
              "",
              "RUNNER_ADAPTERS_TOKEN",
              "When set, every registry write needs Authorization: Bearer <this>, from any"
                  + " address, and may change any entry. Off by default: the existing adapters send"
                  + " no token; registry.trusted-networks and the entries' owners then decide."),
          key(
              "registry.trusted-networks",
              "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7",
              "Without registry.token: the client address ranges (CIDR, comma-separated) that may"
                  + " register adapters; an entry can then be changed or deleted only from the"
                  + " address that registered it. Empty: none (registry writes need the token)."),
          key(
              "registry.allowed-adapter-hosts",
              "",
              "Hosts a registered adapter uri may name (comma-separated; .example.org matches"
                  + " subdomains); empty allows any host but the always-refused ones (link-local,"
                  + " unspecified, multicast, cloud metadata)."),
          key(
              "registry.ttl",
              "PT90S",
              "An entry not refreshed (PUT) for this long is not live: another address may"
                  + " register its uri, and with registry.live-only it is not used."),
          key(
              "registry.live-only",
              "false",
              "true: entries not refreshed for registry.ttl are left out of searches and not used"
                  + " for runs. false: every entry is used, as adapters that register once and"
                  + " never refresh (the deployed ecosystem's) need."),
          key(
              "registry.adapter-base-path",
              "/model",
              "Path appended to a registered adapter's uri to reach its lifecycle endpoints."),
          secret(
              "callbacks.secret",
              "",
              "API_SHARED_SECRET",
              "Sent as Authorization: Bearer <secret> with every callback."),
          secret(
              "callbacks.signing-key",
              "",
              "RUNNER_CALLBACK_SIGNING_KEY",
              "HMAC-SHA256 key signing every callback (X-Model-Runner-Signature). Default: the"
                  + " callbacks.secret when set."),
          key(
              "callbacks.allowed-hosts",
              "localhost:*,127.0.0.1:*,[::1]:*",
              "Hosts and ports callbacks may go to, comma-separated: host (its scheme's default"
                  + " port only, 80 or 443), host:port, or host:* (any port); .example.org"
                  + " matches subdomains; IPv6 in brackets ([::1]:*); * allows any host and port."
                  + " A request whose callbackURL names another host or port is refused."),
          key("callbacks.timeout", "PT10S", "Timeout of one callback attempt."),
          key(
              "callbacks.attempts",
              "5",
              "Attempts of the start callback that a run waits for (its answer may cancel the"
                  + " run); the outbox goes on retrying it afterwards."),
          key(
              "callbacks.retry-period",
              "PT24H",
              "How long a callback is retried (network errors, 408, 429, 5xx) from when it was"
                  + " made; it is kept in the database meanwhile, across restarts."),
          key(
              "callbacks.max-backoff",
              "PT5M",
              "Longest wait between two attempts of a callback (the wait doubles from 0.5 s)."),
          key(
              "callbacks.delivery-threads",
              "4",
              "Callback attempts made at once by this node's outbox."),
          key("runs.max-concurrent", "2", "Runs executing at once on this node."),
          key(
              "runs.queue-limit",
              "1000",
              "Most QUEUED runs; beyond it POST /api/runs answers 429 with Retry-After."),
          key(
              "runs.keep-on-failure",
              "false",
              "Keep the workspace of a failed run on disk for debugging."),
          key(
              "runs.reuse-stored-results",
              "false",
              "Answer a run from the store when the same request and image ran before."),
          key("runs.log-tail-max-lines", "1000", "Most lines GET /api/runs/{id}/log returns."),
          key(
              "runs.retention",
              "P30D",
              "Ended runs older than this are deleted from the database with their stage history"
                  + " and callbacks (results in the store stay); a request id whose run was deleted"
                  + " may be dispatched again. Empty keeps runs forever."),
          key(
              "export.threads",
              "0",
              "Threads compressing export zips, shared by all runs of this node (a zip's bytes do"
                  + " not depend on it). 0: a quarter of the available processors, at least 1."),
          key("watchdog.interval", "PT1S", "How often deadlines are checked."),
          key(
              "shutdown.grace",
              "PT30S",
              "On SIGTERM, how long running models may finish; runs still going are left to be"
                  + " reattached on the next start."),
          key(
              "logging.format",
              "plain",
              "plain: text lines; json: one JSON object per line (timestamp, level, logger,"
                  + " thread, message, runId, model, requestId, stackTrace). Its variable also sets"
                  + " it for run, validate and check."));

  /** Every key: the sections', then the deadlines. */
  public static final List<Key> ALL = Stream.concat(SECTIONS.stream(), DEADLINES.stream()).toList();

  private ConfigKeys() {}

  public static Optional<Key> find(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  private static Key key(String name, String defaultValue, String doc) {
    return new Key(name, defaultValue, null, false, doc);
  }

  private static Key secret(String name, String defaultValue, String envAlias, String doc) {
    return new Key(name, defaultValue, envAlias, true, doc);
  }
}
