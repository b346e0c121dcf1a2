package io.vwmedia.config;

/** A setting is missing or out of range: raised at start-up, naming the key and what it accepts. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
