package dev.rats.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Whether the external programs that tests start for real (swtpm, tpm2-tools, redis-server) are installed. */
public final class Executables {

    private Executables() {
    }

    /** Whether {@code name} is an executable file in a directory of {@code PATH}. */
    public static boolean onPath(String name) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, name)));
    }
}
