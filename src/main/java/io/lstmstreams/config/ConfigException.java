package io.lstmstreams.config;

/** A configuration value that cannot be used; the message names the key and the bad value. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, Object value, String why) {
        super("invalid configuration: " + key + "=" + value + " (" + why + ")");
    }
}
