package dev.rats.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module dependency directions of DESIGN §2: arrows only point down the table, and only
 * the service module imports Spring. One root package per module:
 * evidence-parsers {@code dev.rats.evidence}, endorsements {@code dev.rats.endorsements},
 * reference-values {@code dev.rats.refvalues}, policy {@code dev.rats.policy},
 * verifier-cli {@code dev.rats.cli}, testkit {@code dev.rats.testkit}, verifier-app {@code dev.rats.app} (read from
 * its build output, since a Spring Boot jar cannot be a dependency).
 * The testkit depends on none of the others: it is an independent implementation of the formats,
 * so tests cross-check the parsers instead of sharing their mistakes.
 */
class ModuleDependencyRulesTest {

    private static final String EVIDENCE = "dev.rats.evidence..";
    private static final String ENDORSEMENTS = "dev.rats.endorsements..";
    private static final String REFVALUES = "dev.rats.refvalues..";
    private static final String POLICY = "dev.rats.policy..";
    private static final String CLI = "dev.rats.cli..";
    private static final String TESTKIT = "dev.rats.testkit..";
    private static final String APP = "dev.rats.app..";

    private static JavaClasses classes;

    /** The service is a Spring Boot jar, not a dependency of this module: its classes are read from its build. */
    private static final Path APP_CLASSES = Path.of("..", "verifier-app", "target", "classes");

    @BeforeAll
    static void importProductionClasses() {
        Set<Location> locations = new HashSet<>(Locations.ofPackage("dev.rats"));
        if (!Files.isDirectory(APP_CLASSES)) {
            throw new IllegalStateException("build verifier-app before these rules: " + APP_CLASSES.toAbsolutePath());
        }
        locations.add(Location.of(APP_CLASSES));
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importLocations(locations);
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : new String[] {"dev.rats.evidence", "dev.rats.endorsements", "dev.rats.refvalues",
            "dev.rats.policy", "dev.rats.cli", "dev.rats.testkit", "dev.rats.app"}) {
            org.assertj.core.api.Assertions.assertThat(classes.containPackage(pkg)).as(pkg).isTrue();
        }
    }

    @Test
    void evidenceParsersDependOnNoOtherModule() {
        noClasses().that().resideInAPackage(EVIDENCE)
                .should().dependOnClassesThat().resideInAnyPackage(ENDORSEMENTS, REFVALUES, POLICY, CLI, TESTKIT, APP)
                .check(classes);
    }

    @Test
    void endorsementsDependOnlyOnEvidenceParsers() {
        noClasses().that().resideInAPackage(ENDORSEMENTS)
                .should().dependOnClassesThat().resideInAnyPackage(REFVALUES, POLICY, CLI, TESTKIT, APP)
                .check(classes);
    }

    @Test
    void referenceValuesDependOnNoOtherModule() {
        noClasses().that().resideInAPackage(REFVALUES)
                .should().dependOnClassesThat().resideInAnyPackage(EVIDENCE, ENDORSEMENTS, POLICY, CLI, TESTKIT, APP)
                .check(classes);
    }

    @Test
    void policyNeverDependsOnEndorsementsOrSurfaces() {
        // the pipeline asks for endorsements through interfaces of evidence-parsers (DESIGN §2)
        noClasses().that().resideInAPackage(POLICY)
                .should().dependOnClassesThat().resideInAnyPackage(ENDORSEMENTS, CLI, TESTKIT, APP)
                .check(classes);
    }

    @Test
    void cliDependsOnNeitherServiceNorTestkit() {
        noClasses().that().resideInAPackage(CLI)
                .should().dependOnClassesThat().resideInAnyPackage(TESTKIT, APP)
                .check(classes);
    }

    @Test
    void theServiceNeverUsesTheTestkitOrTheCli() {
        noClasses().that().resideInAPackage(APP)
                .should().dependOnClassesThat().resideInAnyPackage(TESTKIT, CLI)
                .check(classes);
    }

    @Test
    void testkitIsIndependentOfTheProduct() {
        noClasses().that().resideInAPackage(TESTKIT)
                .should().dependOnClassesThat().resideInAnyPackage(EVIDENCE, ENDORSEMENTS, REFVALUES, POLICY, CLI, APP)
                .check(classes);
    }

    @Test
    void onlyTheServiceUsesSpring() {
        noClasses().that().resideOutsideOfPackage(APP)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(classes);
    }
}
