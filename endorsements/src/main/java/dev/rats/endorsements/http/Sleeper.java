package dev.rats.endorsements.http;

import java.time.Duration;

/** Waits between HTTP attempts. Injected so that tests of backoff and {@code Retry-After} do not really sleep. */
@FunctionalInterface
public interface Sleeper {

    /** {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = duration -> {
        if (duration.isPositive()) {
            Thread.sleep(duration);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
