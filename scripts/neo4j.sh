#!/usr/bin/env bash
# neo4j.sh: a throw-away Neo4j Community server for tests and local work.
#
#   scripts/neo4j.sh start    resolve Neo4j from Maven Central (once, into the cache),
#                             start it on 127.0.0.1, wait until Bolt answers and the
#                             log says "Started."; print the log tail and exit 1 if not
#   scripts/neo4j.sh stop     stop it (SIGTERM, clean shutdown)
#   scripts/neo4j.sh status   "running (pid N) on bolt://..." or "stopped"; exit 0/3
#   scripts/neo4j.sh env      export lines for NEO4J_URI, NEO4J_USERNAME, ... (eval them)
#   scripts/neo4j.sh clean    stop it and delete its instance directory (data, logs)
#
# Nothing is written inside the repository. Settings (environment):
#
#   NEO4J_VERSION      Neo4j version from Maven Central     (5.26.30)
#   NEO4J_BOLT_PORT    Bolt port on 127.0.0.1                 (7687)
#   NEO4J_PASSWORD     initial password of user neo4j         (citygraph-test)
#   NEO4J_HEAP         maximum heap                           (2g; initial 512m: one
#                      100,000-link import takes about 0.8 GiB of transaction memory)
#   NEO4J_PAGECACHE    page cache                             (256m)
#   NEO4J_START_TIMEOUT seconds to wait for "Started."        (300)
#   CITYGRAPH_CACHE    cache root                             ($HOME/.cache/citygraph)
#   NEO4J_JAVA_HOME    JDK for Neo4j: 17 or 21 for 5.26, 21 or 25 for 2025.10+
#                      (/usr/lib/jvm/java-17-openjdk-amd64)
#   NEO4J_PLUGINS      plugins, comma-separated: gds (Graph Data Science: OpenGDS
#                      $NEO4J_GDS_VERSION from Maven Central), or none. Kept: a later
#                      start without it keeps the instance's plugins.
#   NEO4J_GDS_VERSION  GDS version (2.13.9, the line for Neo4j 5.26)
#   NEO4J_CONF_EXTRA   extra neo4j.conf lines (key=value, one per line). Kept: they go
#                      to the part of neo4j.conf below the line "# --- your own
#                      settings ...", which every start keeps (edit it by hand too);
#                      a line whose key is already there replaces it.
#
# Layout: $CITYGRAPH_CACHE/neo4j-$NEO4J_VERSION/lib holds the jars (shared by all
# instances); $CITYGRAPH_CACHE/neo4j-$NEO4J_VERSION/instance-$NEO4J_BOLT_PORT holds one
# server's conf, data, logs, run (neo4j.pid) and import directories, so servers on
# different ports run side by side.
set -euo pipefail

