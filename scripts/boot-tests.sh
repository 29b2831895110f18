#!/bin/bash
# Boot the test kernel under QEMU in one mode and run a list of tests.
# usage: boot-tests.sh MODE NAME LIST...
#   MODE  vhe | nvhe | uefi
#   NAME  names the run: build/logs/NAME.log, build/initramfs/NAME.cpio
#   LIST  tests/*.list files; lines "name modes timeout [uid=N] path
#         [args...]", run when MODE is in the comma-separated modes (or
#         modes is "all"); uid=N runs the test as that user
# The serial log is kept in build/logs/NAME.log; scripts/summarize.sh reads it.
# TIMEOUT_SCALE multiplies every test's timeout (a debug kernel is slower).
# QEMU_ARGS adds options to the QEMU command line.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
obj=${OBJ:-$top/build/obj}
kst=${SELFTESTS:-$top/build/selftests}
mode=$1 name=$2
shift 2

case "$mode" in
vhe)	machine=virt,virtualization=on,gic-version=3; bios=(); extra="" ;;
nvhe)	machine=virt,virtualization=on,gic-version=3; bios=(); extra="kvm-arm.mode=nvhe" ;;
uefi)	machine=virt,virtualization=on,gic-version=3,ras=on
	bios=(-bios /usr/share/qemu-efi-aarch64/QEMU_EFI.fd); extra="acpi=force" ;;
*)	echo "boot-tests: unknown mode $mode" >&2; exit 2 ;;
esac

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$top/build/logs" "$top/build/initramfs"
log=$top/build/logs/$name.log
cpio=$top/build/initramfs/$name.cpio
# A boot that fails must not leave an earlier run's log to be summarised
rm -f "$log" "$top/build/logs/$name.list"

# The list for this boot, and the initramfs spec for gen_init_cpio.
total=0
{
	echo "dir /bin 755 0 0"
	echo "dir /dev 755 0 0"
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "file /init $top/build/init 755 0 0"
	echo "file /tests.list $stage/tests.list 644 0 0"
} > "$stage/spec"
declare -A dirs=() files=()
for list in "$@"; do
	while read -r tname modes timeout path args; do
		case "$tname" in ''|'#'*) continue ;; esac
		case ",$modes," in *",$mode,"*|*,all,*) ;; *) continue ;; esac
		timeout=$((timeout * ${TIMEOUT_SCALE:-1}))
		echo "$tname $timeout $path $args" >> "$stage/tests.list"
		if [[ $path == uid=* ]]; then
			path=${args%% *}
		fi
		total=$((total + timeout))
		d=$(dirname "$path")
		if [ "$d" != . ] && [ -z "${dirs[$d]:-}" ]; then
			dirs[$d]=1
			echo "dir /bin/$d 755 0 0" >> "$stage/spec"
		fi
		if [ -z "${files[$path]:-}" ]; then
			files[$path]=1
			[ -x "$kst/$path" ] || { echo "boot-tests: $kst/$path not built" >&2; exit 1; }
			echo "file /bin/$path $kst/$path 755 0 0" >> "$stage/spec"
		fi
	done < "$list"
done
touch "$stage/tests.list"
# EXTRA_SPEC: more gen_init_cpio lines (kselftest-run.sh's install tree)
[ -z "${EXTRA_SPEC:-}" ] || cat "$EXTRA_SPEC" >> "$stage/spec"
"$obj/usr/gen_init_cpio" "$stage/spec" > "$cpio"
cp "$stage/tests.list" "$top/build/logs/$name.list"

cmdline="console=ttyAMA0 earlycon panic=-1 oops=panic $extra ${CMDLINE:-}"
limit=$((total + 180))
echo "boot-tests: $name: mode $mode, $(wc -l < "$stage/tests.list") tests, limit ${limit}s, log $log"
start=$(date +%s)
set +e
timeout --foreground -k 10 "$limit" \
	qemu-system-aarch64 -machine "$machine" -cpu max,pauth-impdef=on \
	-smp "${SMP:-2}" -m "${MEM:-4096}" -nographic -no-reboot \
	"${bios[@]}" -kernel "$obj/arch/arm64/boot/Image" -initrd "$cpio" \
	${QEMU_ARGS:-} -append "$cmdline" < /dev/null > "$log" 2>&1
rc=$?
set -e
echo "boot-tests: $name: qemu exited $rc after $(($(date +%s) - start)) s"
[ $rc = 124 ] && echo "# boot-tests: TIMEOUT: the whole boot hit its ${limit}s limit" >> "$log"
# summarize.sh judges the log (init must have finished); QEMU itself
# must have exited 0
exit $rc
