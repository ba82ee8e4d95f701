package dev.flightplan.fleet;

import static dev.flightplan.fleet.Fleets.system;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.plan.FleetPlan;
import dev.flightplan.plan.Wave;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetBookTest {

  private static FleetBook bookWithTwoRunning() {
    FleetPlan plan =
        Fleets.fleet(
            "book-fleet",
            List.of(system("a"), system("b"), system("c")),
            List.of(new Wave("all", null, List.of("a", "b", "c"), 2, null, null)));
    FleetBook book = FleetBook.start(plan, 0);
    book.stage = FleetState.RUNNING;
    book.put(book.get("a").started("book-fleet/a", 1_000));
    book.put(book.get("b").started("book-fleet/b", 2_000));
    return book;
  }

  @Test
  void nextActionNamesTheRunningMigrations() {
    assertThat(bookWithTwoRunning().status(3_000).nextAction())
        .isEqualTo("2 migration(s) running in wave 'all'");
  }

  @Test
  void nextActionExplainsAHandOverDrainAndThatNothingIsNeeded() {
    FleetBook book = bookWithTwoRunning();
    book.handingOver = true;

    assertThat(book.status(3_000).nextAction())
        .isEqualTo(
            "continuing as new to keep the history bounded: no new migration starts until the 2 running"
                + " one(s) in wave 'all' finish, then the wave goes on (nothing to do)");
  }
}
