package dev.flightplan.plan;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a plan record of which exactly one of the named fields must be set (a router, a metric provider, a trigger's
 * condition). An empty list means every field of the record. The validator reports none or several with the record's
 * path.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ExactlyOne {

  /** The fields (as written in YAML) of which one must be set; empty for all of them. */
  String[] value() default {};

  /** What the fields are, for messages: {@code router}, {@code metric provider}. */
  String label();
}
