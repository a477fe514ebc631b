#!/usr/bin/env bash
# The deployment recipes of deploy/, tested for real with the distribution's packages:
#
#   bash tests/deploy/run.sh SITE_DIR
#
# SITE_DIR holds two or more audience folders (network, region-*, outlet-*), each with an
# index.html: the output of `pitwall build --audience all --out DIR`, or tests/deploy/site/.
# For a copy of SITE_DIR (SITE_DIR itself is never changed), the script
#   - serves it with nginx and deploy/nginx/pitwall.conf (only the listen addresses, the
#     certificate, root and password folder swapped for temporary ones), one password file per
#     folder, and checks with curl who reads what: no credentials, another folder's reader, a
#     path climbing from one folder into another (../, %2e%2e, ..%2f), percent-encoded and raw
#     UTF-8 folder names; robots.txt, headers, no listings, no dotfiles, gzip_static, HTTPS;
#   - does the same with the single sign-on variant of the file, a stand-in for oauth2-proxy's
#     /oauth2/auth answering for it (it is not in Debian's packages);
#   - does the same with Caddy and deploy/caddy/Caddyfile when Caddy is in the packages;
#   - syncs the copy with `rclone sync --checksum` to a local remote and checks that a second
#     sync copies only the changed file, and that a removed file is removed.
# Servers listen on 127.0.0.1 only, on free high ports, in the foreground, and are stopped at
# the end; every curl gives up after 5 seconds. Installs what it needs with apt-get (root, or
# sudo). One line per check, "ok  ..." or "FAIL ...", then "N passed, M failed"; exits 1 on
# any failure.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: bash tests/deploy/run.sh SITE_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
site_src=$(cd "$1" && pwd)

passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok  %s\n' "$1"; }
nok() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; }
# expect WHAT GOT ALLOWED...: ok when GOT is one of ALLOWED.
expect() {
  local what=$1 got=$2 want
  shift 2
  for want in "$@"; do
    if [ "$got" = "$want" ]; then
      ok "$what"
      return 0
    fi
  done
  nok "$what (got $got, expected $*)"
}
note() { printf '# %s\n' "$*"; }

# ---------------------------------------------------------------------------------------------
# What the checks need, from the distribution's packages.
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
need=()
command -v nginx >/dev/null || need+=(nginx)
command -v htpasswd >/dev/null || need+=(apache2-utils)
command -v rclone >/dev/null || need+=(rclone)
command -v curl >/dev/null || need+=(curl)
command -v openssl >/dev/null || need+=(openssl)
command -v python3 >/dev/null || need+=(python3)
if ! command -v caddy >/dev/null; then
  need+=(caddy?)
