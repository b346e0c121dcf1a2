package io.vwmedia.topology.template;

/** A template or a per-asset override is invalid: the message says which field and what is allowed. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }
}
