package dev.flightplan.plan;

import java.util.Map;

/** The plan's name becomes the workflow id, so only one migration of that name can run at a time. */
public record Metadata(@Required String name, Map<String, String> labels) {}
