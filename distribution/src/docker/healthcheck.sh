#!/bin/bash
# The image's HEALTHCHECK: healthy while GET /ready answers 200 (database and engine answer, not
# shutting down). /ready needs no token. Plain bash (/dev/tcp), so the image needs no curl or wget.
# The port is MODEL_RUNNER_SERVER_PORT (default 8080): set the port through it, not a config file.
set -u
port=${MODEL_RUNNER_SERVER_PORT:-8080}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /ready HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
read -r -t 4 _ status _ <&3 || exit 1
[ "$status" = 200 ]
