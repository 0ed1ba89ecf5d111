package io.lstmstreams.config;

import java.util.Map;
import java.util.stream.Collectors;

/** A configuration value that cannot be used; the message names the key and the bad value. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, Object value, String why) {
        super("invalid configuration: " + key + "=" + value + " (" + why + ")");
    }

    /** Settings that are wrong together, each shown as {@code key=value}, in the map's order. */
    public ConfigException(Map<String, ?> settings, String why) {
        super("invalid configuration: " + settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")) + " (" + why + ")");
    }
}
