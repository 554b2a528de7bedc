package dev.rats.endorsements.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every wait and advances the clock by it, instead of sleeping. */
public final class FakeSleeper implements Sleeper {

    public final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final MutableClock clock;

    public FakeSleeper(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
        waits.add(duration);
        clock.advance(duration);
    }
}
