#!/usr/bin/env bash
# Creates the certificates for mutual TLS between the case engine and its Temporal server:
#
#   ca.pem / ca.key          a private certificate authority (keep ca.key offline once the certificates exist)
#   server.pem / server.key  the Temporal server's certificate, also presented between its own services (names:
#                            temporal, localhost, 127.0.0.1, and any
#                            extra DNS names given as arguments)
#   client.pem / client.key  the client certificate the API, the worker, the admin tools and the Web UI present
#
# Usage (from the repository root; needs openssl):
#   docker/temporal/generate-certs.sh [output-dir] [extra-server-dns-name ...]
# The output directory defaults to docker/certs (git-ignored). Existing files are never overwritten: delete them
# first to rotate. See docker/README.md, "TLS between the case engine and Temporal".
set -euo pipefail

out="${1:-$(dirname "$0")/../certs}"
shift || true
days_ca=3650
days_leaf=825

mkdir -p "$out"
cd "$out"
for file in ca.pem ca.key server.pem server.key client.pem client.key; do
  if [ -e "$file" ]; then
    echo "generate-certs: $out/$file exists; delete the old certificates first to create new ones" >&2
    exit 1
  fi
done
umask 077

san="DNS:temporal,DNS:localhost,IP:127.0.0.1"
for name in "$@"; do san="$san,DNS:$name"; done

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days "$days_ca" \
  -keyout ca.key -out ca.pem -subj '/O=Case engine/CN=Case engine Temporal CA' \
  -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null

leaf() {
  local name="$1" subject="$2" usage="$3" extra="$4"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
    -keyout "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n%s\n' \
    "$usage" "$extra" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days "$days_leaf" -sha256 \
    -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

leaf server '/O=Case engine/CN=temporal' serverAuth,clientAuth "subjectAltName=$san"
leaf client '/O=Case engine/CN=case-engine' clientAuth ''
rm -f ca.srl
# Readable by the containers' non-root users through the read-only bind mount: restrict access to this directory on
# the host instead (it sits in the deploying account's checkout). ca.key is needed only to issue new certificates.
chmod 644 ca.pem server.pem client.pem server.key client.key
chmod 600 ca.key
chmod 755 .
echo "generate-certs: wrote ca.pem, server.pem/.key and client.pem/.key to $out"
