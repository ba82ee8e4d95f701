package dev.flightplan.cli;

/** The CLI's exit codes, stable for scripts; {@code flightplan --help} lists them. */
public final class ExitCodes {
  /** Done; for {@code watch}, the migration completed. */
  public static final int OK = 0;

  /**
   * The migration ended badly (rolled back, aborted), or something failed that has no code of its
   * own.
   */
  public static final int FAILED = 1;

  /** The plan is invalid, or the command line or a setting is wrong. */
  public static final int USAGE = 2;

  /** No migration of that name in the namespace. */
  public static final int NOT_FOUND = 3;

  /** Refused: the migration is already running, has ended, or declined the signal. */
  public static final int REFUSED = 4;

  /** Temporal cannot be reached or refuses our credentials. */
  public static final int UNREACHABLE = 5;

  private ExitCodes() {}
}
