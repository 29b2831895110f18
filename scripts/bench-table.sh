#!/bin/bash
# Print the table of make bench from its samples and sizes.
# usage: bench-table.sh SAMPLES SIZES
#   SAMPLES  lines "MODE KERNEL ROUND METRIC NS", KERNEL base or patched,
#            NS the time of one iteration in one run of ras_perf_test
#   SIZES    lines "KERNEL STRUCT BYTES" (scripts/kvm-sizes.sh)
# Under QEMU -icount shift=0 a nanosecond is one instruction (bench.sh).
# A boot's figure for a metric is the median of its runs. Hot paths: for each
# round, base time / patched time, i.e. the patched kernel's speed relative
# to the base (1.00 = as fast, below 1 = slower). Own paths: for each boot,
# the path's time / the MMIO round trip's time in that boot. Each row gives
# min, median and max over the rounds. Exit status 1 when a median misses its
# target or struct kvm_vcpu grew.
set -euo pipefail
samples=$1 sizes=$2

awk -v sizes="$sizes" '
function sorted(s, a,   n, i, j, t) {
	n = split(s, a, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n
}
function median(s,   a, n) {
	n = sorted(s, a)
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function row(label, s, target,   a, n, m) {
	n = sorted(s, a)
	if (!n) {
		printf "| %-40s | %6s | %6s | %6s | %-8s |\n", label, "-", "-", "-", "skipped"
		return
	}
	m = median(s)
	printf "| %-40s | %6.3f | %6.3f | %6.3f | %-8s |\n", label, a[1], m, a[n], target
	if ((target ~ /^>=/ && m < substr(target, 4) + 0) ||
	    (target ~ /^<=/ && m > substr(target, 4) + 0))
		missed = missed "\n  " curmode ": " label ": median " sprintf("%.3f", m) ", target " target
}
{
	key = $1 SUBSEP $2 SUBSEP $3 SUBSEP $4
	runs[key] = runs[key] " " $5
	modes[$1] = 1; rounds[$3] = 1; metrics[$4] = 1
}
END {
	while ((getline l < sizes) > 0) {
		split(l, f, " ")
		size[f[1], f[2]] = f[3]; structs[f[2]] = 1
	}
	for (k in runs)
		med[k] = median(runs[k])
	n = 0
	for (m in modes) {
		curmode = m
		hot["mmio"] = hot["hvc"] = hot["s2fault"] = ""
		own["sea"] = own["poison"] = own["poison_base"] = ""
		own["mmioabort"] = own["mmioabort_base"] = ""
		abs_b = abs_p = ""
		for (r in rounds) {
			for (x in hot) {
				b = med[m, "base", r, x]; p = med[m, "patched", r, x]
				if (b && p)
					hot[x] = hot[x] " " b / p
			}
			mm = med[m, "patched", r, "mmio"]
			if (med[m, "patched", r, "sea"])
				own["sea"] = own["sea"] " " med[m, "patched", r, "sea"] / mm
			own["poison"] = own["poison"] " " med[m, "patched", r, "poison"] / mm
			own["poison_base"] = own["poison_base"] " " \
				med[m, "base", r, "poison"] / med[m, "base", r, "mmio"]
			own["mmioabort"] = own["mmioabort"] " " \
				med[m, "patched", r, "mmioabort"] / mm
			own["mmioabort_base"] = own["mmioabort_base"] " " \
				med[m, "base", r, "mmioabort"] / med[m, "base", r, "mmio"]
		}
		printf "%s mode, %d rounds (one base and one patched boot each):\n", m, length(rounds)
		printf "| %-40s | %6s | %6s | %6s | %-8s |\n", "measurement", "min", "median", "max", "target"
		printf "|%s|%s|%s|%s|%s|\n", "------------------------------------------", \
			"--------", "--------", "--------", "----------"
		row("MMIO exit: patched speed / base", hot["mmio"], ">= 0.98")
		row("HVC exit: patched speed / base", hot["hvc"], ">= 0.98")
		row("stage-2 faults: patched speed / base", hot["s2fault"], ">= 0.98")
		row("SEA round trip / MMIO round trip", own["sea"], "<= 1.2")
		row("poison round trip / MMIO (patched)", own["poison"], "")
		row("poison round trip / MMIO (base)", own["poison_base"], "")
		row("MMIO answered by abort / MMIO (patched)", own["mmioabort"], "")
		row("MMIO answered by abort / MMIO (base)", own["mmioabort_base"], "")
		printf "Medians of one iteration, in instructions (base / patched):\n"
		split("mmio hvc s2fault sea poison mmioabort ioctl svc", names, " ")
		for (i = 1; i <= 8; i++) {
			b = p = ""
			for (r in rounds) {
				if (med[m, "base", r, names[i]])
					b = b " " med[m, "base", r, names[i]]
				if (med[m, "patched", r, names[i]])
					p = p " " med[m, "patched", r, names[i]]
			}
			printf "  %s %s / %s\n", names[i], b == "" ? "-" : median(b), \
				p == "" ? "-" : median(p)
		}
		printf "\n"
	}
	printf "| %-40s | %6s | %7s | %5s | %-8s |\n", "structure size (bytes)", "base", "patched", "delta", "target"
	printf "|%s|%s|%s|%s|%s|\n", "------------------------------------------", \
		"--------", "---------", "-------", "----------"
	split("kvm_vcpu kvm kvm_vcpu_arch kvm_arch", st, " ")
	for (i = 1; i <= 4; i++)
		printf "| struct %-33s | %6d | %7d | %+5d | %-8s |\n", st[i], size["base", st[i]], \
			size["patched", st[i]], size["patched", st[i]] - size["base", st[i]], \
			st[i] == "kvm_vcpu" ? "0" : ""
	if (size["patched", "kvm_vcpu"] != size["base", "kvm_vcpu"])
		missed = missed "\n  struct kvm_vcpu grew"
	if (missed != "") {
		printf "bench: targets missed:%s\n", missed
		exit 1
	}
	print "bench: every target met"
}' "$samples"
