# Multi-stage build of the verifier service: the same build as README.md ("Build and run").
# Build:  docker build -t rats-verifier .
# Run:    docker run -p 8080:8080 -v verifier-data:/var/lib/verifier rats-verifier

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml openapi.yaml ./
COPY scripts/ scripts/
COPY testkit/ testkit/
COPY evidence-parsers/ evidence-parsers/
COPY endorsements/ endorsements/
COPY reference-values/ reference-values/
COPY policy/ policy/
COPY verifier-cli/ verifier-cli/
COPY verifier-app/ verifier-app/
COPY benchmarks/ benchmarks/
COPY integration-tests/ integration-tests/
RUN scripts/with-jdk.sh ./mvnw -B -ntp package -DskipTests

FROM eclipse-temurin:25-jre
RUN groupadd --system verifier && useradd --system --gid verifier --home-dir /var/lib/verifier verifier \
    && mkdir -p /var/lib/verifier && chown verifier:verifier /var/lib/verifier
COPY --from=build /src/verifier-app/target/verifier-app.jar /opt/verifier/verifier-app.jar
COPY --from=build /src/verifier-cli/target/verifier-cli.jar /opt/verifier/verifier-cli.jar
USER verifier
WORKDIR /var/lib/verifier
ENV VERIFIER_DATA_DIR=/var/lib/verifier
VOLUME /var/lib/verifier
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/verifier/verifier-app.jar"]
