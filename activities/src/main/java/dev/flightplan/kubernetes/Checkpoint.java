package dev.flightplan.kubernetes;

import dev.flightplan.activities.ObjectRef;
import java.util.Map;

/**
 * What an object looked like before an activity first touched it, recorded as heartbeat details
 * before the change. A retried attempt (the first one changed the object, then failed or lost its
 * result) reads it back instead of taking the already-changed object for the original, so the undo
 * record stays the true "before". Best effort: Temporal has the details once the heartbeat reached
 * the server or the failed attempt reported them; a worker killed in between loses them, and the
 * retry then records what it sees.
 *
 * @param before the snapshot (status and managed fields left out), null when the object did not
 *     exist
 */
public record Checkpoint(ObjectRef ref, Map<String, Object> before, boolean existed) {

  /**
   * The live object as an undo record: everything the user owns plus identifying metadata, without
   * status.
   */
  public static Map<String, Object> snapshot(Map<String, Object> live) {
    if (live == null) {
      return null;
    }
    Map<String, Object> copy = JsonMaps.deepCopy(live);
    copy.remove("status");
    Map<String, Object> metadata = JsonMaps.map(copy, "metadata");
    if (metadata != null) {
      metadata.remove("managedFields");
    }
    return copy;
  }
}
