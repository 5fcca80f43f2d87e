# tests/containers: real container runtimes (Debian's docker.io and runc) with
# a busybox-static image; root, skip otherwise (fail under CI=true).
TESTS += tests/containers/docker.sh tests/containers/runc.sh
EXTRA_DIST += tests/containers/docker.sh tests/containers/runc.sh tests/containers/lib_containers.sh