fi
if [ ${#need[@]} -gt 0 ]; then
  "${sudo[@]}" apt-get update -qq
  wanted=()
  for p in "${need[@]}"; do
    if [ "$p" = "caddy?" ]; then
      # Only when the distribution has it (Debian 12 has 2.6.2).
      if apt-cache policy caddy 2>/dev/null | grep -q 'Candidate: [0-9]'; then wanted+=(caddy); fi
    else
      wanted+=("$p")
    fi
  done
  if [ ${#wanted[@]} -gt 0 ]; then
    # Installing nginx or caddy starts a system server on ports 80/443 of every interface where
    # services may start: a policy-rc.d answering 101 keeps them stopped (Debian's containers
    # ship one already; one written here is removed again right after).
    policy_made=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
      "${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
      policy_made=1
    fi
    install_rc=0
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wanted[@]}" \
      >/dev/null || install_rc=$?
    [ -z "$policy_made" ] || "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
    [ "$install_rc" -eq 0 ] || { echo "apt-get install ${wanted[*]} failed" >&2; exit 2; }
  fi
fi

# ---------------------------------------------------------------------------------------------
# A scratch folder the servers (workers run as nobody) can read, and a clean stop.
T=$(mktemp -d /tmp/pitwall-deploy.XXXXXX)
chmod 755 "$T"
pids=()
stop() {
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}
cleanup() {
  stop "${pids[@]}"
  rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/out" "$T/tls"

# A free port on 127.0.0.1 (nothing answers a connection), not handed out before.
taken=" "
free_port() {
  local p _
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    case $taken in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      taken+="$p "
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# Percent-encoding of a path segment, byte by byte (region-华东 -> region-%E5%8D%8E%E4%B8%9C).
urlenc() {
  local LC_ALL=C s=$1 i c out=
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}

# fetch NAME URL [curl options...]: the status in $code, the body in $T/out/NAME, the headers in
# $T/out/NAME.h. The path goes out as written (--path-as-is: no ../ resolved by curl).
code=
fetch() {
  local name=$1 url=$2
  shift 2
  code=$(curl -sS --max-time 5 --path-as-is --cacert "$T/tls/cert.pem" -o "$T/out/$name" \
    -D "$T/out/$name.h" -w '%{http_code}' "$@" "$url" 2>>"$T/out/curl.err") || true
}
# header NAME FIELD: that response header's value.
header() {
  { grep -i "^$2:" "$T/out/$1.h" || true; } | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'
}
# wait_up URL: until the server answers (5 s at most).
wait_up() {
  local _
  for _ in $(seq 50); do
    if curl -s -o /dev/null --max-time 1 --cacert "$T/tls/cert.pem" "$1"; then return 0; fi
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# The site: a copy of SITE_DIR, its audience folders, one reader each.
mkdir -p "$T/site"
cp -a "$site_src/." "$T/site/"
chmod -R a+rX "$T/site"
folders=()
while IFS= read -r f; do
  [ -f "$T/site/$f/index.html" ] && folders+=("$f")
done < <(find "$T/site" -mindepth 1 -maxdepth 1 -type d \
  \( -name network -o -name 'region-?*' -o -name 'outlet-?*' \) -printf '%f\n' | LC_ALL=C sort)
if [ ${#folders[@]} -lt 2 ]; then
  echo "$site_src: needs two or more audience folders (network, region-*, outlet-*) with an index.html" >&2
  exit 2
fi
note "audience folders: ${folders[*]}"
enc=() users=() passwords=() groups_json=
for i in "${!folders[@]}"; do
  enc+=("$(urlenc "${folders[i]}")")
  users+=("reader$i")
  passwords+=("$(openssl rand -hex 12)")
  groups_json+="${groups_json:+, }\"reader$i\": [\"pitwall-${folders[i]}\"]"
done
f0=${folders[0]} e0=${enc[0]}
# Files that must never be served, or served in a certain way.
mkdir -p "$T/site/$f0/nolisting" "$T/site/$f0/.git"
echo "listed" >"$T/site/$f0/nolisting/file.txt"
echo "secret dotfile" >"$T/site/$f0/.secret"
echo "secret git config" >"$T/site/$f0/.git/config"
echo "plain" >"$T/site/$f0/precompressed.html"
echo "from the .gz beside it" | gzip -9 >"$T/site/$f0/precompressed.html.gz"
# Brotli as pitwall writes it (`precompress: brotli`); Node has it built in, where it is.
if command -v node >/dev/null; then
  node -e 'process.stdout.write(require("zlib").brotliCompressSync("from the .br beside it\n"))' \
    >"$T/site/$f0/precompressed.html.br"
fi
mkdir -p "$T/site/$f0/static"
echo "p { margin: 0; }" >"$T/site/$f0/static/deploy-test.css"
# An audience folder nobody was given a password file for.
mkdir -p "$T/site/outlet-zz-nobody"
echo "<html>no password file for this folder</html>" >"$T/site/outlet-zz-nobody/index.html"
chmod -R a+rX "$T/site"

# A certificate for 127.0.0.1, so the HTTPS server blocks are tested as written.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$T/tls/key.pem" -out "$T/tls/cert.pem" 2>/dev/null
chmod 644 "$T/tls/key.pem"

# cred MODE I: the curl options that make the request as reader I.
cred=()
cred_for() {
  if [ "$1" = basic ]; then
    cred=(-u "${users[$2]}:${passwords[$2]}")
  else
    cred=(-H "X-Test-User: ${users[$2]}")
  fi
}

# The checks of who reads what, for one server. MODE basic: passwords; sso: a session.
audience_checks() {
  local label=$1 base=$2 mode=$3 n=${#folders[@]} i j f g fe ge climb shown
  for ((i = 0; i < n; i++)); do
    j=$(((i + 1) % n))
    f=${folders[i]} g=${folders[j]} fe=${enc[i]} ge=${enc[j]}
    fetch anon "$base/$fe/"
    if [ "$mode" = basic ]; then
      expect "$label: /$f/ without credentials: 401" "$code" 401
    else
      if [ "$code" = 302 ] && header anon Location | grep -q '/oauth2/sign_in?rd='; then
        ok "$label: /$f/ without a session: 302 to /oauth2/sign_in"
      else
        nok "$label: /$f/ without a session: 302 to /oauth2/sign_in (got $code $(header anon Location))"
      fi
    fi
    cred_for "$mode" "$i"
    fetch own "$base/$fe/" "${cred[@]}"
    if [ "$code" = 200 ] && cmp -s "$T/out/own" "$T/site/$f/index.html"; then
      ok "$label: the $f reader gets /$f/ (200, its index.html)"
    else
      nok "$label: the $f reader gets /$f/ (got $code, or another body)"
    fi
    if [ "$fe" != "$f" ]; then
      # A browser sends the path percent-encoded (above); curl also sends raw UTF-8 as typed.
      fetch raw "$base/$f/" "${cred[@]}"
      if [ "$code" = 200 ] && cmp -s "$T/out/raw" "$T/site/$f/index.html"; then
        ok "$label: /$f/ asked with raw UTF-8 bytes: 200, its index.html"
      else
        nok "$label: /$f/ asked with raw UTF-8 bytes (got $code)"
      fi
    fi
    fetch other "$base/$ge/" "${cred[@]}"
    expect "$label: the $f reader is refused /$g/" "$code" 401 403
    for climb in "$fe/../$ge/" "$fe/%2e%2e/$ge/" "$fe/..%2f$ge/" "$fe/%2E%2E%2F$ge/index.html"; do
      shown=$climb
      [ "$fe" = "$f" ] || shown=${shown//$fe/$f}
      [ "$ge" = "$g" ] || shown=${shown//$ge/$g}
      fetch climb "$base/$climb" "${cred[@]}"
      if [ "$code" != 200 ] && ! cmp -s "$T/out/climb" "$T/site/$g/index.html"; then
        ok "$label: the $f reader climbing /$shown does not reach $g (got $code)"
      else
        nok "$label: the $f reader climbing /$shown reaches $g (got $code)"
      fi
    done
  done
}

# The rest of what a server must do, checked as reader 0 in folder 0.
common_checks() {
  local label=$1 base=$2 mode=$3 value
  cred_for "$mode" 0
  fetch robots "$base/robots.txt"
  if [ "$code" = 200 ] && grep -q '^Disallow: /$' "$T/out/robots"; then
    ok "$label: /robots.txt disallows everything, without credentials"
  else
    nok "$label: /robots.txt disallows everything (got $code)"
  fi
  fetch root "$base/"
  expect "$label: / outside every audience folder: 404" "$code" 404
  fetch page "$base/$e0/" "${cred[@]}"
  value=$(header page X-Robots-Tag)
  case $value in *noindex*) ok "$label: X-Robots-Tag: $value" ;; *) nok "$label: X-Robots-Tag noindex (got '$value')" ;; esac
  value=$(header page Cache-Control)
  case $value in *private*no-cache*) ok "$label: a page's Cache-Control: $value" ;; *) nok "$label: a page's Cache-Control private, no-cache (got '$value')" ;; esac
  value=$(header page X-Content-Type-Options)
  expect "$label: X-Content-Type-Options: nosniff" "$value" nosniff
  value=$(header page Strict-Transport-Security)
  case $value in max-age=*) ok "$label: Strict-Transport-Security: $value" ;; *) nok "$label: Strict-Transport-Security (got '$value')" ;; esac
  fetch asset "$base/$e0/static/deploy-test.css" "${cred[@]}"
  value=$(header asset Cache-Control)
  if [ "$code" = 200 ] && [[ $value == *private*max-age=* ]]; then
    ok "$label: an asset's Cache-Control: $value"
  else
    nok "$label: an asset's Cache-Control private, max-age (got $code '$value')"
  fi
  fetch listing "$base/$e0/nolisting/" "${cred[@]}"
  if [ "$code" != 200 ] && ! grep -q 'file.txt' "$T/out/listing"; then
    ok "$label: a folder without index.html is not listed (got $code)"
  else
    nok "$label: a folder without index.html is listed (got $code)"
  fi
  fetch dot "$base/$e0/.secret" "${cred[@]}"
  if [ "$code" != 200 ] && ! grep -q 'secret' "$T/out/dot"; then ok "$label: a dotfile is not served (got $code)"; else nok "$label: a dotfile is served"; fi
  fetch dotgit "$base/$e0/.git/config" "${cred[@]}"
  if [ "$code" != 200 ] && ! grep -q 'secret' "$T/out/dotgit"; then ok "$label: .git/ is not served (got $code)"; else nok "$label: .git/ is served"; fi
  fetch gz "$base/$e0/precompressed.html" "${cred[@]}" --compressed -H 'Accept-Encoding: gzip'
  if [ "$code" = 200 ] && grep -q 'from the .gz' "$T/out/gz" && [ "$(header gz Content-Encoding)" = gzip ]; then
    ok "$label: page.html.gz is sent for page.html (Content-Encoding: gzip)"
  else
    nok "$label: page.html.gz is sent for page.html (got $code, Content-Encoding '$(header gz Content-Encoding)')"
  fi
  # Caddy sends the .br copy to a browser that takes brotli (nginx needs a module for it).
  if [[ $label == caddy* ]] && [ -f "$T/site/$f0/precompressed.html.br" ]; then
    fetch br "$base/$e0/precompressed.html" "${cred[@]}" --compressed -H 'Accept-Encoding: br'
    if [ "$code" = 200 ] && grep -q 'from the .br' "$T/out/br" && [ "$(header br Content-Encoding)" = br ]; then
      ok "$label: page.html.br is sent for page.html (Content-Encoding: br)"
    else
      nok "$label: page.html.br is sent for page.html (got $code, Content-Encoding '$(header br Content-Encoding)')"
    fi
  fi
  fetch nobody "$base/outlet-zz-nobody/" "${cred[@]}"
  if [ "$code" != 200 ] && ! grep -q 'no password file' "$T/out/nobody"; then
    ok "$label: a folder nobody was given access to serves nothing (got $code)"
  else
    nok "$label: a folder nobody was given access to is served"
  fi
  fetch noslash "$base/$e0"
  value=$(header noslash Location)
  if [[ $code == 30[178] ]] && [[ $value == */$e0/ || $value == */$f0/ ]]; then
    ok "$label: /$f0 redirects to /$f0/ ($code)"
  else
    nok "$label: /$f0 redirects to /$f0/ (got $code '$value')"
  fi
}

# ---------------------------------------------------------------------------------------------
# nginx with deploy/nginx/pitwall.conf.
mkdir -p "$T/htpasswd"
for i in "${!folders[@]}"; do
  htpasswd -B -b -c "$T/htpasswd/${folders[i]}" "${users[i]}" "${passwords[i]}" 2>/dev/null
done
chmod 644 "$T/htpasswd"/*

# nginx_conf PORT_HTTPS PORT_HTTP OUT: deploy/nginx/pitwall.conf with test paths and ports;
# fails (and says what) when one of the swaps no longer matches the file.
nginx_conf() {
  local src="$repo/deploy/nginx/pitwall.conf" out=$3 s
  # shellcheck disable=SC2016 # the literal nginx variable is what the file holds
  for s in 'listen 443 ssl http2;' 'listen 80;' 'root /srv/pitwall/public;' \
    '/etc/ssl/pitwall/fullchain.pem' '/etc/ssl/pitwall/privkey.pem' '/etc/nginx/pitwall/htpasswd/$pitwall_audience'; do
    grep -qF "$s" "$src" || { nok "deploy/nginx/pitwall.conf still has '$s' (the test swaps it)"; return 1; }
  done
  sed -e "s#listen 443 ssl http2;#listen 127.0.0.1:$1 ssl http2;#" \
    -e "s#listen 80;#listen 127.0.0.1:$2;#" \
    -e '/listen \[::\]:/d' \
    -e "s#root /srv/pitwall/public;#root $T/site;#" \
    -e "s#/etc/ssl/pitwall/fullchain.pem#$T/tls/cert.pem#" \
    -e "s#/etc/ssl/pitwall/privkey.pem#$T/tls/key.pem#" \
    -e "s#/etc/nginx/pitwall/htpasswd/#$T/htpasswd/#" \
    -e "s#/var/log/nginx/#$T/nginx/#" \
    "$src" >"$out"
}
# start_nginx NAME CONF: nginx in the foreground (daemon off), its pid in $nginx_pid.
nginx_pid=
start_nginx() {
  local dir="$T/$1"
  mkdir -p "$dir/tmp"
  {
    echo "daemon off;"
    echo "worker_processes 1;"
    echo "pid $dir/nginx.pid;"
    echo "error_log $dir/error.log warn;"
    [ "$(id -u)" -ne 0 ] || echo "user nobody nogroup;"
    echo "events { worker_connections 64; }"
    echo "http {"
    echo "    include /etc/nginx/mime.types;"
    echo "    default_type application/octet-stream;"
    echo "    access_log $dir/access.log;"
    for t in client_body proxy fastcgi uwsgi scgi; do echo "    ${t}_temp_path $dir/tmp/$t;"; done
    echo "    include $2;"
    echo "}"
  } >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
  nginx_pid=$!
  pids+=("$nginx_pid")
}

mkdir -p "$T/nginx"
nginx_https=$(free_port)
nginx_http=$(free_port)
if nginx_conf "$nginx_https" "$nginx_http" "$T/nginx/pitwall.conf"; then
  start_nginx nginx "$T/nginx/pitwall.conf"
  base="https://127.0.0.1:$nginx_https"
  if wait_up "$base/robots.txt"; then
    ok "nginx: serves deploy/nginx/pitwall.conf on 127.0.0.1:$nginx_https (HTTPS) and :$nginx_http"
    audience_checks nginx "$base" basic
    common_checks nginx "$base" basic
    fetch plain "http://127.0.0.1:$nginx_http/$e0/"
    if [ "$code" = 301 ] && [[ $(header plain Location) == https://* ]]; then
      ok "nginx: http:// redirects to https:// before any password is asked"
    else
      nok "nginx: http:// redirects to https:// (got $code $(header plain Location))"
    fi
  else
    nok "nginx: serves deploy/nginx/pitwall.conf"
    sed 's/^/#   /' "$T/nginx/error.log" 2>/dev/null | tail -n 20 || true
  fi
  stop "$nginx_pid"
fi

# ---------------------------------------------------------------------------------------------
# The single sign-on variant of the same file, with a stand-in for oauth2-proxy: its /oauth2/auth
# answers 202 when the user (header X-Test-User here, a session cookie for oauth2-proxy) is in
# one of the allowed_groups, 403 when not, 401 without a user; /oauth2/* else is a sign-in page.
cat >"$T/oauth2-stand-in.py" <<'PY'
import json, os, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

GROUPS = json.loads(os.environ["STAND_IN_GROUPS"])
SEEN = os.environ["STAND_IN_SEEN"]

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        raw = self.path.encode("latin-1")  # the bytes as sent
        path, _, query = raw.partition(b"?")
        if path != b"/oauth2/auth":
            self.answer(200, b"sign-in page")
            return
        allowed = []
        for part in query.split(b"&"):
            key, _, value = part.partition(b"=")
            if key == b"allowed_groups":
                text = urllib.parse.unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
                allowed += [g for g in text.split(",") if g]
        with open(SEEN, "a", encoding="utf-8") as seen:
            seen.write(",".join(allowed) + "\n")
        user = self.headers.get("X-Test-User")
        if not user or user not in GROUPS:
            self.answer(401, b"")
        elif not allowed or set(allowed) & set(GROUPS[user]):
            self.answer(202, b"", {"X-Auth-Request-Email": user + "@example.com"})
        else:
            self.answer(403, b"")

    def answer(self, status, body, headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
PY
stand_in_port=$(free_port)
STAND_IN_GROUPS="{${groups_json}}" STAND_IN_SEEN="$T/out/allowed_groups" \
  python3 "$T/oauth2-stand-in.py" "$stand_in_port" &
stand_in_pid=$!
pids+=("$stand_in_pid")

mkdir -p "$T/nginx-sso"
sso_https=$(free_port)
sso_http=$(free_port)
if nginx_conf "$sso_https" "$sso_http" "$T/nginx-sso/from-basic.conf"; then
  if ! grep -q '^[[:space:]]*# BEGIN basic-auth$' "$T/nginx-sso/from-basic.conf" \
    || ! grep -q '^[[:space:]]*#sso location = /_pitwall_auth' "$T/nginx-sso/from-basic.conf"; then
    nok "nginx single sign-on: deploy/nginx/pitwall.conf has the BEGIN/END basic-auth block and #sso lines"
  else
    sed -e '/# BEGIN basic-auth$/,/# END basic-auth$/d' \
      -e 's/^\([[:space:]]*\)#sso /\1/' \
      -e "s#127\.0\.0\.1:4180#127.0.0.1:$stand_in_port#g" \
      "$T/nginx-sso/from-basic.conf" >"$T/nginx-sso/pitwall.conf"
    start_nginx nginx-sso "$T/nginx-sso/pitwall.conf"
    base="https://127.0.0.1:$sso_https"
    if wait_up "$base/robots.txt" && wait_up "http://127.0.0.1:$stand_in_port/ping"; then
      ok "nginx single sign-on: serves the #sso variant of deploy/nginx/pitwall.conf"
      audience_checks "nginx sso" "$base" sso
      common_checks "nginx sso" "$base" sso
      # The folder's group reaches oauth2-proxy intact, UTF-8 included.
      : >"$T/out/allowed_groups"
      cred_for sso "$((${#folders[@]} - 1))"
      fetch group "$base/${enc[-1]}/" "${cred[@]}"
      expect "nginx sso: /oauth2/auth is asked for allowed_groups=pitwall-${folders[-1]}" \
        "$(tail -n 1 "$T/out/allowed_groups")" "pitwall-${folders[-1]}"
      fetch signin "$base/oauth2/sign_in?rd=/$e0/"
      expect "nginx sso: /oauth2/ is passed to oauth2-proxy without a session" "$code" 200
    else
      nok "nginx single sign-on: serves the #sso variant of deploy/nginx/pitwall.conf"
      sed 's/^/#   /' "$T/nginx-sso/error.log" 2>/dev/null | tail -n 20 || true
    fi
    stop "$nginx_pid"
  fi
fi

# ---------------------------------------------------------------------------------------------
# Caddy with deploy/caddy/Caddyfile, when the distribution has it.
if command -v caddy >/dev/null; then
  caddy_version=$(caddy version | sed -n 's/^v\{0,1\}\([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p' | head -n 1)
  read -r caddy_major caddy_minor <<<"${caddy_version:-2 99}"
  note "caddy $(caddy version | cut -d' ' -f1)"
  mkdir -p "$T/caddy/users" "$T/caddy/home"
  for i in "${!folders[@]}"; do
    printf '%s %s\n' "${users[i]}" "$(caddy hash-password --plaintext "${passwords[i]}")" \
      >"$T/caddy/users/${folders[i]}"
  done
  chmod 644 "$T/caddy/users"/*

  # caddy_conf VARIANT HTTPS HTTP OUT: the Caddyfile with test addresses and paths, the
  # example audience block repeated for every folder (VARIANT basic, or sso for the #sso lines).
  caddy_conf() {
    local variant=$1 src="$repo/deploy/caddy/Caddyfile" out=$4 s
    for s in 'service.example.com {' 'root * /srv/pitwall/public' \
      'tls /etc/ssl/pitwall/fullchain.pem /etc/ssl/pitwall/privkey.pem' \
      '# BEGIN audience region-华东' '#sso # BEGIN audience region-华东' \
      'import /etc/caddy/pitwall/users/region-华东'; do
      grep -qF -- "$s" "$src" || { nok "deploy/caddy/Caddyfile still has '$s' (the test swaps it)"; return 1; }
    done
    python3 - "$variant" "$src" "$out" "$T" "$2" "$3" "$caddy_major" "$caddy_minor" \
      "$stand_in_port" "${folders[@]}" <<'PY'
import re, sys, urllib.parse
variant, src, out, tmp, https, http, major, minor, stand_in = sys.argv[1:10]
folders = sys.argv[10:]
lines = open(src, encoding="utf-8").read().split("\n")
if variant == "sso":
    # Drop the users-file audience block, take the #sso lines.
    kept, skip = [], False
    for line in lines:
        if re.match(r"\s*# BEGIN audience ", line):
            skip = True
        if not skip:
            kept.append(line)
        if skip and re.match(r"\s*# END audience", line):
            skip = False
    lines = [re.sub(r"^(\s*)#sso ", r"\1", line) for line in kept]
# Repeat the example block for every folder.
text, block, example = [], None, "region-华东"
for line in lines:
    if re.match(r"\s*# BEGIN audience " + re.escape(example) + r"$", line):
        block = []
    if block is not None:
        block.append(line)
        if re.match(r"\s*# END audience", line):
            for folder in folders:
                for b in block:
                    b = b.replace(urllib.parse.quote(example), urllib.parse.quote(folder))
                    text.append(b.replace(example, folder))
            block = None
        continue
    text.append(line)
conf = "\n".join(text)
conf = conf.replace("service.example.com {", "127.0.0.1 {")
conf = conf.replace("/srv/pitwall/public", tmp + "/site")
conf = conf.replace("/etc/ssl/pitwall/fullchain.pem", tmp + "/tls/cert.pem")
conf = conf.replace("/etc/ssl/pitwall/privkey.pem", tmp + "/tls/key.pem")
conf = conf.replace("/etc/caddy/pitwall/users/", tmp + "/caddy/users/")
conf = conf.replace("/var/log/caddy/", tmp + "/caddy/")
conf = conf.replace("127.0.0.1:4180", "127.0.0.1:" + stand_in)
if (int(major), int(minor)) < (2, 8):
    conf = conf.replace("basic_auth", "basicauth")
glob = "{\n\tadmin off\n\thttp_port %s\n\thttps_port %s\n\tdefault_sni 127.0.0.1\n\tskip_install_trust\n}\n\n" % (http, https)
open(out, "w", encoding="utf-8").write(glob + conf)
PY
  }

  for variant in basic sso; do
    label=caddy
    [ "$variant" = basic ] || label="caddy sso"
    c_https=$(free_port)
    c_http=$(free_port)
    if caddy_conf "$variant" "$c_https" "$c_http" "$T/caddy/Caddyfile.$variant"; then
      if caddy validate --adapter caddyfile --config "$T/caddy/Caddyfile.$variant" >"$T/caddy/validate.$variant" 2>&1; then
        ok "$label: caddy validate accepts the ${variant/basic/users-file} variant of deploy/caddy/Caddyfile"
      else
        nok "$label: caddy validate accepts deploy/caddy/Caddyfile"
        sed 's/^/#   /' "$T/caddy/validate.$variant" | tail -n 5
        continue
      fi
      HOME="$T/caddy/home" XDG_CONFIG_HOME="$T/caddy/home" XDG_DATA_HOME="$T/caddy/home" \
        caddy run --adapter caddyfile --config "$T/caddy/Caddyfile.$variant" >"$T/caddy/log.$variant" 2>&1 &
      caddy_pid=$!
      pids+=("$caddy_pid")
      base="https://127.0.0.1:$c_https"
      if wait_up "$base/robots.txt"; then
        ok "$label: serves deploy/caddy/Caddyfile on 127.0.0.1:$c_https (HTTPS) and :$c_http"
        audience_checks "$label" "$base" "$variant"
        common_checks "$label" "$base" "$variant"
        fetch plain "http://127.0.0.1:$c_http/$e0/"
        if [[ $code == 30[178] ]] && [[ $(header plain Location) == https://* ]]; then
          ok "$label: http:// redirects to https:// before any password is asked"
        else
          nok "$label: http:// redirects to https:// (got $code $(header plain Location))"
        fi
      else
        nok "$label: serves deploy/caddy/Caddyfile"
        sed 's/^/#   /' "$T/caddy/log.$variant" | tail -n 10
      fi
      stop "$caddy_pid"
    fi
  done
else
  note "caddy is not in this distribution's packages: deploy/caddy/Caddyfile was not tested"
fi
stop "$stand_in_pid"

# ---------------------------------------------------------------------------------------------
# rclone sync --checksum to a local remote (configured by environment variables only).
mkdir -p "$T/sync/src" "$T/sync/bucket"
cp -a "$site_src/." "$T/sync/src/"
export RCLONE_CONFIG="$T/sync/rclone.conf"
: >"$RCLONE_CONFIG"
export RCLONE_CONFIG_PITWALLTEST_TYPE=local
dest="pitwalltest:$T/sync/bucket/site"
# The command docs/deploy.md and the workflows use, with a local remote instead of a bucket.
sync_site() {
  local rc=0
  rclone sync "$T/sync/src/" "$dest" --checksum -v --stats 0 "$@" >"$T/sync/log" 2>&1 || rc=$?
  grep -E ': (Copied|Deleted|Skipped|Updated)' "$T/sync/log" | sed 's/^.*\(INFO\|NOTICE\) *: //' | LC_ALL=C sort >"$T/sync/changes" || true
  return "$rc"
}
files=$(find "$T/sync/src" -type f | wc -l)
if sync_site && diff -r "$T/sync/src" "$T/sync/bucket/site" >/dev/null; then
  ok "rclone: the first sync copies the site ($(grep -c ': Copied' "$T/sync/changes" || true) of $files files)"
else
  nok "rclone: the first sync copies the site"
  sed 's/^/#   /' "$T/sync/log" | tail -n 10
fi
changed="$f0/index.html"
touched="${folders[1]}/index.html"
printf '<!-- the month closed -->\n' >>"$T/sync/src/$changed"
# Rebuilt but unchanged: a new modification time, the same bytes.
touch -d '2001-01-01 00:00' "$T/sync/src/$touched"
sync_site --dry-run || true
if [ "$(wc -l <"$T/sync/changes")" -eq 1 ] && grep -qF "$changed: Skipped copy" "$T/sync/changes"; then
  ok "rclone: --dry-run names only $changed"
else
  nok "rclone: --dry-run names only $changed ($(tr '\n' ';' <"$T/sync/changes"))"
fi
if sync_site && [ "$(wc -l <"$T/sync/changes")" -eq 1 ] && grep -qF "$changed: Copied" "$T/sync/changes"; then
  ok "rclone: the second sync copies only the changed file ($changed)"
else
  nok "rclone: the second sync copies only the changed file ($(tr '\n' ';' <"$T/sync/changes"))"
fi
if cmp -s "$T/sync/src/$changed" "$T/sync/bucket/site/$changed" \
  && ! grep -qF "$touched" "$T/sync/changes"; then
  ok "rclone: a file with a new date but the same bytes is not copied again (--checksum)"
else
  nok "rclone: a file with a new date but the same bytes is not copied again"
fi
rm "$T/sync/src/${folders[1]}/static/style.css" 2>/dev/null || rm "$T/sync/src/$touched"
removed=$(cd "$T/sync/bucket/site" && find . -type f -printf '%P\n' | while IFS= read -r p; do [ -e "$T/sync/src/$p" ] || echo "$p"; done)
if sync_site && grep -qF "$removed: Deleted" "$T/sync/changes" && [ ! -e "$T/sync/bucket/site/$removed" ] \
  && diff -r "$T/sync/src" "$T/sync/bucket/site" >/dev/null; then
  ok "rclone: a file gone from the site is deleted from the remote ($removed)"
else
  nok "rclone: a file gone from the site is deleted from the remote ($(tr '\n' ';' <"$T/sync/changes"))"
fi
if sync_site && [ ! -s "$T/sync/changes" ]; then
  ok "rclone: a sync with nothing changed copies nothing"
else
  nok "rclone: a sync with nothing changed copies nothing ($(tr '\n' ';' <"$T/sync/changes"))"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
