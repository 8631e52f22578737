package dev.gantry.inference.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Per-thread reusable direct buffers, one per input slot. ONNX Runtime wraps a direct buffer
 * without copying, while creating a tensor from a Java array allocates a fresh direct buffer on
 * every call (about 1 µs per row, measured); so each thread copies into its own buffers and keeps
 * them. A buffer must not change while a tensor built on it is alive: tensors live only within one
 * run on the same thread.
 */
final class DirectBuffers {

  private static final ThreadLocal<ByteBuffer[]> SLOTS =
      ThreadLocal.withInitial(() -> new ByteBuffer[8]);

  private DirectBuffers() {}

  static ByteBuffer get(int slot, int bytes) {
    ByteBuffer[] slots = SLOTS.get();
    if (slot >= slots.length) {
      ByteBuffer[] grown = new ByteBuffer[Math.max(slot + 1, slots.length * 2)];
      System.arraycopy(slots, 0, grown, 0, slots.length);
      slots = grown;
      SLOTS.set(slots);
    }
    ByteBuffer buffer = slots[slot];
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(Math.max(bytes, 256)).order(ByteOrder.nativeOrder());
      slots[slot] = buffer;
    }
    buffer.clear().limit(bytes);
    return buffer;
  }
}
