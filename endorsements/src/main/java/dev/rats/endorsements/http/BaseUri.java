package dev.rats.endorsements.http;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The base URL of an endorsement service or of a proxy standing in for it (DESIGN §5: base URLs are
 * configurable): {@code http(s)://host[:port][/path]} without query or fragment. A path prefix is
 * kept; trailing slashes are dropped so that resource paths can be appended.
 */
public final class BaseUri {

    private BaseUri() {
    }

    /**
     * {@code base} without trailing slashes.
     *
     * @param service the service's name for the error message, e.g. "KDS"
     * @throws IllegalArgumentException if it is not an http(s) URL with a host, or has a query or fragment
     */
    public static URI of(URI base, String service) {
        Objects.requireNonNull(base, "base");
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || base.getHost() == null
                || base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException(service + " base URL must be http(s)://host[:port][/path] without query: " + base);
        }
        String text = base.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }
}
