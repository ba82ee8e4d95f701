package dev.flightplan.migration;

/** Placeholder while the lead writes the implementation; it keeps the other modules compiling. */
public class MigrationWorkflowImpl implements MigrationWorkflow {
  @Override
  public MigrationResult run(MigrationInput input) {
    throw new UnsupportedOperationException("being written");
  }

  @Override
  public void approve(Decision decision) {}

  @Override
  public void reject(Decision decision) {}

  @Override
  public void abort(Decision decision) {}

  @Override
  public void pause(Decision decision) {}

  @Override
  public void resume(Decision decision) {}

  @Override
  public void retry(Decision decision) {}

  @Override
  public void skip(Decision decision) {}

  @Override
  public MigrationStatus status() {
    return null;
  }
}
