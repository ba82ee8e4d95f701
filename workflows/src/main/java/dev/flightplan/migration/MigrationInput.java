package dev.flightplan.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flightplan.plan.MigrationPlan;

/** The workflow's input: a validated, self-contained plan (file references already embedded). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MigrationInput(MigrationPlan plan, String startedBy, String fleet) {
  public MigrationInput(MigrationPlan plan, String startedBy) {
    this(plan, startedBy, null);
  }
}
