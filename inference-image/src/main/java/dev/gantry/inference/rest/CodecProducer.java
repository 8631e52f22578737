package dev.gantry.inference.rest;

import dev.gantry.inference.protocol.JsonInferCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One shared JSON codec (its mapper is thread-safe and costly to build). */
public class CodecProducer {

  @Produces
  @Singleton
  JsonInferCodec jsonInferCodec() {
    return new JsonInferCodec();
  }
}
