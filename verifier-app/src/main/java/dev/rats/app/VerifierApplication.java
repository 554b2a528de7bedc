package dev.rats.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The verifier service: REST API, challenges, EAR tokens (DESIGN §9). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VerifierApplication {

    public static void main(String[] args) {
        SpringApplication.run(VerifierApplication.class, args);
    }
}
