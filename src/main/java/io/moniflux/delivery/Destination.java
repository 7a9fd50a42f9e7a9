package io.moniflux.delivery;

/**
 * Where a test sends its load and how. {@code type} selects the protocol adapter; {@code http}, the
 * Go service's JSON format, is the default.
 *
 * @param apiKey a secret: never returned by the API nor written to logs
 */
public record Destination(String name, String type, String endpoint, Integer port, String apiKey) {

    public static final String DEFAULT_TYPE = "http";

    public Destination {
        type = type == null || type.isBlank() ? DEFAULT_TYPE : type.strip().toLowerCase(java.util.Locale.ROOT);
    }

    public Destination withApiKey(String newApiKey) {
        return new Destination(name, type, endpoint, port, newApiKey);
    }

    @Override
    public String toString() {
        return "Destination[name=" + name + ", type=" + type + ", endpoint=" + endpoint + ", port=" + port
                + ", apiKey=" + (apiKey == null ? "none" : "****") + "]";
    }
}
