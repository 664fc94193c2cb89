#!/usr/bin/env bash
# Build autoheal's Docker image from wheels prepared on the host.
#
# Why wheels from the host: the Dockerfile then installs with `pip install --no-index`, so the
# build needs no network inside the engine (none here; TLS interception breaks pip in
# containers) and behaves the same on GitHub and on these machines. The wheels are chosen for
# the BASE image's Python (asked from the image, or --python X.Y), not the host's, so a host on
# Python 3.11 can prepare a python:3.12-slim image.
#
# Usage: bash scripts/build-image.sh [--base IMAGE] [--tag TAG] [--python X.Y] [--context-only DIR]
#   --base IMAGE        base image (default: `scripts/container-env.sh --print-base`)
#   --tag TAG           image tag to build (default: autoheal:dev)
#   --python X.Y        target Python version (default: asked from the base image)
#   --context-only DIR  only prepare DIR/wheels (for docker/build-push-action on GitHub)
# Prints the image id (or the context directory) on its last line.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
base=""
tag="autoheal:dev"
python_version=""
context_only=""
python=${PYTHON:-python3}

while (($#)); do
    case "$1" in
        --base) base=$2; shift 2 ;;
        --tag) tag=$2; shift 2 ;;
        --python) python_version=$2; shift 2 ;;
        --context-only) context_only=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) printf 'build-image: unknown argument %s\n' "$1" >&2; exit 2 ;;
    esac
done

say() { printf 'build-image: %s\n' "$*" >&2; }

[[ -n "$base" ]] || base=$(bash "$here/container-env.sh" --print-base)
if [[ -z "$python_version" ]]; then
    python_version=$(docker run --rm --entrypoint python3 "$base" \
        -c 'import sys; print("%d.%d" % sys.version_info[:2])')
fi
[[ "$python_version" =~ ^3\.[0-9]+$ ]] || { say "bad Python version '$python_version'"; exit 2; }

if [[ -n "$context_only" ]]; then
    context=$context_only
    mkdir -p "$context"
else
    context=$(mktemp -d /tmp/autoheal-image-context.XXXXXX)
    trap 'rm -rf "$context"' EXIT
fi
wheels="$context/wheels"
rm -rf "$wheels"
mkdir -p "$wheels/project" "$wheels/deps"

say "project wheel from $repo"
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$wheels/project" "$repo" >&2

# Every manylinux tag a glibc 2.36 system (Debian bookworm, the oldest base we target) accepts;
# pip 23 does not expand one --platform into the older compatible ones by itself.
platforms=(--platform linux_x86_64 --platform manylinux1_x86_64 --platform manylinux2010_x86_64
           --platform manylinux2014_x86_64)
for minor in $(seq 5 36); do platforms+=(--platform "manylinux_2_${minor}_x86_64"); done
abi="cp${python_version/./}"
say "dependency wheels for CPython $python_version ($abi, manylinux x86_64)"
"$python" -m pip download --quiet --only-binary=:all: --python-version "$python_version" \
    --implementation cp --abi "$abi" --abi abi3 --abi none "${platforms[@]}" \
    --dest "$wheels/deps" "$wheels"/project/autoheal-*.whl >&2
rm -f "$wheels"/deps/autoheal-*.whl  # pip download copies the requested wheel too

if [[ -n "$context_only" ]]; then
    say "context ready: $context ($(ls "$wheels"/deps | wc -l) dependency wheels)"
    printf '%s\n' "$context"
    exit 0
fi

say "docker build $tag from $base"
build_log="$context.build.log"
if ! docker build --quiet --build-arg "BASE_IMAGE=$base" --file "$repo/Dockerfile" \
        --tag "$tag" "$context" >"$build_log" 2>&1; then
    cat "$build_log" >&2
    rm -f "$build_log"
    say "docker build failed"
    exit 1
fi
rm -f "$build_log"
docker image inspect --format '{{.Id}}' "$tag"
