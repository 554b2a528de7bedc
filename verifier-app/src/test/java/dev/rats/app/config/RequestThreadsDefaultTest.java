package dev.rats.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Virtual request threads by default from Java 24 (JEP 491), never over an explicit setting. */
class RequestThreadsDefaultTest {

    private final RequestThreadsDefault processor = new RequestThreadsDefault();

    @Test
    void virtualThreadsAreTheDefaultOnlyWhereSynchronizedCodeDoesNotPin() {
        assertThat(RequestThreadsDefault.virtualByDefault(21)).isFalse();
        assertThat(RequestThreadsDefault.virtualByDefault(23)).isFalse();
        assertThat(RequestThreadsDefault.virtualByDefault(24)).isTrue();
        assertThat(RequestThreadsDefault.virtualByDefault(25)).isTrue();
    }

    @Test
    void withoutASettingTheDefaultForThisRuntimeIsAdded() {
        MockEnvironment environment = new MockEnvironment();
        processor.postProcessEnvironment(environment, null);
        assertThat(environment.getProperty(RequestThreadsDefault.PROPERTY, Boolean.class))
                .isEqualTo(Runtime.version().feature() >= 24);
    }

    @Test
    void anExplicitSettingWins() {
        MockEnvironment off = new MockEnvironment().withProperty(RequestThreadsDefault.PROPERTY, "false");
        processor.postProcessEnvironment(off, null);
        assertThat(off.getProperty(RequestThreadsDefault.PROPERTY, Boolean.class)).isFalse();

        MockEnvironment on = new MockEnvironment().withProperty(RequestThreadsDefault.PROPERTY, "true");
        processor.postProcessEnvironment(on, null);
        assertThat(on.getProperty(RequestThreadsDefault.PROPERTY, Boolean.class)).isTrue();
    }
}
