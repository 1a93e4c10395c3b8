# One image for the orchestrator and the worker (every task pod runs the worker from it).
# Build:  docker build -t registry.example.com/sync:1.0.0 .   Push: docker push registry.example.com/sync:1.0.0
ARG DOTNET_VERSION=10.0

# --- build stage: SDK, restore and publish; nothing of it reaches the final image but the published folders
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Sync.sln ./
COPY worker/ worker/
COPY orchestrator/ orchestrator/
# the worker's publish folder carries native libzstd for ORC ZSTD decoding and encoding (ZstdNet's runtimes/linux-*/native, glibc):
# the runtime image needs no libzstd package
RUN dotnet publish orchestrator/Sync.Orchestrator/Sync.Orchestrator.csproj -c Release -o /out/orchestrator \
 && dotnet publish worker/Sync.Worker/Sync.Worker.csproj -c Release -o /out/worker

# --- runtime stage: ASP.NET runtime only, no SDK, no compilers, non-root
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
RUN groupadd --system --gid 10001 sync \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin sync
WORKDIR /app
# Owned by root and read-only to the service user: the root filesystem can be mounted read-only.
COPY --from=build --chown=root:root /out/orchestrator /app/orchestrator
COPY --from=build --chown=root:root /out/worker /app/worker
COPY --chown=root:root dags/ /app/dags/
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    SYNC_WORKER_DLL=/app/worker/Sync.Worker.dll
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/orchestrator/Sync.Orchestrator.dll"]
