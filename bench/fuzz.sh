#!/usr/bin/env bash
# The hostile-input fuzz run (docs/security.md), longer than the suite's 10,000 requests: the same
# test (tests/Mesh.Tests/Gateway/Fuzz) against a mesh process of its own on 127.0.0.1, with more
# generated malformed requests and more at a time. It fails on any 5xx, any request left
# unanswered, an error in the mesh's log, resident memory growing by more than the test's bound,
# or a valid event not delivered afterwards; the test output has the counts by surface and status.
#
# Usage: bench/fuzz.sh [REQUESTS (200000)] [CONCURRENCY (16)]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REQUESTS=${1:-200000}
CONCURRENCY=${2:-16}

dotnet build "$ROOT/tests/Mesh.Tests" -c Release -v quiet
MESH_FUZZ_REQUESTS=$REQUESTS MESH_FUZZ_CONCURRENCY=$CONCURRENCY \
  dotnet test "$ROOT/tests/Mesh.Tests" -c Release --no-build \
    --filter "FullyQualifiedName~HostileInputFuzzTests" --logger "console;verbosity=detailed"
