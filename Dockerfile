# Course Portal image: build with the SDK; the portal is self-contained (it carries its own .NET runtime)
# and runs on the runtime's dependencies image as the non-root `app` user.
# All state (database, uploaded files, keys) lives in the /data volume.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The image's architecture decides the runtime identifier (x64 unless built for arm64).
ARG TARGETARCH
WORKDIR /src
# Restore in its own layer, so a code change does not download packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CoursePortal/CoursePortal.csproj src/CoursePortal/
RUN rid="linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" \
    && dotnet restore src/CoursePortal/CoursePortal.csproj --runtime "$rid" -p:SelfContained=true -p:PublishReadyToRun=true
COPY appsettings.json ./
COPY src/ src/
# Self-contained with composite ReadyToRun: the framework and the portal compiled ahead of time together,
# so far less is compiled at start; it answers its first request in about two thirds of the time of a
# framework-dependent build (bench/RESULTS.md, run 10). With nearly all code precompiled, tiered
# compilation (recompiling hot code while running) is turned off: about 33 MB less memory for a course
# page served about 10 % slower (run 11). The same flags are in bench/run.sh.
RUN rid="linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" \
    && dotnet publish src/CoursePortal/CoursePortal.csproj --configuration Release --no-restore --runtime "$rid" \
       --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:TieredCompilation=false \
       --output /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown "$APP_UID" /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Portal__DataDirectory=/data
VOLUME /data
EXPOSE 8080
USER $APP_UID
# The image has neither curl nor wget: the app checks itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/app/CoursePortal", "healthcheck"]
ENTRYPOINT ["/app/CoursePortal"]
