package io.clipstream.operators.analysis.shots.model;

/**
 * Consecutive frames for the transition network, each packed RGB of {@link TransitionNetwork#WIDTH}
 * x {@link TransitionNetwork#HEIGHT} pixels.
 */
public record FrameWindow(byte[][] frames) {}
