package dev.gantry.inference.rest;

import dev.gantry.inference.config.InferenceConfig;
import dev.gantry.inference.protocol.JsonInferCodec;
import dev.gantry.inference.protocol.RequestLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One shared JSON codec (its mapper is thread-safe and costly to build) and the request limits. */
public class CodecProducer {

  @Produces
  @Singleton
  RequestLimits requestLimits(InferenceConfig config) {
    var l = config.limits();
    return new RequestLimits(
        l.maxRequestBytes().asLongValue(),
        l.maxTensors(),
        l.maxElements(),
        l.maxElementBytes().asLongValue());
  }

  @Produces
  @Singleton
  JsonInferCodec jsonInferCodec(RequestLimits limits) {
    return new JsonInferCodec(limits);
  }
}
