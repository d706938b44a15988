# One image recipe for the three services, chosen by build arguments, e.g.
#   docker build --build-arg SERVICE=report-service --build-arg PORT=8082 -t report-service .
# docker-compose.yml builds each service this way.
ARG SERVICE=activity-service

FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY activity-events activity-events
COPY test-support test-support
COPY service-security service-security
COPY event-intake event-intake
COPY activity-service activity-service
COPY report-service report-service
COPY notification-service notification-service
COPY local-stack/pom.xml local-stack/pom.xml
COPY system-tests/pom.xml system-tests/pom.xml
RUN ./mvnw -B -ntp -pl ${SERVICE} -am -DskipTests -Dspring-javaformat.skip=true package \
    && cp ${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar /src/app.jar

FROM eclipse-temurin:17-jre
ARG PORT=8081
ENV SERVER_PORT=${PORT}
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home tracker
WORKDIR /app
COPY --from=build /src/app.jar app.jar
USER 10001
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=6 \
  CMD curl -fsS "http://127.0.0.1:${SERVER_PORT}/actuator/health" | grep -q '"UP"' || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar", "--spring.profiles.active=docker"]
