#!/usr/bin/env bash
# Prepare a Docker engine and a base image for autoheal's container tests, idempotently.
#
# Why: the actions ship as one Docker image, so the test suite runs that image the way the GitHub
# runner does. These machines have no Docker daemon and cannot reach Docker Hub, so this script
#   1. installs Debian's docker.io if dockerd is missing (apt-get update first),
#   2. starts `dockerd --storage-driver=overlay2` in the background if `docker info` fails,
#      and waits (bounded) until it answers,
#   3. makes the base image named by AUTOHEAL_BASE_IMAGE exist: the default is a locally made
#      stand-in for python:3.12-slim (debootstrap minbase bookworm + Debian's python3 and
#      python3-venv, imported with `docker import`); any other name is pulled.
# Every step is skipped when its result is already there, so a re-run is fast (about a second).
# It prints one line per step saying what it did.
#
# Usage: bash scripts/container-env.sh            prepare everything
#        bash scripts/container-env.sh --print-base   print the base image name and exit
# Environment:
#   AUTOHEAL_BASE_IMAGE      base image to provide (default: the stand-in below)
#   AUTOHEAL_DOCKERD_LOG     where dockerd's output goes (default: /tmp/autoheal-dockerd.log)
#   AUTOHEAL_DEBIAN_MIRROR   mirror for debootstrap (default: the first URI in apt's sources)
set -euo pipefail

STANDIN_BASE="autoheal-standin:bookworm-python3"
BASE_IMAGE="${AUTOHEAL_BASE_IMAGE:-$STANDIN_BASE}"

if [[ "${1:-}" == "--print-base" ]]; then
    printf '%s\n' "$BASE_IMAGE"
    exit 0
fi

say() { printf 'container-env: %s\n' "$*"; }
die() { printf 'container-env: ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else die "need root for: $* (run as root or install sudo)"
    fi
}

apt_install() {
    say "installing Debian packages: $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

engine_answers() { docker info >/dev/null 2>&1; }

# A daemon killed without cleanup (a session ended, a machine handed on) leaves pid files behind;
# dockerd then waits for a containerd that is gone (or whose pid was reused) and times out.
clear_stale_pidfiles() {
    local file pid
    for file in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
        [[ -f "$file" ]] || continue
        pid=$(cat "$file" 2>/dev/null || true)
        if [[ -n "$pid" ]] && ps -o stat=,comm= -p "$pid" 2>/dev/null \
                | grep -qE '^ *[^Z ][^ ]* +(dockerd|containerd)$'; then
            continue
        fi
        as_root rm -f "$file"
        say "removed stale pid file $file"
    done
}

ensure_engine() {
    if engine_answers; then
        say "docker engine: already running"
        return
    fi
    if ! command -v dockerd >/dev/null 2>&1; then
        apt_install docker.io
    fi
    command -v docker >/dev/null 2>&1 || die "docker CLI missing after installing docker.io"
    local log="${AUTOHEAL_DOCKERD_LOG:-/tmp/autoheal-dockerd.log}"
    if ! pgrep -x dockerd >/dev/null 2>&1; then
        clear_stale_pidfiles
        say "starting dockerd (overlay2), log: $log"
        # setsid: the daemon outlives this script and the shell that ran it.
        as_root setsid dockerd --storage-driver=overlay2 >"$log" 2>&1 </dev/null &
    else
        say "dockerd process found; waiting for it to answer"
    fi
    local deadline=$((SECONDS + ${AUTOHEAL_DOCKERD_TIMEOUT:-60}))
    until engine_answers; do
        if ((SECONDS >= deadline)); then
            tail -n 20 "$log" >&2 2>/dev/null || true
            die "dockerd did not answer \`docker info\` within ${AUTOHEAL_DOCKERD_TIMEOUT:-60}s"
        fi
        sleep 0.5
    done
    say "docker engine: up ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
}

debian_mirror() {
    if [[ -n "${AUTOHEAL_DEBIAN_MIRROR:-}" ]]; then
        printf '%s\n' "$AUTOHEAL_DEBIAN_MIRROR"
        return
    fi
    # The mirror apt already uses (deb822 or one-line sources); Debian's own as a fallback.
    local uri
    uri=$(grep -hsoE 'https?://[^ ]+' /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list 2>/dev/null \
        | grep -v -e security -e snapshot | head -n 1 || true)
    printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

build_standin_base() {
    command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
    ROOTFS=$(mktemp -d /tmp/autoheal-rootfs.XXXXXX)
    trap 'as_root rm -rf "$ROOTFS" "$ROOTFS.log"' EXIT
    local root="$ROOTFS"
    local mirror
    mirror=$(debian_mirror)
    say "building stand-in base $BASE_IMAGE: debootstrap minbase bookworm + python3 python3-venv ($mirror)"
    as_root debootstrap --variant=minbase --include=python3,python3-venv bookworm "$root" "$mirror" \
        >"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; die "debootstrap failed (log: $root.log)"; }
    # Slim like python:*-slim: no apt cache or lists, no docs, man pages or translations.
    as_root find "$root/var/cache/apt" "$root/var/lib/apt/lists" -type f -delete
    as_root rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* \
        "$root"/usr/share/info/*
    # Same contract as the official image: `python3` on PATH with a working `-m venv`.
    as_root tar -C "$root" -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["python3"]' \
        - "$BASE_IMAGE" >/dev/null
    docker run --rm "$BASE_IMAGE" python3 -c 'import ensurepip, venv' \
        || die "stand-in base lacks python3 venv/ensurepip"
    say "stand-in base $BASE_IMAGE: imported ($(docker image inspect --format '{{.Size}}' "$BASE_IMAGE" \
        | awk '{printf "%.0f MB", $1/1e6}'))"
}

ensure_base() {
    if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
        say "base image $BASE_IMAGE: already present"
    elif [[ "$BASE_IMAGE" == "$STANDIN_BASE" ]]; then
        build_standin_base
    else
        say "pulling base image $BASE_IMAGE"
        docker pull -q "$BASE_IMAGE" >/dev/null || die "cannot pull $BASE_IMAGE"
    fi
}

ensure_engine
ensure_base
say "ready: base image $BASE_IMAGE"
