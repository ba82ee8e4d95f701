package dev.flightplan.migration;

import dev.flightplan.activities.ObjectRef;
import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import java.util.Map;

/**
 * What rollback must do to undo one change, holding what the cluster looked like before the change. Pushed before
 * the change is made, so a change interrupted half-way is still undone.
 */
sealed interface UndoAction {

  String describe();

  record RestoreObject(ObjectRef ref, Map<String, Object> before) implements UndoAction {
    public String describe() {
      return before == null ? "delete " + ref + " (created by this migration)" : "restore " + ref + " to its previous state";
    }
  }

  record RestoreReplicas(String namespace, String deployment, int replicas) implements UndoAction {
    public String describe() {
      return "scale Deployment " + namespace + "/" + deployment + " back to " + replicas + " replicas";
    }
  }

  record RestoreImage(String namespace, String deployment, String container, String image) implements UndoAction {
    public String describe() {
      return "set image of Deployment " + namespace + "/" + deployment + " back to " + image;
    }
  }

  record RestoreSelector(String namespace, String service, Map<String, String> selector) implements UndoAction {
    public String describe() {
      return "point Service " + namespace + "/" + service + " back at " + selector;
    }
  }

  record RestoreTraffic(TrafficRequest request, TrafficState before) implements UndoAction {
    public String describe() {
      return "restore traffic between " + request.stable() + " and " + request.canary() + " to "
          + (100 - before.canaryWeight()) + "/" + before.canaryWeight() + " via " + request.router().name();
    }
  }

  record RunUndoJob(String namespace, String name, Map<String, Object> template, long timeoutMillis)
      implements UndoAction {
    public String describe() {
      return "run undo Job " + namespace + "/" + name;
    }
  }
}
