package dev.flightplan.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json} for commands a script would read. */
final class OutputOption {

  enum Format {
    text,
    json
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE})")
  Format format = Format.text;

  boolean json() {
    return format == Format.json;
  }
}
