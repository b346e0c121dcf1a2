package io.vwmedia.simulation.model;

/** A rendition of the ladder: a video rung by its picture height, or the audio rendition (height 0). */
public record Rung(String name, int height) {

  public boolean audio() {
    return height == 0;
  }
}