NEO4J_VERSION=${NEO4J_VERSION:-5.26.30}
NEO4J_BOLT_PORT=${NEO4J_BOLT_PORT:-7687}
NEO4J_PASSWORD=${NEO4J_PASSWORD:-citygraph-test}
NEO4J_HEAP=${NEO4J_HEAP:-2g}
NEO4J_PAGECACHE=${NEO4J_PAGECACHE:-256m}
NEO4J_START_TIMEOUT=${NEO4J_START_TIMEOUT:-300}
CACHE=${CITYGRAPH_CACHE:-$HOME/.cache/citygraph}
JAVA_HOME_17=${NEO4J_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.6.1
NEO4J_GDS_VERSION=${NEO4J_GDS_VERSION:-2.13.9}

DIST=$CACHE/neo4j-$NEO4J_VERSION
INST=$DIST/instance-$NEO4J_BOLT_PORT
JAVA=$JAVA_HOME_17/bin/java
PIDFILE=$INST/run/neo4j.pid

die() { echo "neo4j.sh: $*" >&2; exit 1; }

# fetch resolves org.neo4j:neo4j and its runtime dependencies into $DIST/lib,
# atomically: an interrupted download leaves no lib directory behind.
fetch() {
	[[ -f $DIST/lib/.complete ]] && return 0
	command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
	[[ -x $JAVA ]] || die "no JDK at $JAVA_HOME_17 (apt-get install openjdk-17-jdk-headless, or set NEO4J_JAVA_HOME)"
	mkdir -p "$DIST"
	cat >"$DIST/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>citygraph</groupId>
  <artifactId>neo4j-server</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>$NEO4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
	rm -rf "$DIST/lib.tmp"
	echo "neo4j.sh: resolving org.neo4j:neo4j:$NEO4J_VERSION from Maven Central into $DIST/lib" >&2
	if ! JAVA_HOME=$JAVA_HOME_17 mvn -B -ntp -q -f "$DIST/pom.xml" "$DEP_PLUGIN:copy-dependencies" \
		-DincludeScope=runtime -DoutputDirectory="$DIST/lib.tmp" >"$DIST/mvn.log" 2>&1; then
		tail -n 30 "$DIST/mvn.log" >&2
		die "maven could not resolve org.neo4j:neo4j:$NEO4J_VERSION (log: $DIST/mvn.log)"
	fi
	ls "$DIST/lib.tmp"/neo4j-"$NEO4J_VERSION".jar >/dev/null || die "no neo4j-$NEO4J_VERSION.jar after download"
	touch "$DIST/lib.tmp/.complete"
	rm -rf "$DIST/lib"
	mv "$DIST/lib.tmp" "$DIST/lib"
}

# fetch_gds resolves GDS (org.neo4j.gds:proc and :opengds-extension) and their
# runtime dependencies into $GDS_DIR, minus the jars Neo4j ships itself (the
# same artifact in $DIST/lib, whatever its version), atomically like fetch.
GDS_DIR=$CACHE/gds-$NEO4J_GDS_VERSION-neo4j-$NEO4J_VERSION
fetch_gds() {
	[[ -f $GDS_DIR/.complete ]] && return 0
	command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
	local build=$GDS_DIR.build
	rm -rf "$build"
	mkdir -p "$build"
	cat >"$build/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>citygraph</groupId>
  <artifactId>neo4j-gds</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j.gds</groupId><artifactId>proc</artifactId><version>$NEO4J_GDS_VERSION</version></dependency>
    <dependency><groupId>org.neo4j.gds</groupId><artifactId>opengds-extension</artifactId><version>$NEO4J_GDS_VERSION</version></dependency>
  </dependencies>
</project>
EOF
	echo "neo4j.sh: resolving org.neo4j.gds:proc and org.neo4j.gds:opengds-extension $NEO4J_GDS_VERSION from Maven Central" >&2
	# The jars are named group.artifact-version.jar: artifact ids alone clash
	# (org.neo4j.gds:annotations is not org.neo4j:annotations).
	if ! JAVA_HOME=$JAVA_HOME_17 mvn -B -ntp -q -f "$build/pom.xml" "$DEP_PLUGIN:copy-dependencies" \
		-DincludeScope=runtime -Dmdep.prependGroupId=true -DoutputDirectory="$build/lib" >"$build/mvn.log" 2>&1 ||
		! JAVA_HOME=$JAVA_HOME_17 mvn -B -ntp -q -f "$DIST/pom.xml" "$DEP_PLUGIN:list" \
			-DincludeScope=runtime -DoutputFile="$build/neo4j-deps.txt" >>"$build/mvn.log" 2>&1; then
		tail -n 30 "$build/mvn.log" >&2
		die "maven could not resolve GDS $NEO4J_GDS_VERSION (log: $build/mvn.log)"
	fi
	ls "$build/lib/org.neo4j.gds.proc-$NEO4J_GDS_VERSION.jar" >/dev/null || die "no proc-$NEO4J_GDS_VERSION.jar after download"
	# Neo4j's own runtime dependencies as group.artifact, e.g. org.neo4j.annotations.
	local shipped j n=0
	shipped=" $(awk -F: '/:jar:/ { sub(/^[[:space:]]+/, "", $1); printf "%s.%s ", $1, $2 }' "$build/neo4j-deps.txt")"
	[[ $shipped == *" org.neo4j.neo4j-kernel "* ]] || die "could not list Neo4j's own jars (log: $build/mvn.log)"
	for j in "$build"/lib/*.jar; do
		if [[ $shipped == *" $(artifact "$(basename "$j")") "* ]]; then
			rm -f "$j"
			n=$((n + 1))
		fi
	done
	echo "neo4j.sh: GDS: $(ls "$build"/lib/*.jar | wc -l) jars, $n left out that Neo4j ships" >&2
	touch "$build/lib/.complete"
	rm -rf "$GDS_DIR"
	mv "$build/lib" "$GDS_DIR"
	rm -rf "$build"
}

# artifact turns a jar's file name into group.artifact: the part before the
# first "-<digit>" (org.neo4j.gds.proc-2.13.9.jar: org.neo4j.gds.proc).
artifact() {
	local n=${1%.jar}
	echo "${n%%-[0-9]*}"
}

# plugins prints the instance's plugins: NEO4J_PLUGINS when it is set
# (recorded in $INST/conf/plugins), else what was recorded before.
plugins() {
	local want=
	if [[ -n ${NEO4J_PLUGINS+set} ]]; then
		want=${NEO4J_PLUGINS//[[:space:]]/}
		[[ $want == none ]] && want=
		echo "$want" >"$INST/conf/plugins"
	elif [[ -f $INST/conf/plugins ]]; then
		want=$(<"$INST/conf/plugins")
	fi
	local p
	for p in ${want//,/ }; do
		[[ $p == gds ]] || die "unknown plugin '$p' in NEO4J_PLUGINS (known: gds; none for no plugins)"
	done
	echo "$want"
}

# install_plugins links the chosen plugins' jars into $INST/plugins and
# removes the others.
install_plugins() {
	rm -f "$INST"/plugins/*.jar
	if [[ ,$1, == *,gds,* ]]; then
		fetch_gds
		ln -sf "$GDS_DIR"/*.jar "$INST/plugins/"
	fi
}

# own_settings prints the kept part of neo4j.conf (the lines below MARKER)
# with the NEO4J_CONF_EXTRA lines merged in: a line whose key is already
# there replaces it (server.jvm.additional lines are added).
MARKER="# --- your own settings: kept by scripts/neo4j.sh across restarts (NEO4J_CONF_EXTRA lines land here) ---"
own_settings() {
	local conf=$INST/conf/neo4j.conf kept=() extra=() line key i below=
	if [[ -f $conf ]]; then
		while IFS= read -r line; do
			if [[ -n $below ]]; then
				kept+=("$line")
			elif [[ $line == "$MARKER" ]]; then
				below=1
			fi
		done <"$conf"
	fi
	[[ -n ${NEO4J_CONF_EXTRA:-} ]] && mapfile -t extra <<<"$NEO4J_CONF_EXTRA"
	for line in "${extra[@]}"; do
		line=${line#"${line%%[![:space:]]*}"}
		line=${line%"${line##*[![:space:]]}"}
		[[ -z $line || $line == \#* ]] && continue
		[[ $line == *=* ]] || die "NEO4J_CONF_EXTRA: not a key=value line: $line"
		key=${line%%=*}
		if [[ $key != server.jvm.additional ]]; then
			for i in "${!kept[@]}"; do
				[[ ${kept[$i]%%=*} == "$key" ]] && unset 'kept[i]'
			done
		fi
		kept+=("$line")
	done
	((${#kept[@]} == 0)) || printf '%s\n' "${kept[@]}"
}

# configure writes the instance's neo4j.conf: the settings this script
# manages (anew at every start: ports, memory, directories, plugins), then
# MARKER and the instance's own settings (kept); and, before the first
# start, the initial password.
configure() {
	mkdir -p "$INST"/{conf,data,logs,run,import,plugins}
	ln -sfn "$DIST/lib" "$INST/lib"
	local want own gds_conf=
	want=$(plugins)
	install_plugins "$want"
	own=$(own_settings)
	if [[ ,$want, == *,gds,* ]]; then
		gds_conf="# Graph Data Science (NEO4J_PLUGINS=gds)
dbms.security.procedures.unrestricted=gds.*"
	fi
	cat >"$INST/conf/neo4j.conf.tmp" <<EOF
# written by scripts/neo4j.sh: the settings down to the marker line are
# written anew at every start, the lines below it are kept
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$NEO4J_BOLT_PORT
server.bolt.advertised_address=127.0.0.1:$NEO4J_BOLT_PORT
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
server.memory.heap.initial_size=512m
server.memory.heap.max_size=$NEO4J_HEAP
server.memory.pagecache.size=$NEO4J_PAGECACHE
# no 256 MiB preallocated transaction log per database: a throw-away
# instance stays a few MiB on disk
db.tx_log.preallocate=false
server.directories.data=$INST/data
server.directories.logs=$INST/logs
server.directories.run=$INST/run
server.directories.import=$INST/import
server.directories.plugins=$INST/plugins
server.jvm.additional=--add-opens=java.base/java.nio=ALL-UNNAMED
server.jvm.additional=--add-opens=java.base/java.io=ALL-UNNAMED
server.jvm.additional=--add-opens=java.base/sun.nio.ch=ALL-UNNAMED
server.jvm.additional=--enable-native-access=ALL-UNNAMED
server.jvm.additional=-Dio.netty.tryReflectionSetAccessible=true
server.jvm.additional=-XX:+UseG1GC
server.jvm.additional=-XX:-OmitStackTraceInFastThrow
$gds_conf
$MARKER
$own
EOF
	mv "$INST/conf/neo4j.conf.tmp" "$INST/conf/neo4j.conf"
	if [[ ! -e $INST/data/dbms/auth.ini && ! -e $INST/data/dbms/auth ]]; then
		launch org.neo4j.server.startup.Neo4jAdminCommand dbms set-initial-password "$NEO4J_PASSWORD" >"$INST/logs/set-password.log" 2>&1 ||
			{ cat "$INST/logs/set-password.log" >&2; die "set-initial-password failed"; }
	fi
}

# launch runs Neo4j's own launcher (what bin/neo4j and bin/neo4j-admin run).
launch() {
	NEO4J_HOME=$INST NEO4J_CONF=$INST/conf "$JAVA" -Xmx128m -cp "$INST/lib/*" "$@"
}

pid() {
	[[ -f $PIDFILE ]] || return 1
	local p
	p=$(<"$PIDFILE")
	[[ -n $p ]] && kill -0 "$p" 2>/dev/null || return 1
	# A stale pid file may name a pid reused by another program.
	tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null | grep -qxF -- "--home-dir=$INST" || return 1
	echo "$p"
}

bolt_open() { (exec 3<>"/dev/tcp/127.0.0.1/$NEO4J_BOLT_PORT") 2>/dev/null; }

logsize() { stat -c %s "$INST/logs/neo4j.log" 2>/dev/null || echo 0; }

start() {
	if p=$(pid) && bolt_open; then
		echo "neo4j.sh: already running (pid $p) on bolt://127.0.0.1:$NEO4J_BOLT_PORT" >&2
		return 0
	fi
	if ! pid >/dev/null && bolt_open; then
		die "port $NEO4J_BOLT_PORT on 127.0.0.1 is taken by another process (set NEO4J_BOLT_PORT)"
	fi
	fetch
	configure
	local from
	from=$(logsize)
	if ! pid >/dev/null; then
		launch org.neo4j.server.startup.Neo4jCommand start >"$INST/logs/launcher.log" 2>&1 ||
			{ cat "$INST/logs/launcher.log" >&2; die "the Neo4j launcher failed"; }
	fi
	local deadline=$((SECONDS + NEO4J_START_TIMEOUT))
	while ((SECONDS < deadline)); do
		if ! pid >/dev/null; then
			echo "neo4j.sh: Neo4j exited during start; log tail:" >&2
			tail -n 40 "$INST/logs/neo4j.log" >&2 2>/dev/null || cat "$INST/logs/launcher.log" >&2
			exit 1
		fi
		if bolt_open && tail -c +$((from + 1)) "$INST/logs/neo4j.log" 2>/dev/null | grep -q 'INFO  Started\.'; then
			local pl=
			[[ -f $INST/conf/plugins ]] && pl=$(<"$INST/conf/plugins")
			echo "neo4j.sh: Neo4j $NEO4J_VERSION running (pid $(pid)) on bolt://127.0.0.1:$NEO4J_BOLT_PORT${pl:+, plugins: $pl}" >&2
			return 0
		fi
		sleep 1
	done
	echo "neo4j.sh: Neo4j did not start within ${NEO4J_START_TIMEOUT}s; log tail:" >&2
	tail -n 40 "$INST/logs/neo4j.log" >&2 2>/dev/null || true
	exit 1
}

stop() {
	if ! p=$(pid); then
		echo "neo4j.sh: not running" >&2
		return 0
	fi
	if [[ -e $INST/lib/.complete ]]; then
		launch org.neo4j.server.startup.Neo4jCommand stop >"$INST/logs/launcher.log" 2>&1 || true
	fi
	# The launcher waits for a clean shutdown; make sure even if it could not.
	local deadline=$((SECONDS + 120))
	while kill -0 "$p" 2>/dev/null && ((SECONDS < deadline)); do
		kill -TERM "$p" 2>/dev/null || true
		sleep 1
	done
	if kill -0 "$p" 2>/dev/null; then
		kill -KILL "$p" 2>/dev/null || true
	fi
	rm -f "$PIDFILE"
	echo "neo4j.sh: stopped" >&2
}

status() {
	if p=$(pid); then
		if bolt_open; then
			echo "running (pid $p) on bolt://127.0.0.1:$NEO4J_BOLT_PORT, Neo4j $NEO4J_VERSION, $INST"
		else
			echo "starting (pid $p), bolt://127.0.0.1:$NEO4J_BOLT_PORT not answering yet"
		fi
		return 0
	fi
	echo "stopped ($INST)"
	return 3
}

env_lines() {
	cat <<EOF
export NEO4J_URI=bolt://127.0.0.1:$NEO4J_BOLT_PORT
export NEO4J_USERNAME=neo4j
export NEO4J_PASSWORD=$NEO4J_PASSWORD
export NEO4J_DATABASE=neo4j
export NEO4J_IMPORT_DIR=$INST/import
export NEO4J_PID_FILE=$PIDFILE
EOF
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
env) env_lines ;;
clean)
	stop
	rm -rf "$INST"
	;;
*)
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac
