package dev.gantry.operator.prometheus;

import java.time.Instant;

/** One point of a range-query series. */
public record PromPoint(Instant time, double value) {}
