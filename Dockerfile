# Course Portal image: build with the SDK, run on the ASP.NET runtime as the non-root `app` user.
# All state (database, uploaded files, keys) lives in the /data volume.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The image's architecture decides the runtime identifier (x64 unless built for arm64).
ARG TARGETARCH
WORKDIR /src
# Restore in its own layer, so a code change does not download packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CoursePortal/CoursePortal.csproj src/CoursePortal/
RUN rid="linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" \
    && dotnet restore src/CoursePortal/CoursePortal.csproj --runtime "$rid" -p:PublishReadyToRun=true
COPY appsettings.json ./
COPY src/ src/
# ReadyToRun: compiled ahead of time, so the portal starts answering sooner.
RUN rid="linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" \
    && dotnet publish src/CoursePortal/CoursePortal.csproj --configuration Release --no-restore --runtime "$rid" \
       --self-contained false -p:PublishReadyToRun=true --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
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
    CMD ["dotnet", "CoursePortal.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "CoursePortal.dll"]
