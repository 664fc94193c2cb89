# The one image every autoheal action runs (published to GHCR and referenced as docker://…).
#
# Built from WHEELS prepared on the host by scripts/build-image.sh (the project's wheel plus its
# dependencies' wheels for the base image's Python), so the build never needs the network and
# behaves the same on GitHub (official python slim base) and on machines that use a local
# stand-in base. The base's only contract: `python3` on PATH with a working `-m venv`.
#
# The build context must hold `wheels/deps/` and `wheels/project/` and nothing else (see .dockerignore).

ARG BASE_IMAGE=python:3.12-slim@sha256:78387bc3881b8273120a12ebe6c1ab22b018ccc2c9adf565ae1ac9b536e184ea

# --- install stage: a virtualenv with autoheal and its dependencies, pip removed afterwards ---
FROM ${BASE_IMAGE} AS install
# Marks this project's build images so scripts/build-image.sh prunes only its own leftovers.
LABEL io.autoheal.build="install"
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_INPUT=1
# --no-index: nothing comes from the network. Bytecode is compiled now so every container start
# skips compiling. Dependencies first, in their own cached layer, so a change to autoheal alone
# rebuilds only the small layer below. pip check proves the dependency wheels (resolved from
# autoheal's metadata by build-image.sh) are complete. Then cryptography (16 MB) goes: it only
# serves PyJWT's RS256 for GitHub App JWTs, autoheal authenticates with tokens (GITHUB_TOKEN or a
# PAT), and PyJWT imports it optionally. The dependencies' own test suites go too.
COPY wheels/deps/ /tmp/wheels/deps/
RUN python3 -m venv /opt/autoheal \
    && /opt/autoheal/bin/python -m pip install --no-index --only-binary=:all: --no-deps \
        /tmp/wheels/deps/*.whl \
    && /opt/autoheal/bin/python -m pip check \
    && /opt/autoheal/bin/python -m pip uninstall --yes cryptography \
    && find /opt/autoheal/lib -path '*/site-packages/*/tests' -type d -prune -exec rm -rf {} +
# autoheal itself; pip and setuptools only install, the runtime never needs them.
COPY wheels/project/ /tmp/wheels/project/
RUN /opt/autoheal/bin/python -m pip install --no-index --only-binary=:all: --no-deps \
        /tmp/wheels/project/autoheal-*.whl \
    && /opt/autoheal/bin/python -m pip uninstall --yes pip setuptools \
    && /opt/autoheal/bin/python -c "import autoheal.cli, github, jsonschema, jwt; assert not jwt.algorithms.has_crypto"

# --- runtime stage: the base plus the virtualenv; no wheels, no pip cache, no build tools ---
FROM ${BASE_IMAGE}
# Actions run this image as root on purpose: the runner mounts the workspace and the file-command
# directory owned by the runner's user and documents that Docker actions must not set USER.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/autoheal/bin:$PATH
COPY --from=install /opt/autoheal /opt/autoheal
LABEL io.autoheal.build="runtime" \
      org.opencontainers.image.title="autoheal" \
      org.opencontainers.image.description="GitHub Actions, in Python, that heal CI" \
      org.opencontainers.image.licenses="MIT"
ENTRYPOINT ["autoheal"]
