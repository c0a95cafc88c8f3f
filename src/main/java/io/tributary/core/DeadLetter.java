package io.tributary.core;

/** One raw item that could not be normalised, with the reason; it goes to the dead-letter topic. */
public record DeadLetter(byte[] raw, String error) {
}
