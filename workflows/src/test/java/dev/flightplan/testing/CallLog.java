package dev.flightplan.testing;

import java.util.ArrayList;
import java.util.List;

/** The ordered record of every activity call the fakes received, shared by all of them. */
public final class CallLog {
  private final List<String> calls = new ArrayList<>();

  public synchronized void add(String call) {
    calls.add(call);
  }

  public synchronized List<String> all() {
    return List.copyOf(calls);
  }

  /** The calls after the first one that starts with {@code marker}. */
  public synchronized List<String> after(String marker) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).startsWith(marker)) {
        return List.copyOf(calls.subList(i + 1, calls.size()));
      }
    }
    throw new AssertionError("no call starting with '" + marker + "' in " + calls);
  }

  public synchronized List<String> startingWith(String prefix) {
    return calls.stream().filter(c -> c.startsWith(prefix)).toList();
  }
}
