package dev.flightplan.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One thing that happened, in workflow time. {@code by} is the person who caused it, when one did. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TimelineEntry(long atMillis, String kind, String text, String by) {}
