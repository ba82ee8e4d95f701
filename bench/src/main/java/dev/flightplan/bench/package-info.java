/**
 * Benchmarks: each {@code *Benchmark} class has a main method that measures one figure on this machine and prints
 * it with its median and spread (and a ratio against its target or a reference). Run them with {@code bench/run}.
 */
package dev.flightplan.bench;
