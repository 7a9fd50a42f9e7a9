package io.moniflux.delivery;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a test sends its load and how. {@code type} selects the protocol; {@code http}, the Go
 * service's JSON format, is the default, and {@code {type, endpoint}} is enough to start with any
 * type. The other fields are options; each protocol reads only its own and refuses the rest.
 *
 * @param apiKey             a secret, sent in the protocol's own auth header; never returned by the API
 *                           nor written to logs
 * @param headers            extra HTTP headers; their values are secrets like the apiKey (they often carry
 *                           credentials): stored encrypted, never returned
 * @param compression        {@code gzip} or {@code none} (default)
 * @param tls                trust for https and TLS endpoints
 * @param tenant             Loki's X-Scope-OrgID
 * @param index              Elasticsearch index or data stream; Splunk index
 * @param encoding           OTLP/HTTP body: {@code protobuf} (default) or {@code json}
 * @param transport          syslog: {@code tcp} (default) or {@code udp}
 * @param facility           syslog facility, 0-23 (default 1, user)
 * @param appName            syslog APP-NAME; Splunk source
 * @param resourceAttributes OTLP resource attributes (service.name and friends)
 * @param database           InfluxDB 1.x database
 * @param org                InfluxDB 2.x organization
 * @param bucket             InfluxDB 2.x bucket
 * @param rotation           file: when to start a new file and how many to keep
 */
public record Destination(
        String name,
        String type,
        String endpoint,
        Integer port,
        Secret apiKey,
        Map<String, Secret> headers,
        String compression,
        Tls tls,
        String tenant,
        String index,
        String encoding,
        String transport,
        Integer facility,
        String appName,
        Map<String, String> resourceAttributes,
        String database,
        String org,
        String bucket,
        Rotation rotation) {

    public static final String DEFAULT_TYPE = "http";

    /** Trust for TLS: a CA certificate (PEM) to trust, or no verification at all for lab setups. */
    public record Tls(Boolean insecureSkipVerify, String caCertificate) {

        boolean insecure() {
            return Boolean.TRUE.equals(insecureSkipVerify);
        }
    }

    /** A new file after {@code maxBytes} or {@code maxAgeSeconds}; {@code retain} files are kept. */
    public record Rotation(Long maxBytes, Long maxAgeSeconds, Integer retain) {
    }

    public Destination {
        type = type == null || type.isBlank() ? DEFAULT_TYPE : type.strip().toLowerCase(Locale.ROOT);
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        resourceAttributes = resourceAttributes == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resourceAttributes));
        compression = compression == null ? null : compression.strip().toLowerCase(Locale.ROOT);
        encoding = encoding == null ? null : encoding.strip().toLowerCase(Locale.ROOT);
        transport = transport == null ? null : transport.strip().toLowerCase(Locale.ROOT);
    }

    /** A destination with just the Go service's fields. */
    public static Destination of(String name, String type, String endpoint, Integer port, String apiKey) {
        return new Destination(name, type, endpoint, port, Secret.of(apiKey), null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    public Destination withApiKey(Secret newApiKey) {
        return new Destination(name, type, endpoint, port, newApiKey, headers, compression, tls, tenant, index, encoding,
                transport, facility, appName, resourceAttributes, database, org, bucket, rotation);
    }

    /** The extra headers' values, for the requests. */
    public Map<String, String> headerValues() {
        Map<String, String> values = new LinkedHashMap<>();
        headers.forEach((name, value) -> values.put(name, value == null ? null : value.value()));
        return values;
    }

    /** The apiKey's value, for the protocol's auth header; null when there is none. */
    public String apiKeyValue() {
        return apiKey == null ? null : apiKey.value();
    }

    public boolean gzip() {
        return "gzip".equals(compression);
    }

    /** The options this destination sets, by JSON field name (for checking them against a protocol). */
    Map<String, Object> options() {
        Map<String, Object> set = new LinkedHashMap<>();
        put(set, "headers", headers.isEmpty() ? null : headers);
        put(set, "compression", compression);
        put(set, "tls", tls);
        put(set, "tenant", tenant);
        put(set, "index", index);
        put(set, "encoding", encoding);
        put(set, "transport", transport);
        put(set, "facility", facility);
        put(set, "appName", appName);
        put(set, "resourceAttributes", resourceAttributes.isEmpty() ? null : resourceAttributes);
        put(set, "database", database);
        put(set, "org", org);
        put(set, "bucket", bucket);
        put(set, "rotation", rotation);
        return set;
    }

    private static void put(Map<String, Object> set, String key, Object value) {
        if (value != null) {
            set.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "Destination[name=" + name + ", type=" + type + ", endpoint=" + endpoint + ", port=" + port
                + ", apiKey=" + (apiKey == null ? "none" : "****") + ", options=" + options().keySet() + "]";
    }
}
